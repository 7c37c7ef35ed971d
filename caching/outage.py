"""A cache server that is down makes pages slower, never broken.

Every call the page cache and the fragments make goes through ``call``: the first
failure in a request is logged once, and the caller builds the page from the
database instead.
"""

import logging

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError

logger = logging.getLogger("newsroom.cache")

# What a cache server that is down or unreachable raises.
CACHE_ERRORS = (RedisError, ConnectionError, OSError, TimeoutError)


class CacheDown(Exception):
    """The cache server could not be reached during this request."""


def call(request, function, *args):
    """Call the cache; if its server is down, log it (once per request) and raise CacheDown."""
    try:
        return function(*args)
    except CACHE_ERRORS as error:
        if not getattr(request, "_page_cache_down", False):
            request._page_cache_down = True
            logger.warning(
                "Page cache unavailable, serving uncached: %s", error, extra={"request": request}
            )
        raise CacheDown from error


def found_down(request):
    """Whether this request already found the cache server down."""
    return getattr(request, "_page_cache_down", False)
