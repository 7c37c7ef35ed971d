"""What every page's header and footer show: the site's settings, its sections and its
own pages, read from the cache, from the database once after each change
(``invalidation.py`` forgets them when a change touching ``site`` commits)."""

from django.core.cache import cache

from articles.models import Page, Section, SiteSettings

from .outage import quietly

# Bump the suffix when what is kept changes, so no release reads an older pickle.
KEY = "newsroom:site:3"
# Saving clears the shared cache once it commits; an in-process cache on another app
# server (no REDIS_URL) catches up within this many seconds.
SECONDS = 300


def site_furniture():
    """``{"settings": SiteSettings, "sections": [Section], "pages": [Page]}``: the
    settings readers see (saved, or the defaults), the sections in the header's
    order and the site's pages listed in the footer, with their names and addresses."""
    found = quietly(cache.get, KEY)  # None when Redis is down: read the rows, as on a cold cache
    if found is None:
        found = {
            "settings": SiteSettings.load(),
            "sections": list(Section.objects.only("name", "slug")),
            "pages": list(Page.objects.filter(in_footer=True).only("title", "slug")),
        }
        quietly(cache.set, KEY, found, SECONDS)
    return found


def site_settings():
    """The settings readers see (a ``SiteSettings``, saved or the defaults)."""
    return site_furniture()["settings"]


def forget_site_settings():
    """Forget the kept copy; raises the cache's error when its server is down."""
    cache.delete(KEY)
