"""Cached pieces of reader pages, used whether or not the whole-page cache is on.

Every reader request still asks the database which stories the page shows (the
story itself, or the ids of a list page), so a publish, an unpublish or a
scheduled go-live shows on the very next request. What is kept is the costly
part: the HTML of each story card and of each story's own text, and a few
answers about lists. Two kinds of key keep them right:

- *Content keys.* A card or a story's text is keyed by the story's id, its
  ``updated_at`` and ``publish_at``, and the *labels version*, which any change
  to what a story shows without being saved itself bumps: a section, a byline,
  a tag, a picture's renditions, the site settings, a bulk action. An edit makes
  a new key, so nothing has to be found and deleted, and one story's publish
  leaves every other card warm.
- *Generation keys.* Answers that depend on other stories (previous and next,
  related stories, how many stories a list has, which story leads the home page)
  carry the content generation (``versions.py``) and are never kept past the
  next scheduled publish time, exactly like whole pages.

Every key also names the release (``release()``), so pieces kept in Redis by the
previous deployment, made with other templates, are never served after it.

When the cache server is down, everything is built from the database and the
failure is logged once per request.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .outage import CacheDown, call, found_down
from .pagecache import signed_in
from .versions import (
    GENERATION_KEY,
    LABELS_KEY,
    release,
    seconds_until_next_go_live,
    version,
)

# Content-keyed pieces never go stale (a change makes a new key); this only
# lets unused ones leave the cache.
CONTENT_SECONDS = 24 * 60 * 60


class Fragments:
    """The cached pieces one request may use; the versions are read once per request."""

    def __init__(self, request):
        self.request = request
        # Signed-in editors always get pages built from the database, like the page
        # cache they never read; and a request that found the cache server down
        # does not try it again.
        self.down = (
            not settings.NEWSROOM_FRAGMENT_CACHE or found_down(request) or signed_in(request)
        )
        self._versions = None

    # Versions -------------------------------------------------------------

    def _load_versions(self):
        """The content generation and the labels version, read in one round trip."""
        if self._versions is None:
            # Read by PageCacheMiddleware before the view ran, when it could.
            self._versions = getattr(self.request, "_cache_versions", None)
        if self._versions is None:
            found = self._cache(cache.get_many, [GENERATION_KEY, LABELS_KEY]) or {}
            self._versions = tuple(
                found.get(key) or self._cache(version, key) for key in (GENERATION_KEY, LABELS_KEY)
            )
        return self._versions

    @property
    def generation(self):
        return self._load_versions()[0]

    @property
    def labels(self):
        return self._load_versions()[1]

    def story_key(self, kind, story, *extra):
        """A content key: changes whenever the story is saved or its labels change."""
        return self._key(
            kind,
            story.pk,
            story.updated_at.timestamp() if story.updated_at else "",
            story.publish_at.timestamp() if story.publish_at else "",
            self.labels,
            *extra,
        )

    def list_key(self, kind, *parts):
        """A generation key: changes with any change readers could see."""
        return self._key(kind, self.generation, *parts)

    def site_key(self, kind, *parts):
        """A key for what depends on the labels alone (sections, tags, authors, settings)."""
        return self._key(kind, self.labels, *parts)

    def _key(self, kind, *parts):
        text = ":".join(str(part) for part in (release(), *parts))
        return f"frag:{kind}:{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}"

    # Reading and keeping ----------------------------------------------------

    def get_many(self, keys):
        if self.down or not keys:
            return {}
        return self._cache(cache.get_many, keys) or {}

    def get(self, key):
        return self.get_many([key]).get(key)

    def keep(self, values, *, until_go_live=False):
        """Store ``{key: value}``; generation-keyed values go before the next go-live."""
        if self.down or not values:
            return
        timeout = CONTENT_SECONDS
        if until_go_live:
            timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
            seconds = self._cache(seconds_until_next_go_live, self.generation)
            if seconds is not None:
                timeout = min(timeout, int(seconds))
            if timeout <= 0:
                return
        self._cache(cache.set_many, values, timeout)

    def remember(self, key, build, *, until_go_live=False):
        """The cached value at ``key``, or ``build()``'s answer, kept for next time."""
        value = self.get(key)
        if value is None:
            value = build()
            self.keep({key: value}, until_go_live=until_go_live)
        return value

    def _cache(self, function, *args):
        """``function(*args)`` on the cache, or None once its server is found down."""
        if self.down:
            return None
        try:
            return call(self.request, function, *args)
        except CacheDown:
            self.down = True
            return None


def for_request(request):
    """The request's ``Fragments``, made on first use."""
    fragments = getattr(request, "_fragments", None)
    if fragments is None:
        fragments = request._fragments = Fragments(request)
    return fragments
