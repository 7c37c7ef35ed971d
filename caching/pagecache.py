"""Whole-page caching for anonymous readers, purged by key.

``reader_page`` marks the reader views' answers as pages to keep (the admin,
previews and ``/healthz`` never are) and gives them their headers: a short
``max-age`` for browsers, a long life for the edge (``Surrogate-Control``,
``CDN-Cache-Control``) and the keys of what the page shows (``xkey``,
``Surrogate-Key``; see ``keys.py``). ``PageCacheMiddleware`` keeps those pages,
headers and all, and answers later readers with them before any other work.

Every key has a *purge number* in the cache: the number of the last purge that
named it. A page is kept with the purge numbers its keys had, and served only
while they are unchanged; ``purge`` gives keys a new number. A page made from
rows read before a change committed can never outlive that change's purge:

- the request notes the newest purge number (``SEQUENCE``) before the view reads
  any row, in the same round trip that looked for the page;
- when it is done, the page is kept only if none of its keys was purged since
  then, and it is kept with the numbers read at that moment, so a purge landing
  after the check still makes it stale.

A hit is one round trip: the page and the purge numbers of the keys this process
last saw it with (``_keys_of``, a guess that is checked; a wrong guess costs a
second round trip, never a stale page). Keys name the release (``release()``),
so a deployment with other templates never serves an older one's pages; purge
numbers do not, so a purge reaches both while two releases run side by side.
"""

import contextlib
import functools
import hashlib
import time
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from . import invalidation, keys
from .invalidation import apply_pending_now_and_then
from .outage import CacheDown, call

SEQUENCE = "purge:sequence"
# The query parameters reader pages understand; any other one is not cached.
# ``since``: the revision a live story's page has (reader/live.py).
CACHEABLE_PARAMS = {"page", "q", "since"}
# The folders whose code and templates make the pages (see ``release``).
CODE_FOLDERS = ("articles", "library", "search", "caching", "reader", "api", "newsroom")


def purge_key(key):
    return f"purge:{key}"


def purge(names):
    """Make every kept page showing any of ``names`` stale; raises the cache's error."""
    number = _next_number()
    cache.set_many({purge_key(name): number for name in names}, timeout=None)


def _next_number():
    try:
        return cache.incr(SEQUENCE)
    except ValueError:  # never purged, or the cache server was emptied: start again
        # Above any number a page could hold from before, whatever the server lost.
        cache.add(SEQUENCE, time.time_ns() // 1000, timeout=None)
        return cache.incr(SEQUENCE)


@functools.cache
def release():
    """What names this deployment in page keys: a new one never uses an older one's pages.

    ``NEWSROOM_RELEASE`` (a commit id, say) when set; otherwise a digest of the
    templates, the code and the static files' manifest, read once per process.
    """
    if settings.NEWSROOM_RELEASE:
        return settings.NEWSROOM_RELEASE
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    files = sorted(base.glob("templates/**/*.html"))
    for folder in CODE_FOLDERS:
        files += sorted(base.glob(f"{folder}/**/*.html")) + sorted(base.glob(f"{folder}/**/*.py"))
    manifest = Path(settings.STATIC_ROOT or base) / "staticfiles.json"
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


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
    """GET or HEAD with nothing in the query string but ``CACHEABLE_PARAMS`` (any, for
    the API)."""
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


def _add_http_caching(request, response):
    """Browsers keep the page a minute; the edge a day, purged by the page's keys."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.NEWSROOM_HTTP_MAX_AGE,
        stale_while_revalidate=settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE,
    )
    edge = (
        f"max-age={settings.NEWSROOM_EDGE_MAX_AGE}, "
        f"stale-while-revalidate={settings.NEWSROOM_EDGE_STALE_SECONDS}, "
        f"stale-if-error={settings.NEWSROOM_EDGE_STALE_SECONDS}"
    )
    response["Surrogate-Control"] = response["CDN-Cache-Control"] = edge
    names = " ".join(keys.shown(request))
    response["xkey"] = response["Surrogate-Key"] = names
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
            _add_http_caching(request, response)
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
        if settings.NEWSROOM_PAGE_CACHE:
            # Changes the cache missed when they were saved are purged now, before
            # any page is read from it.
            apply_pending_now_and_then()
        if not (settings.NEWSROOM_PAGE_CACHE and _may_be_cached(request)):
            return self.get_response(request)
        key = _cache_key(request)
        try:
            kept, started = _look_up(request, key)
        except CacheDown:
            return self.get_response(request)
        if kept is not None:
            return HttpResponse(kept[3], status=kept[1], headers=kept[2])
        response = self.get_response(request)
        if getattr(request, "_reader_page", False) and _is_storable(request, response):
            with contextlib.suppress(CacheDown):
                _store(request, response, key, started)
        return response


# The keys each page had when this process last saw it, so that a hit reads the page
# and its keys' purge numbers in one round trip. Only a guess: it is checked.
_keys_of = {}
KEYS_REMEMBERED = 10_000


def _look_up(request, key):
    """The kept page at ``key`` if none of its keys was purged since it was made, and
    the newest purge number (None when nothing was ever purged)."""
    guess = _keys_of.get(key, ())
    found = call(request, cache.get_many, [key, SEQUENCE, *map(purge_key, guess)])
    started = found.get(SEQUENCE)
    kept = found.get(key)
    if kept is None:
        return None, started
    numbers = kept[0]
    if set(guess) != set(numbers):
        _remember(key, numbers)
        unread = [purge_key(name) for name in numbers if name not in guess]
        if unread:
            found.update(call(request, cache.get_many, unread))
    if all(found.get(purge_key(name)) == number for name, number in numbers.items()):
        return kept, started
    return None, started


def _remember(key, names):
    if len(_keys_of) >= KEYS_REMEMBERED:
        _keys_of.clear()
    _keys_of[key] = tuple(names)


def _may_be_cached(request):
    # No session cookie at all: the session and user need not be loaded to know.
    return _asks_for_a_page(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _store(request, response, key, started):
    """Keep the page, unless one of its keys was purged after the request began."""
    names = keys.shown(request)
    wanted = [purge_key(name) for name in names]
    found = call(request, cache.get_many, [SEQUENCE, *wanted])
    now = found.get(SEQUENCE)
    missing = {
        name: now or 0 for name, pkey in zip(names, wanted, strict=True) if pkey not in found
    }
    if missing:
        # A key never purged (or forgotten by the server) starts at the newest number.
        for name, number in missing.items():
            call(request, cache.add, purge_key(name), number, None)
        found.update(call(request, cache.get_many, [purge_key(name) for name in missing]))
    numbers = {name: found.get(purge_key(name)) for name in names}
    if any(number is None or number > (started or 0) for number in numbers.values()):
        return  # purged while this page was being made: the next reader makes it again
    value = (numbers, response.status_code, list(response.headers.items()), response.content)
    call(request, cache.set, key, value, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    _remember(key, names)
