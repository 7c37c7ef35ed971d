"""Background work on the database queue: a real worker, retries, lost tasks, the desk.

The rest of the suite runs tasks at once (tests/settings.py); these tests switch to
django-tasks-db's backend, so a task waits in the database until a worker runs it.
Time is moved with time-machine, never waited for.
"""

import io
import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from html import unescape
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.html import strip_tags
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from library.models import Image
from library.renditions import rendition_name
from library.tasks import build_renditions
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, image_bytes
from tests.helpers import text as html


def text(response):
    """What the page says, without its tags."""
    return " ".join(unescape(strip_tags(html(response))).split())


ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db
TASKS_URL = reverse("admin:jobs_backgroundtask_changelist")


@task
def always_fails():
    raise RuntimeError("The picture store did not answer.")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker checks its connection between tasks; inside a test's transaction that
# would close it (autocommit is off), so these tests leave the connection alone.
keep_connection = mock.patch(
    "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
)


def run_worker():
    """One pass of django-tasks-db's worker in this process: every task due now, then stop."""
    with keep_connection:
        _worker().run()


def _worker():
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(12),
        excluded_queue_names=[],
    )


def start_worker_command():
    """``manage.py db_worker --batch``, our command; it sets signal handlers, put back after."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with keep_connection:
            call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def picture_without_renditions(name="poster.jpg", size=(900, 500)):
    """A library picture whose renditions were never made (its task never ran)."""
    image = ImageFactory(file=ContentFile(image_bytes(size), name=name))
    Image.objects.filter(pk=image.pk).update(renditions={})
    image.refresh_from_db()
    return image


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@pytest.fixture
def movies(transactional_db):
    """The section the migrations made, gone if an earlier test emptied the tables."""
    return SectionFactory(slug="movies")


@pytest.mark.django_db(transaction=True)
def test_an_editors_upload_waits_for_the_worker_which_makes_its_renditions(
    movies, admin_client, post_data, database_queue, settings
):
    response = admin_client.post("/admin/articles/article/add/", post_data)
    assert response.status_code == 302

    # The save answered without making anything: the task waits in the queue.
    image = Image.objects.get()
    assert not (image.renditions or {}).get("widths")
    renditions_task = DBTaskResult.objects.filter(task_path="library.tasks.build_renditions")
    assert renditions_task.get().status == TaskResultStatus.READY
    assert not default_storage.exists(rendition_name(image.file.name, 160, "webp"))

    # A real worker, another process, on this test's database and media folder.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_DEBUG": "1",
        "NEWSROOM_TASKS": "database",
        "REDIS_URL": "",
    }
    worker = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr

    image.refresh_from_db()
    assert image.renditions["widths"] == [160]
    assert default_storage.exists(rendition_name(image.file.name, 160, "webp"))
    # Every task the save queued (the story's related stories too) is done.
    assert {row.status for row in DBTaskResult.objects.all()} == {TaskResultStatus.SUCCESSFUL}
    page = text(admin_client.get(TASKS_URL))
    assert "Make the smaller sizes of skydive" in page and "Done" in page
    assert "Work out related stories and previous/next for 1 story" in page


def test_a_failing_task_is_tried_three_times_with_growing_delays_then_left_failed(
    database_queue, admin_client, time_machine
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    result = always_fails.enqueue()

    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, len(row.worker_ids)) == (TaskResultStatus.READY, 1)
    assert row.run_after == start + timedelta(seconds=30)
    page = text(admin_client.get(TASKS_URL))
    assert "Failed; will try again" in page and "1 of 3" in page

    # Not before its time.
    time_machine.move_to(start + timedelta(seconds=29), tick=False)
    run_worker()
    assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 1

    second = start + timedelta(seconds=31)
    time_machine.move_to(second, tick=False)
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, len(row.worker_ids)) == (TaskResultStatus.READY, 2)
    assert row.run_after == second + timedelta(minutes=2)

    time_machine.move_to(second + timedelta(minutes=2, seconds=1), tick=False)
    run_worker()
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    run_worker()  # nothing more: three attempts were all it had
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, len(row.worker_ids)) == (TaskResultStatus.FAILED, 3)

    page = text(admin_client.get(TASKS_URL, {"state": "failed"}))
    assert "Failed after 3 tries" in page
    assert "RuntimeError: The picture store did not answer." in page


def test_a_task_lost_by_a_killed_worker_is_finished_by_the_next_one(database_queue, settings):
    image = picture_without_renditions()
    lost = DBTaskResult.objects.get(pk=build_renditions.enqueue(image.pk).id)
    # What a worker killed mid-task leaves behind: RUNNING, claimed, never finished.
    lost.claim("killed-worker")
    DBTaskResult.objects.filter(pk=lost.pk).update(
        started_at=timezone.now() - timedelta(minutes=settings.NEWSROOM_TASK_TIMEOUT_MINUTES + 1)
    )
    # One a live worker started a minute ago is left to it.
    busy = DBTaskResult.objects.get(pk=always_fails.enqueue().id)
    busy.claim("live-worker")
    DBTaskResult.objects.filter(pk=busy.pk).update(started_at=timezone.now() - timedelta(minutes=1))

    start_worker_command()

    image.refresh_from_db()
    assert image.renditions["widths"] == [480, 800]
    assert DBTaskResult.objects.get(pk=lost.pk).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=busy.pk).status == TaskResultStatus.RUNNING


def test_a_worker_restarted_after_a_kill_finishes_the_task_at_once(database_queue):
    """No waiting for the timeout when the dead worker was on this machine."""
    image = picture_without_renditions()
    lost = DBTaskResult.objects.get(pk=build_renditions.enqueue(image.pk).id)
    # Claimed by a worker process of this machine that has since ended.
    ended = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    ended.wait()
    lost.claim(f"{socket.gethostname()[:40]}:{ended.pid}:killed")
    # A task a live worker process of this machine is running is left to it.
    busy = DBTaskResult.objects.get(pk=always_fails.enqueue().id)
    busy.claim(f"{socket.gethostname()[:40]}:{os.getppid()}:alive")

    start_worker_command()

    image.refresh_from_db()
    assert image.renditions["widths"] == [480, 800]
    assert DBTaskResult.objects.get(pk=lost.pk).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=busy.pk).status == TaskResultStatus.RUNNING


def test_a_worker_names_its_machine_and_process():
    from jobs.retries import worker_id

    host, pid, tail = worker_id().split(":")
    assert host == socket.gethostname()[:40] and pid == str(os.getpid()) and len(tail) == 12
    assert worker_id() != worker_id()


def test_a_lost_task_on_its_last_attempt_is_shown_failed_on_the_desk(
    database_queue, admin_client, settings
):
    row = DBTaskResult.objects.get(pk=always_fails.enqueue().id)
    for worker in ("first", "second", "third"):
        row.claim(worker)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(hours=1))

    call_command("recover_tasks", stdout=io.StringIO())

    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.FAILED
    page = text(admin_client.get(TASKS_URL))
    assert "Failed after 3 tries" in page
    assert "The worker stopped in the middle of it" in page


def test_the_desk_says_what_failed_and_runs_it_again(database_queue, admin_client, settings):
    settings.NEWSROOM_TASK_RETRY_DELAYS = []  # one attempt, so it fails at once
    image = picture_without_renditions("premiere.jpg")
    original = image_bytes((900, 500))
    default_storage.delete(image.file.name)  # the store lost the original for a while
    build_renditions.enqueue(image.pk)
    run_worker()

    page = text(admin_client.get(TASKS_URL, {"state": "failed"}))
    assert "Make the smaller sizes of premiere" in page
    assert "Failed after 1 try" in page
    assert "FileNotFoundError" in page
    row = DBTaskResult.objects.get()

    default_storage.save(image.file.name, ContentFile(original))
    response = admin_client.post(
        TASKS_URL,
        {"action": "run_selected_again", "_selected_action": [row.pk]},
        follow=True,
    )
    assert "1 task queued to run again" in text(response)
    assert "Waiting for the worker" in text(response)

    run_worker()
    image.refresh_from_db()
    assert image.renditions["widths"] == [480, 800]
    assert default_storage.exists(rendition_name(image.file.name, 800, "webp"))
    assert "Done" in text(admin_client.get(TASKS_URL))


def test_only_staff_with_permission_see_the_tasks_and_run_them_again(
    database_queue, client, admin_client
):
    row = DBTaskResult.objects.get(pk=always_fails.enqueue().id)
    DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.FAILED)
    user = User.objects.create_user("reporter", "reporter@example.com", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(TASKS_URL).status_code == 403
    assert "Background tasks" not in text(client.get("/admin/"))

    user.user_permissions.add(Permission.objects.get(codename="view_backgroundtask"))
    page = text(client.get(TASKS_URL))
    assert "always_fails" in page
    assert "Run the selected failed tasks again" not in page
    client.post(TASKS_URL, {"action": "run_selected_again", "_selected_action": [row.pk]})
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.FAILED

    assert "Run the selected failed tasks again" in text(admin_client.get(TASKS_URL))


def test_editors_may_run_failed_tasks_again_and_writers_do_not_see_them(database_queue, client):
    row = DBTaskResult.objects.get(pk=always_fails.enqueue().id)
    DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.FAILED)
    for role, allowed in (("Writer", False), ("Editor", True)):
        user = User.objects.create_user(role.lower(), f"{role}@example.com", "pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        response = client.get(TASKS_URL)
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            assert "Run the selected failed tasks again" in text(response)


def test_the_immediate_backend_is_never_retried(settings):
    """The suite's backend: a failure is the caller's, and no row is left behind."""
    result = always_fails.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert not DBTaskResult.objects.exists()


def test_until_its_renditions_exist_a_picture_is_the_original_at_its_size(database_queue, client):
    article = ArticleFactory(published=True, hero=picture_without_renditions(size=(900, 500)))
    for url in ("/", article.get_absolute_url()):
        page = html(client.get(url))
        assert f'src="{article.hero.file.url}"' in page
        assert 'width="900" height="500"' in page
        assert "srcset" not in page


def test_a_tasks_page_is_headed_in_words_with_times_to_the_second(database_queue, admin_client):
    from articles.tasks import refresh_around

    row = DBTaskResult.objects.get(pk=refresh_around.enqueue([1, 2]).id)
    moment = timezone.localtime(row.enqueued_at)

    page = text(admin_client.get(f"{TASKS_URL}{row.pk}/change/"))
    assert page.startswith("Work out related stories and previous/next | View background task")
    assert "refresh_around" not in page
    assert moment.strftime("%H:%M:%S") in page
    listed = text(admin_client.get(TASKS_URL))
    assert "Work out related stories and previous/next for 2 stories" in listed
    assert moment.strftime("%H:%M:%S") in listed
