"""Work done after content is written, through Django's tasks framework (JSON arguments: ids).

Each task is idempotent: run twice, or late, it stores the same answer.
"""

from django.tasks import task

from . import around
from .models import Article
from .signals import content_changed


@task
def refresh_around(story_ids, also=None):
    """Recompute what is stored around these stories and the stories near them."""
    if around.refresh(story_ids, also or ()):
        # Written with update(): tell the caches, which heard no save.
        content_changed.send(sender=Article)
