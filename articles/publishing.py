"""Publishing rules: who may publish, and moving stories between draft, review and published.

The desk's bulk actions come through here, so the status log, the revisions and
the ``content_changed`` signal (which the caches listen to) are never forgotten.
"""

from functools import partial

import reversion
from django.db import transaction
from django.utils import timezone

from .models import Article, StatusChange
from .signals import content_changed
from .tasks import refresh_around


def may_publish(user):
    """Editors publish, schedule and unpublish; writers draft and submit for review."""
    return user.has_perm("articles.publish_article")


def publish_now(stories, user):
    """Publish ``stories`` (a queryset); return how many were not published before.

    A story without a publish time goes live now; a scheduled time is kept.
    """
    now = timezone.now()
    to_publish = stories.exclude(status=Article.Status.PUBLISHED)
    moving = list(to_publish.values_list("pk", "status", "publish_at"))
    undated = to_publish.filter(publish_at__isnull=True).update(
        status=Article.Status.PUBLISHED, publish_at=now, updated_at=now
    )
    dated = to_publish.update(status=Article.Status.PUBLISHED, updated_at=now)
    content_changed.send(sender=Article, moved=[pk for pk, _, _ in moving])  # no post_save
    refresh_around_later([pk for pk, _, _ in moving])
    record_moves(
        user, [(pk, before, Article.Status.PUBLISHED, when or now) for pk, before, when in moving]
    )
    keep_revisions([pk for pk, _, _ in moving], "Published with the bulk action.")
    return undated + dated


def return_to_draft(stories, user):
    """Take ``stories`` (a queryset) off the site; return how many were not drafts before."""
    moving = list(stories.exclude(status=Article.Status.DRAFT).values_list("pk", "status"))
    record_moves(user, [(pk, before, Article.Status.DRAFT, None) for pk, before in moving])
    count = stories.exclude(status=Article.Status.DRAFT).update(
        status=Article.Status.DRAFT, updated_at=timezone.now()
    )
    content_changed.send(sender=Article, moved=[pk for pk, _ in moving])  # no post_save
    refresh_around_later([pk for pk, _ in moving])
    keep_revisions([pk for pk, _ in moving], "Returned to draft with the bulk action.")
    return count


def refresh_around_later(pks):
    """The stored previous/next and related lists around stories moved in bulk (a task)."""
    if pks:
        transaction.on_commit(partial(refresh_around.enqueue, pks))


def keep_revisions(pks, comment):
    """Bulk changes update rows directly; record a revision of each story they changed.

    Only inside a revision (the desk's changelist view runs in one, with the user set).
    """
    if not reversion.is_active():
        return
    reversion.set_comment(comment)
    for article in Article.objects.filter(pk__in=pks).select_related("hero"):
        reversion.add_to_revision(article)
        if article.hero is not None:
            reversion.add_to_revision(article.hero)


def record_moves(user, moves):
    """Note who moved which stories: ``moves`` holds (pk, from, to, publish time)."""
    StatusChange.objects.bulk_create(
        StatusChange(
            article_id=pk,
            from_status=before or "",
            to_status=after,
            publish_at=when if after == Article.Status.PUBLISHED else None,
            changed_by=user,
        )
        for pk, before, after, when in moves
    )
