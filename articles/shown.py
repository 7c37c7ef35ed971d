"""The bylines, tags and entities a story shows, kept on the story (``Article.labels``).

A reader's page then reads no join for them:
``{"authors": [[name, slug], ...], "tags": [[name, slug], ...], "entities": [[kind,
name, slug, about, [public record URLs]], ...]}``, the bylines in name order, the
tags alphabetically and the entities it is about before those it mentions, as the
pages list them. They are stored again whenever a story's bylines, tags or
entities change (in the same transaction), and by a task when a byline, tag or
entity is edited. ``None`` means "not stored yet": ``Article.bylines``,
``Article.shown_tags`` and ``Article.shown_entities`` then read the relations. A
story stored before entities existed has no "entities" key, and had none.
"""

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag

from .models import Article, Author, Entity
from .models.entities import ShownEntity


def labels_of(story_id):
    """What ``Article.labels`` should hold for the story, read from its relations."""
    authors = Author.objects.filter(articles=story_id).order_by("name", "pk")
    tags = Tag.objects.filter(
        taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Article),
        taggit_taggeditem_items__object_id=story_id,
    )
    about = list(Entity.objects.filter(stories_about=story_id).order_by("name", "pk"))
    about_ids = {entity.pk for entity in about}
    mentions = [
        entity
        for entity in Entity.objects.filter(stories_mentioning=story_id).order_by("name", "pk")
        if entity.pk not in about_ids
    ]
    return {
        "authors": [list(pair) for pair in authors.values_list("name", "slug")],
        "entities": [
            ShownEntity.stored(entity, entity.pk in about_ids) for entity in about + mentions
        ],
        "tags": sorted(
            (list(pair) for pair in tags.values_list("name", "slug")),
            key=lambda pair: pair[0].casefold(),
        ),
    }


def store(story_ids):
    """Store the labels of these stories where they changed; the ids of those that did."""
    stored = dict(Article.objects.filter(pk__in=story_ids).values_list("pk", "labels"))
    changed = set()
    for pk, old in stored.items():
        new = labels_of(pk)
        if new != old:
            Article.objects.filter(pk=pk).update(labels=new)  # no save signals, no revision
            changed.add(pk)
    return changed
