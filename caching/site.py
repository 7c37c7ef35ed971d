"""The site's settings as every page reads them: from the cache, from the database once
after each change (``invalidation.py`` forgets them when the change commits)."""

from django.core.cache import cache

from articles.models import SiteSettings

from .outage import quietly

# Bump the suffix when the fields change, so no release reads an older pickle.
KEY = "newsroom:site-settings:1"
# Saving clears the shared cache once it commits; an in-process cache on another app
# server (no REDIS_URL) catches up within this many seconds.
SECONDS = 300


def site_settings():
    """The settings readers see (a ``SiteSettings``, saved or the defaults)."""
    found = quietly(cache.get, KEY)  # None when Redis is down: read the row, as on a cold cache
    if found is None:
        found = SiteSettings.load()
        quietly(cache.set, KEY, found, SECONDS)
    return found


def forget_site_settings():
    """Forget the kept copy; raises the cache's error when its server is down."""
    cache.delete(KEY)
