"""A real worker on the database queue, killed in the middle of a digest and started
again: every reader gets the digest exactly once.

The SMTP server is the test's own (aiosmtpd). At one message in the middle it kills
the worker (SIGKILL) before answering, so that message was never accepted; the
worker started again finds its predecessor's task and its batch of rows left behind
by a process that has ended, and sends what is left.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from newsletters import tasks
from newsletters.models import Mail, Newsletter
from tests.factories import ArticleFactory
from tests.test_newsletters_sending import readers
from tests.test_queue import ROOT, database_url

READERS = 5000
KILL_AT = 2345  # the message during which the worker dies
WORKER = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"]


class KillingInbox:
    def __init__(self):
        self.received = Counter()
        self.seen = 0
        self.worker = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            if self.seen == KILL_AT and self.worker is not None:
                os.kill(self.worker.pid, signal.SIGKILL)
                self.worker.wait()
                return "421 Closing"
            for address in envelope.rcpt_tos:
                self.received[address] += 1
        return "250 Message accepted"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_digest_and_started_again_sends_each_reader_one_mail(settings):
    newsletter = Newsletter.objects.create(
        name="Daily", sender="daily@example.com", is_default=True
    )
    ArticleFactory(published=True, headline="The day's big story")  # its own tasks run now
    readers(newsletter, READERS)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tasks.send_digest.enqueue(newsletter.pk)

    inbox = KillingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_DEBUG": "1",
        "NEWSROOM_TASKS": "database",
        "REDIS_URL": "",
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "NEWSROOM_MAIL_BATCH": "50",
    }
    try:
        inbox.worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            WORKER, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        inbox.worker.communicate(timeout=180)
        assert inbox.worker.returncode == -signal.SIGKILL
        assert sum(inbox.received.values()) == KILL_AT - 1  # killed in the middle
        assert Mail.objects.filter(sent_at__isnull=False).count() == KILL_AT - 1

        inbox.worker = None  # started again, and left alone this time
        again = subprocess.run(  # noqa: S603 - our own interpreter and command
            WORKER, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
        )
        assert again.returncode == 0, again.stderr
    finally:
        controller.stop()

    assert len(inbox.received) == READERS
    assert set(inbox.received.values()) == {1}  # each reader exactly one mail
    assert not Mail.objects.filter(sent_at=None).exists()
