"""Work done after a save, off the reader's request path, through Django's tasks framework.

The default backend runs a task at once, in the process that enqueued it, so
``make run`` needs nothing else started; a queue backend moves the same tasks
to a worker without a change here. Arguments are JSON: ids and file names.
"""

from django.tasks import task

from . import images
from .models import Article
from .pagecache import bump_generation


@task
def build_renditions(article_id):
    """Make the missing renditions of a story's hero image and record them on the story."""
    row = (
        Article.objects.filter(pk=article_id)
        .values("hero_image", "hero_focal_x", "hero_focal_y")
        .first()
    )
    if not row or not row["hero_image"]:
        return None
    made = images.make_renditions(row["hero_image"], row["hero_focal_x"], row["hero_focal_y"])
    # update(), not save(): no new revision, no new "updated" time, no second task;
    # and only if the story still has this picture and focal point.
    if Article.objects.filter(pk=article_id, **row).update(hero_renditions=made):
        bump_generation()  # cached pages still point at the full-size original
    return made


@task
def forget_renditions(source):
    """Remove the renditions of a picture once no story shows it any more."""
    if Article.objects.filter(hero_image=source).exists():
        return False
    images.delete_renditions(source)
    return True
