"""Keeping tags tidy on purpose: merging tags, and making a tag a person, film or show.

Both move every story with the tag in one transaction, leave the old tag's address
answering 301 (``OldTag``), store the stories' labels again and tell the caches
(``content_changed``), since rows moved in bulk send no signal of their own.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from taggit.models import Tag, TaggedItem

from . import counts, shown
from .models import Article, Entity, OldTag
from .signals import content_changed


def _tagged(tag):
    return TaggedItem.objects.filter(
        tag=tag, content_type=ContentType.objects.get_for_model(Article)
    )


def _leave_address(gone, *, to_tag=None, to_entity=None):
    """The gone tag's address, and those that already led to it, lead on instead."""
    target = {"tag": to_tag, "entity": to_entity}
    OldTag.objects.filter(tag=gone).update(**target)
    OldTag.objects.update_or_create(slug=gone.slug, defaults=target)


def merge(sources, target):
    """Move the stories of ``sources`` (tags) to ``target`` and remove them; the number
    of stories that moved."""
    moved = set()
    with transaction.atomic():
        for source in sources:
            if source.pk == target.pk:
                continue
            items = _tagged(source)
            story_ids = set(items.values_list("object_id", flat=True))
            has_target = set(
                _tagged(target).filter(object_id__in=story_ids).values_list("object_id", flat=True)
            )
            items.filter(object_id__in=has_target).delete()
            items.exclude(object_id__in=has_target).update(tag=target)
            _leave_address(source, to_tag=target)
            source.delete()
            moved |= story_ids
        _after(moved)
    return len(moved)


def make_entity(tag, kind):
    """The tag as a person, film or show (the one of that kind and slug, if there is
    one): its stories are about it, and the tag is gone. Returns the entity."""
    with transaction.atomic():
        entity = Entity.objects.filter(kind=kind, slug=tag.slug).first()
        if entity is None:
            entity = Entity.objects.create(kind=kind, name=tag.name, slug=tag.slug)
        story_ids = set(_tagged(tag).values_list("object_id", flat=True))
        Article.about.through.objects.bulk_create(
            [Article.about.through(article_id=pk, entity_id=entity.pk) for pk in story_ids],
            ignore_conflicts=True,
        )
        _leave_address(tag, to_entity=entity)
        tag.delete()
        _after(story_ids)
    return entity


def _after(story_ids):
    if story_ids:
        shown.store(story_ids)
    counts.changed()
    content_changed.send(sender=Tag)
