"""Whole-page caching for anonymous readers.

Every cache key carries the site's *content generation*, a number kept in the
cache and bumped by any change readers could see (see ``articles/signals.py``
and the admin's bulk actions). A bump orphans every cached page at once, so no
page has to know which stories, tags or bylines it shows. A page is also never
kept past the next scheduled ``publish_at``, so a post goes live on its minute.

It is a view decorator rather than a middleware: it wraps the reader views
alone (the admin, previews and ``/healthz`` never come near it), and the
project's middleware still runs on every hit, so the security headers are
always today's. Reader pages use no CSP nonce; a page that did is not kept.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from .models import Article

logger = logging.getLogger("newsroom.cache")

GENERATION_KEY = "pages:generation"
# Bumped with the generation by every change except a story's own save, which
# gives its cached card and text new keys by itself (see ``fragments.py``).
LABELS_KEY = "pages:labels"
# The query parameters reader pages understand; any other one is not cached.
CACHEABLE_PARAMS = {"page", "q"}

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError
# What a cache server that is down or unreachable raises.
CACHE_ERRORS = (RedisError, ConnectionError, OSError, TimeoutError)


class _CacheDown(Exception):
    pass


def bump_generation(story_saved=False):
    """Make every cached page stale at once. Called on any change a reader could see.

    ``story_saved``: the change is a story's own save or delete, which leaves the
    other stories' cached cards and texts as they are.
    """
    now = time.time_ns()
    changed = {GENERATION_KEY: now} if story_saved else {GENERATION_KEY: now, LABELS_KEY: now}
    try:
        cache.set_many(changed, timeout=None)
    except CACHE_ERRORS as error:
        # Nothing could be cached while the server is down either; say so and carry on.
        logger.error("Page cache: could not mark pages stale: %s", error)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        # add(), not set(): another process may have just bumped it.
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def _seconds_until_next_go_live(generation):
    """Seconds until the next scheduled story goes live, or None if none is waiting.

    The answer is cached under the generation, so it costs one query per change.
    """
    key = f"pages:{generation}:next-go-live"
    now = timezone.now()
    cached = cache.get(key)
    if cached is None or (cached[0] is not None and cached[0] <= now):
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        cached = (upcoming,)
        cache.set(key, cached, timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS)
    upcoming = cached[0]
    return None if upcoming is None else (upcoming - now).total_seconds()


def _cache_key(request, generation):
    params = "&".join(
        f"{name}={value}" for name, value in sorted(request.GET.items()) if name in CACHEABLE_PARAMS
    )
    scheme = "https" if request.is_secure() else "http"
    # Hashed: the query can hold spaces and quotes, which some cache servers refuse.
    url = f"{scheme}://{request.get_host()}{request.path}?{params}"
    return f"pages:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"


def _is_reader_request(request):
    """Anonymous GET or HEAD with nothing in the query string but ``page`` and ``q``."""
    return (
        request.method in ("GET", "HEAD")
        and set(request.GET) <= CACHEABLE_PARAMS
        and not request.user.is_authenticated
    )


def _is_storable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not getattr(request, "_csp_nonce", None)  # a nonce is per request
    )


def _add_http_caching(response):
    """Let browsers and CDNs keep the page a little, and revalidate it cheaply."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.NEWSROOM_HTTP_MAX_AGE,
        stale_while_revalidate=settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE,
    )
    set_response_etag(response)
    # When this copy was made: a story published since makes a newer one.
    response["Last-Modified"] = http_date()


def reader_page(view):
    """Serve ``view`` from the page cache to anonymous readers, and keep what it renders."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_reader_request(request):
            return view(request, *args, **kwargs)
        use_cache = settings.NEWSROOM_PAGE_CACHE
        key = generation = None
        if use_cache:
            try:
                generation = _call(request, _generation)
                key = _cache_key(request, generation)
                cached = _call(request, cache.get, key)
            except _CacheDown:
                use_cache, cached = False, None
            # The expiry is checked here too: a cache server's clock and rounding are its own.
            if cached is not None and time.time() < cached[0]:
                return cached[1]
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not _is_storable(request, response):
            return response
        _add_http_caching(response)
        if use_cache:
            _store(request, response, key, generation)
        return response

    return wrapper


def _store(request, response, key, generation):
    timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
    try:
        until_go_live = _call(request, _seconds_until_next_go_live, generation)
        if until_go_live is not None:
            # Rounded down: the copy is gone by the time the story goes live.
            timeout = min(timeout, int(until_go_live))
        if timeout > 0:
            _call(request, cache.set, key, (time.time() + timeout, response), timeout)
    except _CacheDown:
        pass


def _call(request, function, *args):
    """Call the cache; if its server is down, log it (once per request) and raise _CacheDown."""
    try:
        return function(*args)
    except CACHE_ERRORS as error:
        if not getattr(request, "_page_cache_down", False):
            request._page_cache_down = True
            logger.warning(
                "Page cache unavailable, serving uncached: %s", error, extra={"request": request}
            )
        raise _CacheDown from error
