"""A cache server that is down makes pages slower, never broken, and costs little.

Every call the reader pages make to the cache goes through ``call`` (or ``quietly``).
A failure is logged, and the caller builds the page from the database instead.
It also opens a small *circuit breaker*: for
``NEWSROOM_CACHE_RETRY_SECONDS`` this process does not try the cache at all (no
connection attempt, no timeout to wait out), then one request tries it again. So
with the server down, pages cost about what they cost with no cache configured.
"""

import logging
import time

from django.conf import settings

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError

logger = logging.getLogger("newsroom.cache")

# What a cache server that is down or unreachable raises.
CACHE_ERRORS = (RedisError, ConnectionError, OSError, TimeoutError)


class CacheDown(Exception):
    """The cache server could not be reached (now, or a moment ago)."""


class _Breaker:
    """When this process last found the cache down, and until when it leaves it alone."""

    def __init__(self):
        self.closed_until = 0.0

    def is_open(self):
        """Whether calls are being skipped right now."""
        return time.monotonic() < self.closed_until

    def trip(self):
        self.closed_until = time.monotonic() + settings.NEWSROOM_CACHE_RETRY_SECONDS

    def reset(self):
        self.closed_until = 0.0


breaker = _Breaker()


def guarded(function, *args):
    """``function(*args)`` on the cache; raises CacheDown when it fails or recently failed."""
    if breaker.is_open():
        raise CacheDown("skipped: the cache server was down a moment ago")
    try:
        return function(*args)
    except CACHE_ERRORS as error:
        breaker.trip()
        # Once per retry period and process, not once per request.
        logger.warning(
            "Cache unavailable, serving uncached for %ss: %s",
            settings.NEWSROOM_CACHE_RETRY_SECONDS,
            error,
        )
        raise CacheDown(str(error)) from error


def call(request, function, *args):
    """``guarded`` for a reader request, which is marked: the rest of it skips the cache."""
    try:
        return guarded(function, *args)
    except CacheDown:
        request._page_cache_down = True
        raise


def quietly(function, *args, default=None):
    """``function(*args)`` on the cache, or ``default`` when it is down (for optional lookups)."""
    try:
        return guarded(function, *args)
    except CacheDown:
        return default


def found_down(request):
    """Whether this request already found the cache server down."""
    return getattr(request, "_page_cache_down", False)
