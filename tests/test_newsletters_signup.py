"""Bad input at the sign-up form and the signed links: a clear answer, nothing sent."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from newsletters import links
from newsletters.models import Newsletter, Subscriber, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def newsletter():
    return Newsletter.objects.create(name="Daily", sender="daily@example.com", is_default=True)


def sign_up(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/newsletters/sign-up/", {"page": "/", **fields})


def test_a_malformed_address_is_named_and_nothing_is_sent(
    client, django_capture_on_commit_callbacks
):
    answer = sign_up(client, django_capture_on_commit_callbacks, email="not an address")
    assert answer.status_code == 400
    assert "Enter an e-mail address like name@example.com." in answer.content.decode()
    assert 'aria-invalid="true"' in answer.content.decode()
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_a_bot_filling_the_hidden_box_is_told_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    answer = sign_up(
        client, django_capture_on_commit_callbacks, email="bot@example.com", website="http://x"
    )
    assert answer.status_code == 400
    assert "meant to be left empty" in answer.content.decode()
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_a_flood_for_one_address_is_stopped_after_three(client, django_capture_on_commit_callbacks):
    for _ in range(3):
        assert (
            sign_up(client, django_capture_on_commit_callbacks, email="a@example.com").status_code
            == 200
        )
    answer = sign_up(client, django_capture_on_commit_callbacks, email="a@example.com")
    assert answer.status_code == 429
    assert "try again in an hour" in answer.content.decode()
    assert len(mail.outbox) == 3


def test_a_flood_from_one_client_is_stopped(client, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM_SIGNUPS_PER_CLIENT = 5
    codes = [
        sign_up(client, django_capture_on_commit_callbacks, email=f"r{n}@example.com").status_code
        for n in range(7)
    ]
    assert codes == [200] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_asking_again_for_a_subscribed_address_reveals_nothing_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    new = sign_up(client, django_capture_on_commit_callbacks, email="known@example.com")
    Subscription.objects.update(confirmed_at=timezone.now())
    Subscriber.objects.update(confirmed_at=timezone.now())
    mail.outbox.clear()
    again = sign_up(client, django_capture_on_commit_callbacks, email="known@example.com")
    assert again.status_code == new.status_code == 200
    assert again.content == new.content
    assert mail.outbox == []


def test_following_something_unknown_is_refused_clearly(client, django_capture_on_commit_callbacks):
    for fields in ({"kind": "entity", "follow": "999"}, {"kind": "user", "follow": "1"}):
        answer = sign_up(
            client, django_capture_on_commit_callbacks, email="a@example.com", **fields
        )
        assert answer.status_code == 400
        assert "Nothing was sent." in answer.content.decode()
    assert mail.outbox == []


def test_the_sign_up_address_answers_only_posts(client):
    assert client.get("/newsletters/sign-up/").status_code == 405


@pytest.mark.parametrize("kind", ["confirm", "preferences", "unsubscribe"])
def test_a_forged_or_voided_link_says_so_without_an_error(client, kind):
    assert client.get(f"/newsletters/{kind}/forged/").status_code == 404
    subscriber = Subscriber.objects.create(email="a@example.com")
    token = links.reader_token(subscriber)
    subscriber.new_links()
    subscriber.save()
    answer = client.post(f"/newsletters/{kind}/{token}/")
    assert answer.status_code == 404
    assert "This link no longer works" in answer.content.decode()


def test_a_confirmation_link_expires_after_a_week(client, newsletter):
    subscriber = Subscriber.objects.create(email="a@example.com")
    subscription = Subscription.objects.create(
        subscriber=subscriber, newsletter=newsletter, kind="digest",
        consent_wording="x", consent_page="/",
    )  # fmt: skip
    token = links.confirm_token(subscription)
    assert links.subscription_from(token) == subscription
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(f"/newsletters/confirm/{token}/").status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_with_the_cache_server_down_a_sign_up_is_refused_in_words_and_sends_nothing(
    client, settings, django_capture_on_commit_callbacks
):
    # Nothing to count floods with: refused, rather than a flood let through.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    answer = sign_up(client, django_capture_on_commit_callbacks, email="a@example.com")
    assert answer.status_code == 503
    assert "Sign-ups are paused for a few minutes" in answer.content.decode()
    assert not Subscriber.objects.exists() and mail.outbox == []
