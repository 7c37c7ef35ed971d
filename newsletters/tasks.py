"""The worker's mail: confirmations, alerts, digests and breaking alerts.

Each task is safe to run twice (a failure or a dead worker runs it again): the rows
it plans are unique and only unsent rows are sent. The digest and the alerts put
themselves back on the queue for their next time, where the queue can wait (the
database queue; the immediate one of ``NEWSROOM_TASKS=immediate`` and the tests
cannot, and then ``send_digest`` and ``send_alerts`` are run by hand or by cron).
"""

from django.tasks import default_task_backend, task
from django.utils import timezone

from . import sending
from .models import Newsletter, Subscription


def later(a_task, when, *args):
    if default_task_backend.supports_defer:
        a_task.using(run_after=when).enqueue(*args)


def finish_later(counts, editions):
    """Rows another run still holds: if that run died where this one cannot tell (on
    another machine), they are sent once its claim has gone stale."""
    for edition in editions if counts.get("waiting") else []:
        later(send_edition, sending.stale_at(), edition)


@task
def send_confirmation(subscription_id):
    subscription = (
        Subscription.objects.select_related("subscriber", "newsletter")
        .filter(pk=subscription_id, confirmed_at=None)
        .first()
    )
    if subscription is None:  # confirmed or gone meanwhile
        return None
    return sending.confirmation(subscription)


@task
def send_alerts():
    counts = sending.send_alerts()
    if counts["next_due"] is not None:  # a reader was alerted less than an hour ago
        later(send_alerts, counts["next_due"])
    finish_later(counts, counts["editions"])
    return {"sent": counts["sent"], "failed": counts["failed"]}


@task
def send_digest(newsletter_id):
    """Today's digest, then the same task again at tomorrow's digest time."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None:
        return None
    edition = sending.digest_edition(timezone.localdate())
    if not newsletter.mails.filter(edition=edition).exists():
        # Tomorrow's first, so a worker killed mid-digest still leaves it queued; a run
        # again of today's (its rows planned) does not queue it twice.
        later(send_digest, sending.next_digest_time(newsletter), newsletter_id)
    counts = sending.send_digest(newsletter)
    finish_later(counts, [counts["edition"]] if counts["edition"] else [])
    return {"sent": counts["sent"], "failed": counts["failed"]}


@task
def send_edition(edition):
    """What is unsent of an edition already planned (a breaking alert; rows a dead
    worker held)."""
    counts = sending.send_rows([edition])
    finish_later(counts, [edition])
    return counts


def schedule_digest(newsletter):
    later(send_digest, sending.next_digest_time(newsletter), newsletter.pk)
