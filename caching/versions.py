"""The numbers every cached piece is keyed by, and the release that names the code.

- The *content generation* changes with any change a reader could see; whole pages
  and answers about lists carry it, so one bump makes them all stale at once.
- The *labels version* changes with every such change except a story's own save;
  cached story cards and texts carry it (a story's save gives its own card a new
  key by itself, see ``fragments.py``).
- The *release* names the deployment: a new one never serves an older one's pieces.

Only ``invalidation.py`` bumps them.
"""

import functools
import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article

GENERATION_KEY = "pages:generation"
LABELS_KEY = "pages:labels"
# The folders whose code and templates make the pages (see ``release``).
CODE_FOLDERS = ("articles", "library", "search", "caching", "reader", "newsroom")


def bump_generation(story_saved=False):
    """Make every cached page stale at once.

    ``story_saved``: the change is a story's own save or delete, which leaves the
    other stories' cached cards and texts as they are.

    Raises the cache's own error when its server cannot be reached: the caller
    (``invalidation.apply_pending``) keeps the change and tries again.
    """
    global bumps_here
    now = time.time_ns()
    changed = {GENERATION_KEY: now} if story_saved else {GENERATION_KEY: now, LABELS_KEY: now}
    cache.set_many(changed, timeout=None)
    bumps_here += 1


# How many times this process has bumped the versions: pages it keeps in its own
# memory (``pagecache.Nearby``) are not used past a bump.
bumps_here = 0


def version(key=GENERATION_KEY):
    """The version number at ``key`` (the generation or the labels version)."""
    found = cache.get(key)
    if found is None:
        found = time.time_ns()
        # add(), not set(): another process may have just bumped it.
        if not cache.add(key, found, timeout=None):
            found = cache.get(key, found)
    return found


def seconds_until_next_go_live(generation):
    """Seconds until the next scheduled story goes live, or None if none is waiting.

    The answer is cached under the generation, so it costs one query per change.
    """
    key = f"pages:{generation}:next-go-live"
    now = timezone.now()
    cached = cache.get(key)
    if cached is None or (cached[0] is not None and cached[0] <= now):
        cached = (Article.objects.next_go_live(now),)
        cache.set(key, cached, timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS)
    upcoming = cached[0]
    return None if upcoming is None else (upcoming - now).total_seconds()


@functools.cache
def release():
    """What names this deployment in the keys: a new one never uses an older one's pieces.

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
