"""django-tasks-db's worker, which also finds tasks lost by a worker that died.

Same name and options as the original (this app comes first in INSTALLED_APPS):
on start, and every minute while it runs, tasks RUNNING longer than the timeout,
or claimed by a worker of this machine that is no longer running, go back in the
queue (``jobs/retries.py``). Its default ``--worker-id`` names the machine and
the process, which is how a dead one is known.
"""

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from jobs.retries import recover_lost_tasks, worker_id

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60


def _recover(me):
    try:
        recover_lost_tasks(me=me)
    except Exception:
        logger.exception("Could not look for lost tasks")


def _keep_recovering(stop, me):
    while not stop.wait(CHECK_EVERY_SECONDS):
        _recover(me)
        close_old_connections()
    connection.close()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", putting tasks lost by a dead worker back in the queue"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args, **options):
        me = options["worker_id"]
        _recover(me)
        stop = threading.Event()
        if not options["batch"]:
            threading.Thread(target=_keep_recovering, args=(stop, me), daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
