"""Work done after content is written, through Django's tasks framework (JSON arguments: ids).

Each task is idempotent: run twice, or late, it stores the same answer.
"""

from django.db.models import Q
from django.tasks import task

from . import around, shown, stills
from .models import Article, Author
from .signals import content_changed


@task
def refresh_around(story_ids, also=None):
    """Recompute what is stored around these stories and the stories near them."""
    changed = around.refresh(story_ids, also or ())
    if changed:
        # Written with update(): tell the caches, which heard no save.
        content_changed.send(sender=Article, stories=sorted(changed))


@task
def refresh_labels(author_id=None, tag_id=None, story_ids=None, entity_id=None):
    """Store again the labels of the stories of an edited byline, tag or entity (or these)."""
    ids = set(story_ids or ())
    if author_id is not None:
        ids.update(Article.objects.filter(authors=author_id).values_list("pk", flat=True))
    if tag_id is not None:
        ids.update(Article.objects.filter(tags=tag_id).values_list("pk", flat=True))
    if entity_id is not None:
        ids.update(
            Article.objects.filter(Q(about=entity_id) | Q(mentions=entity_id)).values_list(
                "pk", flat=True
            )
        )
    changed = shown.store(ids) if ids else set()
    if changed:
        content_changed.send(sender=Author, stories=sorted(changed))


@task
def fetch_trailer_still(story_id):
    """Keep the provider's thumbnail of a story's trailer as its still, if it has none."""
    story = Article.objects.filter(pk=story_id).only("headline", "trailer_url", "trailer_still")
    story = story.first()
    if story is None or not stills.wanted(story):
        return None
    try:
        image = stills.fetch_still(story.trailer, story.headline)
    except stills.NoStill as error:
        # Offline, or no picture: the frame stays plain, and the next save tries again.
        stills.logger.warning("No still for story %s's trailer: %s", story_id, error)
        return None
    # Only if the story still has this trailer and no still: an editor's choice wins.
    kept = Article.objects.filter(
        pk=story_id, trailer_url=story.trailer_url, trailer_still__isnull=True
    ).update(trailer_still=image)
    if kept:
        content_changed.send(sender=Article, stories=[story_id])  # update(): no save signal
    return image.pk if kept else None
