from django.utils.functional import SimpleLazyObject

from caching.site import site_furniture


def site(request):
    """The site's settings, its sections and its own pages, for the header and footer
    of every page.

    All lazy, and read together from the cache in one look (``caching/site.py``):
    pages that never show the header (the admin) never ask. A change to any of them
    purges every page (the ``site`` key) and forgets the kept copy.
    """
    found = {}

    def part(name):
        def load():
            if not found:
                found.update(site_furniture())
            return found[name]

        return SimpleLazyObject(load)

    current = part("settings")
    return {
        "site": current,
        "site_name": SimpleLazyObject(lambda: current.name),
        "site_description": SimpleLazyObject(lambda: current.description),
        "nav_sections": part("sections"),
        "footer_pages": part("pages"),
    }
