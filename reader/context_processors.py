from django.utils.functional import SimpleLazyObject

from articles.models import Section
from caching.site import site_settings


def site(request):
    """The site's settings and its sections, for the header and footer of every page.

    Both are lazy: pages that never show the header (the admin) never look
    them up. The settings come from the cache; a change to either purges every page
    (the ``site`` key).
    """
    current = SimpleLazyObject(site_settings)

    def sections():
        return list(Section.objects.only("name", "slug"))

    return {
        "site": current,
        "site_name": SimpleLazyObject(lambda: current.name),
        "site_description": SimpleLazyObject(lambda: current.description),
        "nav_sections": SimpleLazyObject(sections),
    }
