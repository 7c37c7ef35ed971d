"""Whole-page caching for anonymous readers.

Every cached page carries the site's *content generation* it was made in, a
number kept in the cache and bumped by any change readers could see (see
``invalidation.py``). A bump orphans every cached page at once, so no
page has to know which stories, tags or bylines it shows. A page is also never
kept past the next scheduled ``publish_at``, so a post goes live on its minute.

``reader_page`` marks the reader views' answers as pages to keep (the admin,
previews and ``/healthz`` never are); ``PageCacheMiddleware`` keeps them finished,
headers and all, and answers later readers with them before any other work.
Every key names the release, so a deployment with other templates or other
security headers never serves an older one's pages. Reader pages use no CSP
nonce; a page that did is not kept.

With a shared cache server, each process also keeps the pages it served last
(``NEWSROOM_LOCAL_PAGES``, see ``Nearby``) and answers from them without a round
trip while the version numbers it last read are under
``NEWSROOM_LOCAL_PAGE_SECONDS`` old: a change made elsewhere reaches its readers
that much later, a change made in this process at once.
"""

import contextlib
import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from . import invalidation, versions
from .invalidation import apply_pending_now_and_then
from .outage import CacheDown, call
from .versions import GENERATION_KEY, LABELS_KEY, release, seconds_until_next_go_live, version

VERSION_KEYS = (GENERATION_KEY, LABELS_KEY)

# The query parameters reader pages understand; any other one is not cached.
CACHEABLE_PARAMS = {"page", "q"}


def _is_api(request):
    """The read API answers by all its parameters, so each combination is its own page."""
    return request.path.startswith(f"/{settings.NEWSROOM_API_PATH}")


def _cache_key(request):
    """The page's key: its address, with the release (other templates, other headers)."""
    params = "&".join(
        f"{name}={value}"
        for name, values in sorted(request.GET.lists())
        for value in values
        if name in CACHEABLE_PARAMS or _is_api(request)
    )
    scheme = "https" if request.is_secure() else "http"
    # Hashed: the query can hold spaces and quotes, which some cache servers refuse.
    url = f"{scheme}://{request.get_host()}{request.path}?{params}"
    digest = hashlib.sha256(f"{release()}:{url}".encode()).hexdigest()
    return f"pages:{digest}"


def _asks_for_a_page(request):
    """GET or HEAD with nothing in the query string but ``page`` and ``q`` (any, for the API)."""
    return request.method in ("GET", "HEAD") and (
        set(request.GET) <= CACHEABLE_PARAMS or _is_api(request)
    )


def signed_in(request):
    """Whether someone is signed in; without a session cookie, known without a session."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _is_reader_request(request):
    return _asks_for_a_page(request) and not signed_in(request)


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
    patch_vary_headers(response, ("Cookie",))  # signed-in editors get their own
    set_response_etag(response)
    # When this copy was made: a story published since makes a newer one.
    response["Last-Modified"] = http_date()


def reader_page(view):
    """Mark what ``view`` answers anonymous readers as a page to keep (see the middleware)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _is_reader_request(request) and _is_storable(request, response):
            _add_http_caching(response)
            request._reader_page = True
        return response

    return wrapper


class PageCacheMiddleware:
    """Answers anonymous readers from the page cache, and keeps the pages they are sent.

    It sits just inside ``ConditionalGetMiddleware`` (so a kept page still answers
    304) and before everything else: a kept page is the finished answer, with the
    headers the middleware below added when it was made, so a hit costs one cache
    round trip and nothing more. Only requests with no session cookie are looked
    up (nobody signed in can have one); only pages ``reader_page`` marked are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        invalidation.serves_pages = True

    def __call__(self, request):
        if settings.NEWSROOM_PAGE_CACHE or settings.NEWSROOM_FRAGMENT_CACHE:
            # Changes the cache missed when they were saved are marked now, before
            # any page is read from it.
            apply_pending_now_and_then()
        if not _may_be_cached(request):
            return self.get_response(request)
        if not settings.NEWSROOM_PAGE_CACHE:
            if settings.NEWSROOM_FRAGMENT_CACHE:
                with contextlib.suppress(CacheDown):
                    _read_versions(request, call(request, cache.get_many, VERSION_KEYS))
            return self.get_response(request)
        key = _cache_key(request)
        kept = nearby.get(key)
        if kept is not None:
            return _answer(kept)
        # One round trip: the page and the version numbers it must have been made in.
        try:
            found = call(request, cache.get_many, [*VERSION_KEYS, key])
            generation = _read_versions(request, found)[0]
        except CacheDown:
            nearby.forget_versions()
            return self.get_response(request)
        nearby.saw(generation)
        kept = found.get(key)
        # The expiry is checked here too: a cache server's clock and rounding are its own.
        if kept is not None and kept[0] == generation and time.time() < kept[1]:
            nearby.keep(key, kept)
            return _answer(kept)
        response = self.get_response(request)
        if getattr(request, "_reader_page", False) and _is_storable(request, response):
            _store(request, response, key, generation)
        return response


def _answer(kept):
    """A new response from a kept page: (generation, expiry, status, headers, content)."""
    return HttpResponse(kept[4], status=kept[2], headers=kept[3])


class Nearby:
    """The pages this process served last, kept in its memory beside the shared cache.

    A hit through the cache server costs a round trip and the server's own work,
    which on a busy machine is a third of the page's cost. A page here is used only
    while the generation read from the server is younger than
    ``NEWSROOM_LOCAL_PAGE_SECONDS`` and the page was made in it, and only while this
    process has bumped no version since (its own changes show at once). The pages
    sit in one of Django's in-process caches, which forgets the least recently used
    ones past ``NEWSROOM_LOCAL_PAGES``. Off (0 pages) with an in-process cache,
    which would be the same memory twice.
    """

    def __init__(self):
        self.size, self.pages = None, None
        self.forget_versions()

    def forget_versions(self):
        self.generation, self.read_at, self.bumps = None, 0.0, -1

    def saw(self, generation):
        """The generation the cache server has just answered."""
        self.generation, self.read_at = generation, time.monotonic()
        self.bumps = versions.bumps_here

    def _store(self):
        size = settings.NEWSROOM_LOCAL_PAGES
        if size != self.size:
            self.size = size
            self.pages = LocMemCache(
                f"newsroom-nearby-{id(self)}",
                {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": size, "CULL_FREQUENCY": 10}},
            )
            self.pages.clear()
        return self.pages if size else None

    def get(self, key):
        pages = self._store()
        if pages is None or self.generation is None:
            return None
        age = time.monotonic() - self.read_at
        if age >= settings.NEWSROOM_LOCAL_PAGE_SECONDS or self.bumps != versions.bumps_here:
            return None
        kept = pages.get(key)
        if kept is None or kept[0] != self.generation or time.time() >= kept[1]:
            return None
        return kept

    def keep(self, key, kept):
        pages = self._store()
        if pages is not None:
            pages.set(key, kept, timeout=max(kept[1] - time.time(), 0))

    def clear(self):
        if self.pages is not None:
            self.pages.clear()
        self.forget_versions()


nearby = Nearby()


def _read_versions(request, found):
    """The generation and labels version, read before the view reads any row.

    Kept on the request for the fragments: read in this order, a change committed
    while the page is being made can only leave behind pieces under the old numbers.
    """
    request._cache_versions = tuple(
        found.get(key) or call(request, version, key) for key in VERSION_KEYS
    )
    return request._cache_versions


def _may_be_cached(request):
    # No session cookie at all: the session and user need not be loaded to know.
    return _asks_for_a_page(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _store(request, response, key, generation):
    timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
    try:
        until_go_live = call(request, seconds_until_next_go_live, generation)
        if until_go_live is not None:
            # Rounded down: the copy is gone by the time the story goes live.
            timeout = min(timeout, int(until_go_live))
        if timeout > 0:
            # Plain values rather than the response object: quicker to read back.
            headers = list(response.headers.items())
            value = (generation, time.time() + timeout, response.status_code, headers)
            value += (response.content,)
            call(request, cache.set, key, value, timeout)
            nearby.keep(key, value)
    except CacheDown:
        pass
