"""Failure: /healthz for load balancers, a friendly 503 when the database is away, JSON logs."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections

from newsroom.logs import JSONFormatter
from tests.factories import ArticleFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def database_down(db, monkeypatch):
    """Every query fails as it would with the database server stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    return monkeypatch


# /healthz --------------------------------------------------------------------------------


def test_healthz_is_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_200_and_says_so_when_the_cache_is_down(client, monkeypatch):
    """Pages are built from the database meanwhile: the app server stays in rotation."""

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to cache:6379. Connection refused.")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "error"}


def test_healthz_tells_nothing_about_the_failure(client, database_down):
    body = text(client.get("/healthz"))

    assert "refused" not in body
    assert "server" not in body


def test_healthz_answers_plain_http_probes_even_with_the_https_redirect_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


# The database goes away ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/movies/", "/tag/stunts/", "/movies/some-story/"])
def test_readers_get_a_friendly_503_while_the_database_is_down(client, database_down, url):
    response = client.get(url)
    page = text(response)

    assert response.status_code == 503
    assert "We’ll be back in a moment" in page
    assert "Traceback" not in page
    assert "Connection refused" not in page
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_interface_errors_get_the_503_too(client, monkeypatch):
    def broken(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(connections["default"], "cursor", broken)

    assert client.get("/").status_code == 503


def test_the_outage_is_logged_with_path_and_status(client, database_down, caplog):
    with caplog.at_level(logging.ERROR, logger="newsroom.db"):
        client.get("/movies/")

    record = next(r for r in caplog.records if r.name == "newsroom.db")
    assert "Connection refused" in record.getMessage()
    assert record.request.path == "/movies/"
    assert record.status_code == 503


def test_the_site_recovers_by_itself_when_the_database_returns(client, database_down):
    assert client.get("/").status_code == 503

    database_down.undo()

    story = ArticleFactory(published=True)
    home = client.get("/")
    assert home.status_code == 200
    assert story.headline in text(home)


def test_other_errors_are_still_500s(client, monkeypatch):
    """Only a missing database is a 503: a bug must not hide behind "back in a moment"."""

    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr("reader.lists.HomeView.get", bug)
    client.raise_request_exception = False

    assert client.get("/").status_code == 500


CLOSED = {
    "sqlite": "sqlite:////nonexistent-newsroom-dir/db.sqlite3",
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    "postgresql": "postgres://newsroom@127.0.0.1:1/newsroom",
}


@pytest.mark.parametrize("database_url", CLOSED.values(), ids=CLOSED.keys())
def test_an_unreachable_database_server_gives_503s_and_json_logs(database_url):
    """A real outage, in a fresh process whose database cannot be reached at all."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(); "
        "print(c.get('/').status_code, c.get('/healthz').status_code, c.get('/healthz').json())"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x7-production-key-for-tests-only-9f3Kq2LmZ8vR4tW1yB6nH0cJ5dG",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(maxsplit=2)[:2] == ["503", "503"]
    # WhiteNoise may warn on stderr that STATIC_ROOT is missing; every log line is JSON.
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    outage = next(line for line in lines if line["logger"] == "newsroom.db")
    assert outage["level"] == "ERROR"
    assert outage["path"] == "/"
    assert outage["status"] == 503
    assert {"timestamp", "message"} <= outage.keys()
    assert any(line["logger"] == "django.request" and line["status"] == 503 for line in lines)


# JSON logs -------------------------------------------------------------------------------


def make_record(**extra):
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/",), None
    )
    record.__dict__.update(extra)
    return record


def test_a_json_log_line_has_time_level_logger_and_message():
    line = JSONFormatter().format(make_record())
    entry = json.loads(line)

    assert "\n" not in line
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /x/"
    assert entry["timestamp"].endswith("+00:00")


def test_a_json_log_line_has_the_request_path_and_status_when_known(rf):
    entry = json.loads(JSONFormatter().format(make_record(request=rf.get("/x/"), status_code=404)))

    assert entry["path"] == "/x/"
    assert entry["status"] == 404


def test_a_json_log_line_keeps_the_traceback_on_one_line():
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        record = make_record(exc_info=sys.exc_info())
    line = JSONFormatter().format(record)

    assert "\n" not in line
    assert "ZeroDivisionError" in json.loads(line)["exception"]
