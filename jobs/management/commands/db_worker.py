"""django-tasks-db's worker, which also finds tasks lost by a worker that died.

Same name and options as the original (this app comes first in INSTALLED_APPS):
on start, and every minute while it runs, tasks RUNNING longer than the timeout
go back in the queue (``jobs/retries.py``).
"""

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from jobs.retries import recover_lost_tasks

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60


def _recover():
    try:
        recover_lost_tasks()
    except Exception:
        logger.exception("Could not look for lost tasks")


def _keep_recovering(stop):
    while not stop.wait(CHECK_EVERY_SECONDS):
        _recover()
        close_old_connections()
    connection.close()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", putting tasks lost by a dead worker back in the queue"

    def handle(self, *args, **options):
        _recover()
        stop = threading.Event()
        if not options["batch"]:
            threading.Thread(target=_keep_recovering, args=(stop,), daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
