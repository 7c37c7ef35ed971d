"""Stories published reach their followers: the alerts task runs after the commit.

A story published now queues the task at once; one scheduled for later queues it at
its publish time (with the database queue). Bulk publishing says so through
``content_changed``. The task itself works out who is due what, so running it too
often costs a query and sends nothing twice.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article
from articles.signals import content_changed

from . import tasks
from .models import Newsletter


def _alerts_at(when=None):
    if when is not None and when > timezone.now():
        transaction.on_commit(lambda: tasks.later(tasks.send_alerts, when))
    else:
        transaction.on_commit(tasks.send_alerts.enqueue)


@receiver(post_save, sender=Article, dispatch_uid="newsletters-alerts")
def story_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.status != Article.Status.PUBLISHED:
        return
    before = getattr(instance, "_row_before", None)
    unmoved = ("status", "publish_at")
    if before and all(before.get(field) == getattr(instance, field) for field in unmoved):
        return  # an edit to a story already out: its followers were told
    _alerts_at(instance.publish_at)


@receiver(content_changed, dispatch_uid="newsletters-alerts-bulk")
def stories_moved(sender, moved=None, **kwargs):
    if moved:
        _alerts_at()


@receiver(post_save, sender=Newsletter, dispatch_uid="newsletters-digest-schedule")
def newsletter_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(lambda: tasks.schedule_digest(instance))
