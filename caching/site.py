"""The site's settings as every page reads them: from the cache, from the database once
after each change (``invalidation.py`` forgets them)."""

import contextlib

from django.core.cache import cache

from articles.models import SiteSettings

from .outage import CACHE_ERRORS

# Bump the suffix when the fields change, so no release reads an older pickle.
KEY = "newsroom:site-settings:1"
# Saving clears the shared cache at once; an in-process cache on another app
# server (no REDIS_URL) catches up within this many seconds.
SECONDS = 300


def site_settings():
    """The settings readers see (a ``SiteSettings``, saved or the defaults)."""
    try:
        found = cache.get(KEY)
    except CACHE_ERRORS:
        found = None  # Redis is down: read the row, as on a cold cache
    if found is None:
        found = SiteSettings.load()
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(KEY, found, SECONDS)
    return found


def forget_site_settings():
    with contextlib.suppress(*CACHE_ERRORS):  # a cache that is down holds nothing stale
        cache.delete(KEY)
