"""What is stored around stories (``around.py``) follows their saves, tags and deletes.

The work is a task enqueued once the transaction commits, at most once per story
object and transaction. Rows loaded back (a backup restore) send ``raw`` saves
and are left alone: ``backups`` fills them afterwards.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Article
from .tasks import refresh_around


def schedule(story):
    if getattr(story, "_around_scheduled", False):
        return
    story._around_scheduled = True

    def enqueue():
        story._around_scheduled = False
        refresh_around.enqueue([story.pk])

    transaction.on_commit(enqueue)


@receiver(post_save, sender=Article, dispatch_uid="articles-around-save")
def story_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(instance)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="articles-around-tags")
def tags_changed(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Article):
        schedule(instance)


@receiver(post_delete, sender=Article, dispatch_uid="articles-around-delete")
def story_deleted(sender, instance, **kwargs):
    around = instance.around or {}
    near = [around.get("previous"), around.get("next"), *around.get("related", [])]
    near = [pk for pk in near if pk is not None]
    if near:
        transaction.on_commit(partial(refresh_around.enqueue, [], near))
