"""Production differs from a laptop by environment variables alone, and check --deploy agrees.

Settings are read once, at import, so each case starts a fresh Python with its own
environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "x7-production-key-for-tests-only-9f3Kq2LmZ8vR4tW1yB6nH0cJ5dG"

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_BEHIND_TLS_PROXY": "1",
}

SHOWN = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE",
    "ALLOWED_HOSTS",
    "SECURE_CSP",
    "NEWSROOM_PAGE_CACHE",
    "TASKS",
]


def run(args, env):
    """Run ``args`` with the project's Python; DJANGO_* and AWS_* come from ``env`` only."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_under(env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}))"
    )
    result = run(["-c", code], {"DJANGO_SETTINGS_MODULE": "newsroom.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_in_production():
    result = run(["manage.py", "check", "--deploy"], PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_are_https_only_with_a_year_of_hsts():
    chosen = settings_under(PRODUCTION)

    assert chosen["DEBUG"] is False
    assert chosen["SECURE_SSL_REDIRECT"] is True
    assert chosen["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert chosen["SESSION_COOKIE_SECURE"] is chosen["CSRF_COOKIE_SECURE"] is True
    assert chosen["SESSION_COOKIE_HTTPONLY"] is True
    assert chosen["SESSION_COOKIE_AGE"] == 12 * 60 * 60
    # Subdomains and preload bind more than this site: only on request.
    assert chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is chosen["SECURE_HSTS_PRELOAD"] is False


def test_hsts_subdomains_and_preload_are_opt_in_and_keep_check_deploy_clean():
    env = {**PRODUCTION, "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1", "DJANGO_HSTS_PRELOAD": "1"}

    chosen = settings_under(env)
    result = run(["manage.py", "check", "--deploy"], env)

    assert chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is chosen["SECURE_HSTS_PRELOAD"] is True
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], {"DJANGO_DEBUG": "0"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_allowed_hosts_come_from_the_environment():
    chosen = settings_under({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "news.example.com, example.org"})

    assert chosen["ALLOWED_HOSTS"] == ["news.example.com", "example.org"]


def test_debug_off_over_plain_http_on_a_laptop_is_possible():
    chosen = settings_under(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET, "DJANGO_SECURE_COOKIES": "0"}
    )

    assert chosen["SECURE_SSL_REDIRECT"] is False
    assert chosen["SESSION_COOKIE_SECURE"] is chosen["CSRF_COOKIE_SECURE"] is False


def test_make_run_defaults_stay_as_they_were():
    chosen = settings_under({})

    assert chosen["DEBUG"] is True
    assert chosen["SECURE_SSL_REDIRECT"] is False
    assert chosen["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.parametrize(
    ("env", "origin"),
    [
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example-cdn.net"}, "https://media.example-cdn.net"),
        ({}, "https://newsroom-media.s3.amazonaws.com"),
        (
            {"AWS_S3_ENDPOINT_URL": "https://fra1.digitaloceanspaces.com"},
            "https://fra1.digitaloceanspaces.com",
        ),
    ],
    ids=["cdn", "s3", "other-provider"],
)
def test_images_from_the_media_bucket_are_allowed_by_the_policy(env, origin):
    env = {**PRODUCTION, "AWS_STORAGE_BUCKET_NAME": "newsroom-media", **env}
    img_src = settings_under(env)["SECURE_CSP"]["img-src"]

    assert origin in img_src
    assert "'self'" in img_src


def test_an_absolute_media_url_is_allowed_by_the_policy():
    env = {**PRODUCTION, "DJANGO_MEDIA_URL": "https://img.example.org/media/"}

    assert "https://img.example.org" in settings_under(env)["SECURE_CSP"]["img-src"]


def test_local_media_adds_no_other_image_host():
    img_src = settings_under({})["SECURE_CSP"]["img-src"]

    assert img_src == ["'self'", "data:", "https://i.ytimg.com", "https://i.vimeocdn.com"]


@pytest.mark.django_db
def test_hsts_is_sent_over_https_and_plain_http_is_redirected(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    plain = client.get("/")
    secure = client.get("/", secure=True)

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/"
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


def test_the_page_cache_waits_for_a_shared_cache_in_production(monkeypatch):
    """Several workers with in-process caches could serve a story another one unpublished."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("NEWSROOM_PAGE_CACHE", raising=False)

    assert settings_under(PRODUCTION)["NEWSROOM_PAGE_CACHE"] is False
    shared = {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    assert settings_under(shared)["NEWSROOM_PAGE_CACHE"] is True
    assert settings_under({})["NEWSROOM_PAGE_CACHE"] is True  # make run: one process


def test_background_work_goes_to_the_database_queue_in_production_and_in_make_run():
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert settings_under(PRODUCTION)["TASKS"] == database
    assert settings_under({})["TASKS"] == database


def test_tasks_run_inline_only_on_request_and_never_in_production():
    inline = settings_under({"NEWSROOM_TASKS": "immediate"})
    assert inline["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")

    result = run(["manage.py", "check"], {**PRODUCTION, "NEWSROOM_TASKS": "immediate"})
    assert result.returncode != 0
    assert "NEWSROOM_TASKS=immediate is for development" in result.stderr
