from django.utils.functional import SimpleLazyObject

from articles.models import Page, Section
from caching.site import site_settings


def site(request):
    """The site's settings, its sections and its own pages, for the header and footer
    of every page.

    All are lazy: pages that never show the header (the admin) never look
    them up. The settings come from the cache; a change to any purges every page
    (the ``site`` key).
    """
    current = SimpleLazyObject(site_settings)

    def sections():
        return list(Section.objects.only("name", "slug"))

    def pages():
        return list(Page.objects.filter(in_footer=True).only("title", "slug"))

    return {
        "site": current,
        "site_name": SimpleLazyObject(lambda: current.name),
        "site_description": SimpleLazyObject(lambda: current.description),
        "nav_sections": SimpleLazyObject(sections),
        "footer_pages": SimpleLazyObject(pages),
    }
