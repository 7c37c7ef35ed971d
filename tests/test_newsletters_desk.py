"""The newsletters on the desk: previews, a test send, counts, consent, a reader's data."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from newsletters import sending
from newsletters.models import Breaking, Mail, Newsletter, Subscriber, Subscription

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsletter():
    return Newsletter.objects.create(name="Daily", sender="daily@example.com", is_default=True)


@pytest.fixture
def reader(newsletter):
    now = timezone.now()
    subscriber = Subscriber.objects.create(email="ana@example.com", confirmed_at=now)
    Subscription.objects.create(
        subscriber=subscriber, newsletter=newsletter, kind="digest",
        consent_wording="Send me the Newsroom daily digest.", consent_page="/movies/",
        confirmed_at=now,
    )  # fmt: skip
    return subscriber


def test_the_next_digest_and_an_alert_can_be_previewed(admin_client, newsletter):
    ArticleFactory(published=True, headline="A preview headline")
    for kind in ("digest", "alert"):
        answer = admin_client.get(f"/admin/newsletters/newsletter/{newsletter.pk}/preview/{kind}/")
        assert answer.status_code == 200
        assert "A preview headline" in answer.content.decode()
    assert mail.outbox == []


def test_an_editor_sends_a_test_to_themselves(admin_client, admin_user, newsletter, reader):
    ArticleFactory(published=True)
    admin_client.post(
        "/admin/newsletters/newsletter/",
        {"action": "test_digest", "_selected_action": [newsletter.pk]},
    )
    (message,) = mail.outbox
    assert message.to == [admin_user.email]
    assert message.subject == "Test: Daily"


def test_the_sent_mails_show_their_counts(admin_client, newsletter, reader):
    ArticleFactory(published=True)
    sending.send_digest(newsletter)
    Subscriber.objects.update(left_at=timezone.now())
    page = admin_client.get("/admin/newsletters/mail/").content.decode()
    assert "Sent mails by edition" in page
    edition = Mail.objects.get().edition
    assert f"<td>{edition}</td><td>digest</td><td>1</td><td>1</td><td>0</td><td>1</td>" in page


def test_a_reader_shows_their_consent_and_can_be_exported_and_deleted(admin_client, reader):
    page = admin_client.get(f"/admin/newsletters/subscriber/{reader.pk}/change/").content.decode()
    assert "Send me the Newsroom daily digest." in page and "/movies/" in page
    export = admin_client.post(
        "/admin/newsletters/subscriber/",
        {"action": "export_data", "_selected_action": [reader.pk]},
    )
    (data,) = json.loads(export.content)
    assert data["email"] == "ana@example.com"
    assert data["subscriptions"][0]["consent_page"] == "/movies/"
    admin_client.post(
        "/admin/newsletters/subscriber/",
        {"action": "delete_data", "_selected_action": [reader.pk]},
    )
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


def test_a_breaking_alert_is_sent_from_a_story_once(
    admin_client, newsletter, reader, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True, headline="A studio is sold")
    form = {"newsletter": newsletter.pk, "story": story.pk}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/newsletters/breaking/add/", form)
    assert [m.subject for m in mail.outbox] == ["Breaking: A studio is sold"]
    again = admin_client.post("/admin/newsletters/breaking/add/", form)
    assert "already exists" in again.content.decode()
    assert Breaking.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_a_story_not_live_never_goes_out_as_a_breaking_alert(
    admin_client, newsletter, reader, django_capture_on_commit_callbacks, state
):
    story = ArticleFactory(headline="Not yet", **({state: True} if state != "draft" else {}))
    form = {"newsletter": newsletter.pk, "story": story.pk}
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post("/admin/newsletters/breaking/add/", form)
    assert answer.status_code == 200
    assert "Only a published story can go out as a breaking alert" in answer.content.decode()
    assert not Breaking.objects.exists() and mail.outbox == []


def test_only_those_who_may_publish_send_a_breaking_alert(client, django_user_model):
    from django.contrib.auth.models import Group

    writer = django_user_model.objects.create_user("writer", password="x", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writer"))
    writer.user_permissions.add(*Permission.objects.filter(codename="add_breaking"))
    client.force_login(writer)
    assert client.get("/admin/newsletters/breaking/add/").status_code == 403
