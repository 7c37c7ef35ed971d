"""What django-tasks-db leaves to us: a failed task tried again later, a lost one found.

django-tasks-db marks a task that raised as FAILED and never runs it again, and a
task whose worker died (killed, out of memory, the machine restarted) stays RUNNING
for ever. Here:

- a failed attempt goes back in the queue after ``NEWSROOM_TASK_RETRY_DELAYS``
  (30 s, then 2 minutes); after the last one it stays FAILED, for the desk to show;
- a task RUNNING longer than ``NEWSROOM_TASK_TIMEOUT_MINUTES`` is taken to be lost
  and goes back in the queue at once (or to FAILED, if that was its last attempt). The
  worker checks on start and every minute; ``manage.py recover_tasks`` does it once.
  A worker names itself by its machine and process (``worker_id``), so one that was
  killed on this machine is known to be gone without waiting for the timeout: a
  worker restarted after a kill finishes its predecessor's task straight away.

The same row is put back, so its attempts are its ``worker_ids`` (one per claim).
Our tasks can be run twice safely: they make what is missing and remove what is
no longer used.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

LOST = "jobs.retries.WorkerLost"


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped before the task finished."""


def retry_delays():
    return [timedelta(seconds=s) for s in settings.NEWSROOM_TASK_RETRY_DELAYS]


def max_attempts():
    return len(retry_delays()) + 1


def attempts(row):
    return len(row.worker_ids or [])


def _requeue(queryset, row, run_after, **fields):
    """Back to READY, to run from ``run_after`` on; True if it went."""
    return bool(
        queryset.filter(pk=row.pk).update(
            status=TaskResultStatus.READY,
            run_after=run_after,
            finished_at=None,
            **fields,
        )
    )


@receiver(task_finished, dispatch_uid="jobs-retry-failed-task")
def retry_failed_task(sender, task_result, **kwargs):
    """A database task that failed before its last attempt is queued again, later."""
    row = getattr(task_result, "db_result", None)
    if row is None or task_result.status != TaskResultStatus.FAILED:
        return  # the immediate backend (tests, NEWSROOM_TASKS=immediate), or a success
    try:
        if attempts(row) < max_attempts():
            delay = retry_delays()[attempts(row) - 1]
            failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
            _requeue(failed, row, timezone.now() + delay)
            logger.warning(
                "Task %s (%s) failed on attempt %d of %d; it will be tried again.",
                row.pk,
                row.task_path,
                attempts(row),
                max_attempts(),
            )
        else:
            logger.error(
                "Task %s (%s) failed on its last attempt (%d).",
                row.pk,
                row.task_path,
                attempts(row),
            )
    except Exception:
        # The worker sends this signal from its own error handling: never let it stop.
        logger.exception("Could not queue task %s again", row.pk)


def worker_id():
    """A new worker's name: this machine, this process, and a random part.

    The random part keeps two workers apart when a process id comes round again (a
    container's worker is often process 1 every time it starts).
    """
    host = socket.gethostname()[:40] or "host"
    return f"{host}:{os.getpid()}:{get_random_string(12)}"


def _local_pid(claimed_by):
    """The process id in ``claimed_by`` ("host:pid:…") if it names this machine, else None."""
    host, _, rest = (claimed_by or "").partition(":")
    pid = rest.partition(":")[0]
    return int(pid) if host == socket.gethostname()[:40] and pid.isdigit() else None


def _died_here(claimed_by, me):
    """Whether ``claimed_by`` names a worker of this machine whose process is gone."""
    if claimed_by == me or _local_pid(claimed_by) is None:
        return False
    if _local_pid(claimed_by) == os.getpid():
        return True  # this process is a newer worker than the one that claimed it
    return process_gone(claimed_by)


def process_gone(claimed_by):
    """Whether ``claimed_by`` ("host:pid:…") names a process of this machine that has
    ended; False for another machine's, which only a timeout can tell."""
    pid = _local_pid(claimed_by)
    if pid is None:
        return False
    try:
        os.kill(pid, 0)  # sends nothing: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a process of another user has that number now
    return False


def recover_lost_tasks(timeout=None, now=None, me=None):
    """Tasks whose worker is gone go back to the queue; returns how many.

    Gone: RUNNING for longer than the timeout, or claimed by a worker of this
    machine whose process no longer runs (``me``, the asking worker, excepted). A
    task that has had all its attempts is marked FAILED instead, saying that its
    worker stopped, so the desk shows it.
    """
    now = now or timezone.now()
    if timeout is None:
        timeout = timedelta(minutes=settings.NEWSROOM_TASK_TIMEOUT_MINUTES)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    stuck = running.filter(started_at__lt=now - timeout)
    dead = [
        row.pk
        for row in running.filter(started_at__gte=now - timeout).only("pk", "worker_ids")
        if row.worker_ids and _died_here(row.worker_ids[-1], me)
    ]
    stuck = running.filter(pk__in=[*stuck.values_list("pk", flat=True), *dead])
    recovered = 0
    for row in stuck:
        with transaction.atomic():
            message = (
                f"The worker stopped while running this task (started {row.started_at:%c}), "
                "so it never finished: killed, out of memory, or the machine restarted."
            )
            lost = {"exception_class_path": LOST, "traceback": f"{LOST}: {message}\n"}
            if attempts(row) < max_attempts():
                # At once: it has waited the timeout already, or its worker is gone.
                recovered += _requeue(stuck, row, now, **lost)
            else:
                recovered += stuck.filter(pk=row.pk).update(
                    status=TaskResultStatus.FAILED, finished_at=now, **lost
                )
            logger.warning("Task %s (%s) was lost by its worker.", row.pk, row.task_path)
    return recovered


def run_again(queryset):
    """Failed tasks back in the queue at once, with their attempts afresh; returns how many."""
    return queryset.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=get_date_max(),
        worker_ids=[],
        started_at=None,
        finished_at=None,
        exception_class_path="",
        traceback="",
    )
