"""The one map from "this changed" to the keys it touches, and the one path a purge takes.

Every change a reader could see, however it is made (the desk, a bulk action, a
command, the shell, an import, a task), reaches ``changed`` through the content's
signals, with the keys (``keys.py``) worked out from the old and the new state:

- a story's save touches the story (``s<id>``) and ``stories``; when it joins or
  leaves the site, or moves in a list (its section, publish time, prominence),
  also ``latest`` and its section; its tags, bylines and entities likewise when
  they change. A draft's save touches nothing;
- a byline, tag or entity touches its own key and each of its stories; a section,
  the site's settings or one of its own pages touch ``site`` (every page: the
  header and footer show them);
- a picture touches the stories and entities showing it (its description, or its
  renditions once the worker has made them);
- a scheduled story touches its keys at its publish time, not before.

``changed`` writes a ``PendingInvalidation`` row (the *outbox*) in the change's
own transaction and asks for ``apply_pending`` once it commits, never before. The
row is deleted only once the page cache took the purge, and the edge too when
there is one (``purge_edge``, run by the worker). While the cache server cannot
be reached the row stays, the desk says so, and every web process tries again
every ``NEWSROOM_INVALIDATION_CHECK_SECONDS``, as does ``manage.py
apply_invalidations``. Nothing else in the project purges.
"""

import logging
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.around import tag_ids
from articles.models import (
    Article,
    Author,
    Credit,
    Entity,
    LiveEntry,
    Page,
    ReleaseDate,
    Section,
    SiteSettings,
    StoryNote,
)
from articles.signals import content_changed
from library.models import Image
from library.signals import renditions_made

from . import keys
from .models import PendingInvalidation
from .outage import CacheDown, breaker, guarded
from .site import forget_site_settings

logger = logging.getLogger("newsroom.cache")

# Rows applied per round; more wait for the next one.
BATCH = 500


def changed(names, *, due_at=None):
    """Purge ``names`` once the current transaction commits (at ``due_at``, if later).

    A process that serves no pages (the task worker, a command) and has only its own
    memory for a cache would purge a cache nobody reads: there the rows are left for
    the web server, which applies them within seconds.
    """
    global _written_here
    names = sorted(set(names))
    if not names:
        return
    if due_at is not None and due_at <= timezone.now():
        due_at = None
    PendingInvalidation.objects.create(
        keys=" ".join(names), due_at=due_at, edge_done=not settings.NEWSROOM_EDGE_PURGE
    )
    _written_here = True
    if due_at is not None:
        transaction.on_commit(partial(_purge_at, due_at))
        return
    if serves_pages or not isinstance(caches["default"], LocMemCache):
        transaction.on_commit(apply_pending)
    if settings.NEWSROOM_EDGE_PURGE:
        transaction.on_commit(_purge_edge_later)


def _waiting(**flags):
    now = timezone.now()
    return PendingInvalidation.objects.filter(Q(due_at__isnull=True) | Q(due_at__lte=now), **flags)


def _rows(**flags):
    rows = list(_waiting(**flags).order_by("pk").values_list("pk", "keys")[:BATCH])
    names = {name for _, text in rows for name in text.split()}
    return [pk for pk, _ in rows], names


def apply_pending():
    """Purge from the page cache what the committed, due changes in the outbox touched.

    Returns how many changes were applied, or None when the cache could not be
    reached (they stay, and are tried again).
    """
    global _written_here
    applied = 0
    while True:
        ids, names = _rows(cache_done=False)
        if not ids:
            break
        try:
            if keys.SITE in names:
                guarded(forget_site_settings)
            guarded(_purge_cache, names)
        except CacheDown as error:
            logger.error(
                "Page cache: %s change(s) could not be purged yet, will try again: %s",
                len(ids),
                error,
            )
            _written_here = True  # looked at again as soon as the cache may be back
            return None
        # Exactly the rows read: one committed meanwhile waits for its own round.
        PendingInvalidation.objects.filter(pk__in=ids).update(cache_done=True)
        applied += len(ids)
    _written_here = False
    PendingInvalidation.objects.filter(cache_done=True, edge_done=True).delete()
    return applied


def _purge_cache(names):
    from .pagecache import purge  # pagecache imports this module

    purge(names)


def apply_edge():
    """Send the due purges to the edge (``edge.py``); raises when the edge refuses them,
    so the worker's task is tried again; the rows wait meanwhile."""
    from . import edge

    purger = edge.purger()
    if purger is None:
        PendingInvalidation.objects.filter(edge_done=False).update(edge_done=True)
    else:
        while True:
            ids, names = _rows(edge_done=False)
            if not ids:
                break
            purger.purge(sorted(names))
            PendingInvalidation.objects.filter(pk__in=ids).update(edge_done=True)
    PendingInvalidation.objects.filter(cache_done=True, edge_done=True).delete()


def _purge_edge_later():
    from .tasks import purge_edge

    purge_edge.enqueue()


def _purge_at(due_at):
    """At ``due_at``, the worker applies what became due (a scheduled story going live).

    Web processes also look for due rows every few seconds, so without a worker (or
    with a queue that cannot wait) the page cache still follows within seconds.
    """
    from .tasks import apply_due

    if apply_due.get_backend().supports_defer:
        apply_due.using(run_after=due_at).enqueue()


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
        if _waiting(cache_done=False).exists():
            apply_pending()
    except DatabaseError as error:
        logger.warning("Page cache: could not look for pending changes: %s", error)


# The worker sends the edge its purges within a second or two; a row waiting longer
# than this says the worker or the edge needs looking at.
EDGE_LATE_SECONDS = 30


def waiting_for_the_desk():
    """For every desk page, in one query: how many changes have not reached the page
    cache, and how many the edge was not told of within ``EDGE_LATE_SECONDS``."""
    late = timezone.now() - timedelta(seconds=EDGE_LATE_SECONDS)
    return _waiting().aggregate(
        cache=Count("pk", filter=Q(cache_done=False)),
        edge=Count("pk", filter=Q(edge_done=False, created_at__lt=late)),
    )


def unfinished_count():
    """How many due changes wait for the page cache or the edge (``apply_invalidations``)."""
    return _waiting().filter(Q(cache_done=False) | Q(edge_done=False)).count()


# What the content's changes touch ------------------------------------------------

# What a story's place in lists depends on, besides its bylines, tags and entities.
PLACED_BY = ("status", "publish_at", "section_id", "featured")


def _is_live(state, now):
    return (
        state is not None
        and state["status"] == Article.Status.PUBLISHED
        and state["publish_at"] is not None
        and state["publish_at"] <= now
    )


def _story_labels(pk):
    """The list keys of a story's section, tags, bylines and entities, as stored now."""
    names = [keys.tag(tag) for tag in tag_ids(pk)]
    names += map(
        keys.author,
        Article.authors.through.objects.filter(article_id=pk).values_list("author_id", flat=True),
    )
    for relation in (Article.about, Article.mentions):
        rows = relation.through.objects.filter(article_id=pk).values_list("entity_id", flat=True)
        names += map(keys.entity, rows)
    return names


def _story_before(sender, instance, raw=False, **kwargs):
    """The story's place before the save: as ``Article.save`` just read the row, or read
    here (a save that went round ``Article.save``)."""
    if hasattr(instance, "_row_before"):
        row = instance._row_before
        instance._placed_before = row and {field: row[field] for field in PLACED_BY}
    elif instance.pk:
        instance._placed_before = Article.objects.filter(pk=instance.pk).values(*PLACED_BY).first()
    else:
        instance._placed_before = None


def _story_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_placed_before", None)
    instance._placed_before = None
    after = {field: getattr(instance, field) for field in PLACED_BY}
    story_changed(instance.pk, before, after)


def story_changed(pk, before, after):
    """Purge what a story's change from ``before`` to ``after`` (``PLACED_BY`` values,
    None for no row) touches; a story going live later is purged then too."""
    now = timezone.now()
    was_live, is_live = _is_live(before, now), _is_live(after, now)
    names = []
    if was_live or is_live:
        names = [keys.story(pk), keys.STORIES]
        if was_live != is_live or before != after:
            names += [keys.LATEST, keys.CORRECTIONS, keys.ENTITIES, *_story_labels(pk)]
            names += [keys.section(state["section_id"]) for state in (before, after) if state]
    changed(names)
    scheduled = after and after["status"] == Article.Status.PUBLISHED and not is_live
    if scheduled and after["publish_at"] and before != after:
        names = [keys.story(pk), keys.STORIES, keys.LATEST, keys.CORRECTIONS, keys.ENTITIES]
        names += [keys.section(after["section_id"]), *_story_labels(pk)]
        changed(names, due_at=after["publish_at"])


def _story_deleted(sender, instance, **kwargs):
    before = {field: getattr(instance, field) for field in PLACED_BY}
    story_changed(instance.pk, before, None)


def _labels_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A story's bylines or entities changed (from either side)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    name = keys.author if model is Author or sender is Article.authors.through else keys.entity
    if isinstance(instance, Article):
        stories = [instance.pk]
        if action == "pre_clear":
            field = "author_id" if name is keys.author else "entity_id"
            pk_set = set(
                sender.objects.filter(article_id=instance.pk).values_list(field, flat=True)
            )
        labels = pk_set or ()
    else:  # from the byline's or entity's side
        labels = [instance.pk]
        stories = pk_set or (
            sender.objects.filter(
                **{f"{type(instance)._meta.model_name}_id": instance.pk}
            ).values_list("article_id", flat=True)
        )
    _some_stories_relabelled(stories, map(name, labels))


def _some_stories_relabelled(story_ids, label_keys):
    """Stories joined or left labels' lists: now if they are live, at their time if
    they are scheduled."""
    label_keys = [*label_keys, keys.STORIES, keys.LATEST, keys.ENTITIES]
    now = timezone.now()
    published = Article.objects.filter(pk__in=list(story_ids), status=Article.Status.PUBLISHED)
    times = dict(published.values_list("pk", "publish_at"))
    live = [pk for pk, at in times.items() if at and at <= now]
    if live:
        changed([*keys.stories(live), *label_keys])
    for pk, at in times.items():
        if at and at > now:
            changed([keys.story(pk), *label_keys], due_at=at)


def _tagged(sender, instance, **kwargs):
    if instance.content_type_id == ContentType.objects.get_for_model(Article).pk:
        _some_stories_relabelled([instance.object_id], [keys.tag(instance.tag_id)])


def _label_saved(sender, instance, **kwargs):
    """A byline, tag or entity edited or deleted: its pages and its stories' pages."""
    if kwargs.get("created"):
        return  # nothing shows it yet
    name = {Author: keys.author, Tag: keys.tag, Entity: keys.entity}[sender]
    if sender is Author:
        stories = Article.objects.filter(authors=instance.pk)
    elif sender is Tag:
        stories = Article.objects.tagged(id=instance.pk)
    else:
        stories = Article.objects.about_or_mentioning(instance.pk)
    ids = stories.values_list("pk", flat=True).distinct()
    extra = [keys.ENTITIES] if sender is Entity else []
    changed([name(instance.pk), *keys.stories(ids), keys.STORIES, *extra])


def _entity_part(sender, instance, **kwargs):
    """A release date or a credit shows on its entities' hubs."""
    ids = [instance.work_id] if sender is ReleaseDate else [instance.person_id, instance.work_id]
    changed(keys.entity(pk) for pk in ids if pk)


def _note(sender, instance, **kwargs):
    changed([keys.story(instance.article_id), keys.STORIES, keys.CORRECTIONS])


def _live_entry(sender, instance, **kwargs):
    """An entry shows on its story's page, its update address, its feed and its API
    list, all under the story's key; the lists showing the story's card carry the key
    too. Nothing else is purged, so a live night leaves the rest of the site warm."""
    changed([keys.story(instance.article_id)])


def _picture(sender, instance, **kwargs):
    _pictures_changed([instance.pk])


def _pictures_changed(ids):
    """A picture's description or renditions show on each story and hub using it."""
    stories = Article.objects.filter(Q(hero__in=ids) | Q(trailer_still__in=ids))
    entities = Entity.objects.filter(picture__in=ids).values_list("pk", flat=True)
    changed([*keys.stories(stories.values_list("pk", flat=True)), *map(keys.entity, entities)])


def _renditions_made(sender, images=None, **kwargs):
    if images is None:
        changed([keys.SITE])
    else:
        _pictures_changed(images)


def _everything(sender, **kwargs):
    changed([keys.SITE])


def _content_changed(sender, stories=None, moved=None, **kwargs):
    """Changes made without save signals (``articles.signals.content_changed``)."""
    if stories is not None and moved is None:
        if stories:
            changed([*keys.stories(stories), keys.STORIES])
        return
    # Stories published or unpublished in bulk, a restored backup: rare, so coarse.
    changed([keys.SITE])
    scheduled = Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
    )
    if moved is not None:
        scheduled = scheduled.filter(pk__in=moved)
    for state in scheduled.values("pk", *PLACED_BY):
        story_changed(state.pop("pk"), None, state)


def connect():
    article = {"sender": Article}
    pre_save.connect(_story_before, dispatch_uid="keys-story-before", **article)
    post_save.connect(_story_saved, dispatch_uid="keys-story-saved", **article)
    pre_delete.connect(_story_deleted, dispatch_uid="keys-story-deleted", **article)
    for relation in (Article.authors, Article.about, Article.mentions):
        m2m_changed.connect(
            _labels_changed, sender=relation.through, dispatch_uid=f"keys-{relation.field.name}"
        )
    # Before a delete, while the rows that say which stories show it are still there.
    for signal in (post_save, pre_delete):
        for model in (Author, Tag, Entity):
            signal.connect(_label_saved, sender=model, dispatch_uid=f"keys-{model}-{signal}")
        signal.connect(_picture, sender=Image, dispatch_uid=f"keys-image-{signal}")
    for signal in (post_save, post_delete):
        signal.connect(_tagged, sender=TaggedItem, dispatch_uid=f"keys-tagged-{signal}")
        for model in (ReleaseDate, Credit):
            signal.connect(_entity_part, sender=model, dispatch_uid=f"keys-{model}-{signal}")
        signal.connect(_note, sender=StoryNote, dispatch_uid=f"keys-note-{signal}")
        signal.connect(_live_entry, sender=LiveEntry, dispatch_uid=f"keys-entry-{signal}")
        for model in (Section, SiteSettings, Page):
            signal.connect(_everything, sender=model, dispatch_uid=f"keys-{model}-{signal}")
    content_changed.connect(_content_changed, dispatch_uid="keys-bulk")
    renditions_made.connect(_renditions_made, dispatch_uid="keys-renditions")
