"""Password guessing against the desk is locked out; the desk can move."""

import importlib
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import clear_url_caches
from django.utils import timezone

LOGIN = "/admin/login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(client, username, password, ip="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def fail(client, times, username="admin", ip="203.0.113.7", **headers):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", ip=ip, **headers)
        assert response.status_code in (200, 429)
    return response


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_the_defaults_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_wrong_passwords_below_the_limit_leave_the_account_usable(client, admin_user):
    fail(client, LIMIT - 1)

    response = sign_in(client, "admin", "password")

    assert response.status_code == 302 and is_signed_in(client)
    # A correct sign-in wipes the count: the next typo does not lock anyone out.
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


def test_repeated_failures_lock_the_account_with_a_clear_message(client, admin_user):
    response = fail(client, LIMIT)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "paused" in page and "15 minutes" in page
    assert "Newsroom desk" in page  # in the admin's own look, not a bare error


def test_the_right_password_is_refused_while_locked(client, admin_user):
    fail(client, LIMIT)

    response = sign_in(client, "admin", "password")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_one_address_guessing_many_accounts_is_locked_out(client, django_user_model):
    django_user_model.objects.create_superuser("maya", "maya@example.com", "password")
    for n in range(LIMIT):
        sign_in(client, f"guess-{n}", "wrong-password", ip="198.51.100.9")

    from_there = sign_in(client, "maya", "password", ip="198.51.100.9")
    from_elsewhere = sign_in(client.__class__(), "maya", "password", ip="192.0.2.44")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_one_account_guessed_from_many_addresses_is_locked_out(client, admin_user):
    for n in range(LIMIT):
        sign_in(client, "admin", "wrong-password", ip=f"192.0.2.{n + 1}")

    response = sign_in(client, "admin", "password", ip="192.0.2.200")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_lock_lifts_after_the_cool_off(client, admin_user):
    fail(client, LIMIT)

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = sign_in(client, "admin", "password")

    assert response.status_code == 302 and is_signed_in(client)


def test_an_editor_can_lift_the_lock_at_once(client, admin_user):
    fail(client, LIMIT)

    reset(username="admin")
    reset(ip="203.0.113.7")

    assert sign_in(client, "admin", "password").status_code == 302


def test_without_the_proxy_a_forwarded_address_is_ignored(client, admin_user):
    """Otherwise a guesser would get a fresh address for every try."""
    for n in range(LIMIT):
        sign_in(client, f"guess-{n}", "x", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    assert sign_in(client, "someone", "x").status_code == 429


def test_behind_the_proxy_the_client_address_comes_from_the_proxy(client, admin_user, settings):
    settings.BEHIND_TLS_PROXY = True
    proxy = "10.1.1.1"
    for n in range(LIMIT):
        # A client-supplied first entry changes nothing: the proxy's last entry counts.
        sign_in(
            client, f"guess-{n}", "x", ip=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.50"
        )

    locked = sign_in(client, "admin", "password", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    other = sign_in(
        client.__class__(), "admin", "password", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.51"
    )

    assert locked.status_code == 429
    assert other.status_code == 302


@pytest.fixture
def moved_desk(settings):
    """Re-read newsroom/urls.py with the desk at another address, and put it back after."""
    import newsroom.urls

    settings.ADMIN_URL = "desk-7f3a/"
    importlib.reload(newsroom.urls)
    clear_url_caches()
    yield "/desk-7f3a/"
    settings.ADMIN_URL = "admin/"
    importlib.reload(newsroom.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_desk_can_move_and_the_old_address_is_gone(client, admin_user, moved_desk):
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    login = client.get(f"{moved_desk}login/")
    assert login.status_code == 200

    response = client.post(
        f"{moved_desk}login/?next={moved_desk}", {"username": "admin", "password": "password"}
    )

    assert response.status_code == 302 and response["Location"] == moved_desk
    assert client.get(moved_desk).status_code == 200


@pytest.mark.django_db
def test_a_moved_desk_is_locked_out_too(client, admin_user, moved_desk):
    for _ in range(LIMIT):
        client.post(f"{moved_desk}login/", {"username": "admin", "password": "nope"})

    response = client.post(f"{moved_desk}login/", {"username": "admin", "password": "password"})

    assert response.status_code == 429


@pytest.mark.django_db
def test_robots_txt_does_not_reveal_a_moved_desk(client, moved_desk):
    robots = client.get("/robots.txt").content.decode()

    assert "desk-7f3a" not in robots and "/admin/" not in robots


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_the_usual_desk(client):
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


def test_code_on_the_server_can_still_check_a_password(client, admin_user):
    """The test client's login() and scripts call authenticate() without a request."""
    assert client.login(username="admin", password="password")
