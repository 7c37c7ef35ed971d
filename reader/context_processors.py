from django.utils.functional import SimpleLazyObject

from articles.models import Section
from caching.fragments import for_request
from caching.site import site_settings


def site(request):
    """The site's settings and its sections, for the header and footer of every page.

    Both are lazy: pages that never show the header (the admin) never look
    them up. Both come from the cache; the sections are kept until one changes.
    """
    current = SimpleLazyObject(site_settings)

    def sections():
        fragments = for_request(request)
        return fragments.remember(
            fragments.site_key("nav"), lambda: list(Section.objects.only("name", "slug"))
        )

    return {
        "site": current,
        "site_name": SimpleLazyObject(lambda: current.name),
        "site_description": SimpleLazyObject(lambda: current.description),
        "nav_sections": SimpleLazyObject(sections),
    }
