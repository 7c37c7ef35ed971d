"""The bylines and tags a story shows, kept on the story (``Article.labels``).

A reader's page then reads no join for them:
``{"authors": [[name, slug], ...], "tags": [[name, slug], ...]}``, the bylines in
name order and the tags alphabetically, as the pages list them. They are
stored again whenever a story's bylines or tags change (in the same
transaction), and by a task when a byline or a tag is renamed. ``None``
means "not stored yet": ``Article.bylines`` and ``Article.shown_tags`` then
read the relations.
"""

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag

from .models import Article, Author


def labels_of(story_id):
    """What ``Article.labels`` should hold for the story, read from its relations."""
    authors = Author.objects.filter(articles=story_id).order_by("name", "pk")
    tags = Tag.objects.filter(
        taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Article),
        taggit_taggeditem_items__object_id=story_id,
    )
    return {
        "authors": [list(pair) for pair in authors.values_list("name", "slug")],
        "tags": sorted(
            (list(pair) for pair in tags.values_list("name", "slug")),
            key=lambda pair: pair[0].casefold(),
        ),
    }


def store(story_ids):
    """Store the labels of these stories where they changed; True if any did."""
    stored = dict(Article.objects.filter(pk__in=story_ids).values_list("pk", "labels"))
    changed = False
    for pk, old in stored.items():
        new = labels_of(pk)
        if new != old:
            Article.objects.filter(pk=pk).update(labels=new)  # no save signals, no revision
            changed = True
    return changed
