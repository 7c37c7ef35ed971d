"""The one map from "this changed" to "this is stale", and the one path it takes.

Every change a reader could see, however it is made (the desk, a command, the
shell, an import, a task), reaches ``changed`` through the content's signals.
``changed`` writes a ``PendingInvalidation`` row in the change's own transaction
and asks for ``apply_pending`` once that transaction commits, never before: a
reader request in between reads the old rows under the old version numbers, so
whatever it keeps is orphaned by the bump that follows.

``apply_pending`` bumps the content generation (``versions.py``), which makes every
kept page and list answer stale at once; anything but a story's own save also
bumps the labels version, so cached cards and texts that show a section, a
byline, a tag, a picture or the site's name are made again. Only when the cache
accepted that are the rows deleted. When the cache server could not be reached,
the rows stay, the desk says so, and every process tries again every
``NEWSROOM_INVALIDATION_CHECK_SECONDS`` (``PageCacheMiddleware`` calls
``apply_pending_now_and_then``), as does ``manage.py apply_invalidations``.
Nothing else in the project bumps the versions.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles.models import (
    Article,
    Author,
    Credit,
    Entity,
    ReleaseDate,
    Section,
    SiteSettings,
    StoryNote,
)
from articles.signals import content_changed
from library.models import Image
from library.signals import renditions_made

from .models import PendingInvalidation
from .outage import CacheDown, breaker, guarded
from .site import forget_site_settings
from .versions import bump_generation

logger = logging.getLogger("newsroom.cache")

# An image's alt text, caption, credit or focal point shows on every story using it.
CONTENT_MODELS = (
    Article,
    StoryNote,
    Section,
    Author,
    Image,
    Tag,
    TaggedItem,
    Entity,
    ReleaseDate,
    Credit,
)
# Rows applied per round trip; more wait for the next round.
BATCH = 500


def changed(*, story_only=False, site_settings=False):
    """Record that readers could see a change, and mark pages stale once it commits.

    A process that serves no pages (the task worker, a command) and has only its own
    memory for a cache would mark stale a cache nobody reads, and delete the rows:
    there the rows are left for the web server, which applies them within seconds.
    """
    global _written_here
    PendingInvalidation.objects.create(story_only=story_only, site_settings=site_settings)
    _written_here = True
    if serves_pages or not isinstance(caches["default"], LocMemCache):
        transaction.on_commit(apply_pending)


def apply_pending():
    """Mark stale what the committed changes waiting in the outbox touched.

    Returns how many changes were applied, or None when the cache could not be
    reached (they stay, and are tried again).
    """
    global _written_here
    applied = 0
    while (done := _apply_batch()) == BATCH:
        applied += done
    # Still waiting: this process looks again as soon as the cache may be back.
    _written_here = done is None
    return None if done is None else applied + done


def _apply_batch():
    rows = list(
        PendingInvalidation.objects.order_by("pk").values_list("pk", "story_only", "site_settings")[
            :BATCH
        ]
    )
    if not rows:
        return 0
    ids = [pk for pk, _, _ in rows]
    try:
        if any(site for _, _, site in rows):
            guarded(forget_site_settings)
        guarded(bump_generation, all(story_only for _, story_only, _ in rows))
    except CacheDown as error:
        PendingInvalidation.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, last_error=str(error)[:300]
        )
        logger.error(
            "Page cache: %s change(s) could not be marked stale yet, will try again: %s",
            len(ids),
            error,
        )
        return None
    # Exactly the rows read: one committed meanwhile waits for its own round.
    PendingInvalidation.objects.filter(pk__in=ids).delete()
    return len(ids)


# When this process last looked in the outbox, and whether it wrote to it since.
_last_check = 0.0
_written_here = False
# Set by PageCacheMiddleware: this process answers readers.
serves_pages = False


def apply_pending_now_and_then():
    """``apply_pending`` every few seconds per process, and after its own changes.

    Costs one small query when nothing waits, and none at all in between. Never
    raises: a database that is down is the page's own problem
    (``DatabaseUnavailableMiddleware``), not this check's.
    """
    global _last_check, _written_here
    now = time.monotonic()
    due = now - _last_check >= settings.NEWSROOM_INVALIDATION_CHECK_SECONDS
    if not (due or (_written_here and not breaker.is_open())):
        return
    _last_check, _written_here = now, False
    try:
        if PendingInvalidation.objects.exists():
            apply_pending()
    except DatabaseError as error:
        logger.warning("Page cache: could not look for pending changes: %s", error)


def pending_count():
    """How many changes are still waiting to reach the page cache (for the desk)."""
    return PendingInvalidation.objects.count()


# What the content's signals mean ------------------------------------------------


def _saved_or_deleted(sender, **kwargs):
    # A restore's raw saves too: the pages must show what was loaded. A note moves its
    # story's updated_at, so the story's own keys change as with a save of the story.
    changed(story_only=sender in (Article, StoryNote))


def _bylines_changed(sender, action, **kwargs):
    # Bylines (and the people, films and shows a story is about) can change without
    # the story being saved, so its card's and text's keys would not.
    if action in ("post_add", "post_remove", "post_clear"):
        changed()


def _changed_in_bulk(sender, **kwargs):
    changed()


def _renditions_made(sender, **kwargs):
    changed()  # cached pages still point at the full-size original


def _site_settings_changed(sender, **kwargs):
    changed(site_settings=True)  # every page shows the site's name


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages-delete-{model}")
    for relation in (Article.authors, Article.about, Article.mentions):
        m2m_changed.connect(
            _bylines_changed, sender=relation.through, dispatch_uid=f"pages-{relation.field.name}"
        )
    content_changed.connect(_changed_in_bulk, dispatch_uid="pages-bulk")
    renditions_made.connect(_renditions_made, dispatch_uid="pages-renditions")
    post_save.connect(_site_settings_changed, sender=SiteSettings, dispatch_uid="site-save")
    post_delete.connect(_site_settings_changed, sender=SiteSettings, dispatch_uid="site-delete")
