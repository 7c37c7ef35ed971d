"""What is stored on stories follows their saves, bylines, tags and deletes.

Any change to stories, sections, bylines or tags also makes the kept story counts
of list pages out of date, in the change's own transaction (``counts.py``).

``around`` (``around.py``) is recomputed by a task enqueued once the transaction
commits, at most once per story object and transaction. ``labels``
(``shown.py``) is stored at once when a story's bylines or tags change, and by a
task when a byline or tag is renamed or deleted. Rows loaded back (a backup
restore) send ``raw`` saves and are left alone: ``backups`` fills what is missing.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from . import counts, shown, stills
from .models import Article, Author, Entity, Section
from .signals import content_changed
from .tasks import fetch_trailer_still, refresh_around, refresh_labels


def schedule(story):
    if getattr(story, "_around_scheduled", False):
        return
    story._around_scheduled = True

    def enqueue():
        story._around_scheduled = False
        refresh_around.enqueue([story.pk])

    transaction.on_commit(enqueue)


# What the stored previous, next and related lists are worked out from, besides tags.
AROUND_FROM = ("section_id", "status", "publish_at")


@receiver(post_save, sender=Article, dispatch_uid="articles-around-save")
def story_saved(sender, instance, raw=False, **kwargs):
    """A new story, or one moved in its section's order: its lists are worked out again.

    An edit to the text moves nothing, and working the lists out costs a third of a
    second on a site of 2,000 stories (bench/day.py saves one a second).
    """
    if raw:
        return
    before = getattr(instance, "_row_before", None)
    if before is None or any(before[field] != getattr(instance, field) for field in AROUND_FROM):
        schedule(instance)


@receiver(post_save, sender=Article, dispatch_uid="articles-trailer-still")
def look_for_still(sender, instance, raw=False, **kwargs):
    """A trailer with no still: the provider's thumbnail is fetched once the save commits."""
    if not raw and stills.wanted(instance):
        transaction.on_commit(partial(fetch_trailer_still.enqueue, instance.pk))


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="articles-around-tags")
def tags_changed(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Article):
        schedule(instance)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="articles-labels-tags")
@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="articles-labels-bylines")
@receiver(m2m_changed, sender=Article.about.through, dispatch_uid="articles-labels-about")
@receiver(m2m_changed, sender=Article.mentions.through, dispatch_uid="articles-labels-mentions")
def labels_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A story's bylines, tags or entities changed: store them on it now, in the same
    transaction."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        shown.store([instance.pk])
    elif pk_set:  # from the byline's side: the stories added or removed
        shown.store(pk_set)


@receiver(post_save, sender=Author, dispatch_uid="articles-labels-author")
@receiver(post_save, sender=Tag, dispatch_uid="articles-labels-tag")
@receiver(post_save, sender=Entity, dispatch_uid="articles-labels-entity")
def label_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed byline, tag or entity: its stories are stored again by a task."""
    if raw or created:
        return
    field = {Author: "author_id", Tag: "tag_id", Entity: "entity_id"}[sender]
    transaction.on_commit(partial(refresh_labels.enqueue, **{field: instance.pk}))


@receiver(pre_delete, sender=Article, dispatch_uid="articles-around-delete")
def story_deleted(sender, instance, **kwargs):
    """Its neighbours and the stories it listed are worked out again once it is gone."""
    # The row's lists, not this object's copy, which a task may have overtaken.
    around = Article.objects.filter(pk=instance.pk).values_list("around", flat=True).first()
    around = around or {}
    near = [around.get("previous"), around.get("next"), *around.get("related", [])]
    near = [pk for pk in near if pk is not None]
    if near:
        transaction.on_commit(partial(refresh_around.enqueue, [], near))


@receiver(pre_delete, sender=Author, dispatch_uid="articles-labels-author-gone")
@receiver(pre_delete, sender=Tag, dispatch_uid="articles-labels-tag-gone")
@receiver(pre_delete, sender=Entity, dispatch_uid="articles-labels-entity-gone")
def label_deleted(sender, instance, **kwargs):
    """A deleted byline, tag or entity leaves its stories (its rows go without an m2m
    signal)."""
    if sender is Entity:
        ids = list(
            Article.objects.filter(Q(about=instance.pk) | Q(mentions=instance.pk))
            .values_list("pk", flat=True)
            .distinct()
        )
    else:
        lookup = "authors" if sender is Author else "tags"
        ids = list(Article.objects.filter(**{lookup: instance.pk}).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(partial(refresh_labels.enqueue, story_ids=ids))


@receiver(post_save, sender=Article, dispatch_uid="articles-counts-save")
@receiver(post_delete, sender=Article, dispatch_uid="articles-counts-delete")
@receiver(post_delete, sender=Section, dispatch_uid="articles-counts-section")
@receiver(post_delete, sender=Author, dispatch_uid="articles-counts-author")
@receiver(post_delete, sender=Tag, dispatch_uid="articles-counts-tag")
@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="articles-counts-tags")
@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="articles-counts-bylines")
@receiver(m2m_changed, sender=Article.about.through, dispatch_uid="articles-counts-about")
@receiver(m2m_changed, sender=Article.mentions.through, dispatch_uid="articles-counts-mentions")
@receiver(post_delete, sender=Entity, dispatch_uid="articles-counts-entity")
@receiver(content_changed, dispatch_uid="articles-counts-changed")
def counts_changed(sender, action=None, **kwargs):
    """Stories listed differently: the kept counts are counted again when next asked."""
    if action is None or action in {"post_add", "post_remove", "post_clear"}:
        counts.changed()
