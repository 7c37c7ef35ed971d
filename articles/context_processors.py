from django.utils.functional import SimpleLazyObject

from .models import Section, SiteSettings


def site(request):
    """The site's settings and its sections, for the header and footer of every page.

    Both are lazy: pages that never show the header (the admin) never look
    them up. The settings come from the cache, so the header costs one query
    (the sections) at most.
    """
    current = SimpleLazyObject(SiteSettings.current)
    return {
        "site": current,
        "site_name": SimpleLazyObject(lambda: current.name),
        "site_description": SimpleLazyObject(lambda: current.description),
        "nav_sections": Section.objects.only("name", "slug"),
    }
