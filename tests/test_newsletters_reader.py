"""A reader's newsletter, tried as a reader would, against a real SMTP server (aiosmtpd)."""

import re
import socket
from datetime import timedelta
from email import message_from_bytes, policy
from html import unescape
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article, Entity
from newsletters import links
from newsletters.models import Mail, Newsletter, Subscriber, Subscription

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted"

    def to(self, address):
        return [message for rcpt, message in self.messages if address in rcpt]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield handler
    controller.stop()


@pytest.fixture
def newsletter(settings):
    settings.NEWSROOM_SITE_URL = "http://testserver"
    return Newsletter.objects.create(
        name="Newsroom daily",
        sender="Newsroom daily <daily@example.com>",
        is_default=True,
        postal_address="1 Film Street\nLondon W1 1AA",
    )


@pytest.fixture
def tom():
    tom = Entity.objects.create(kind="person", name="Tom Cruise", slug="tom-cruise")
    story = ArticleFactory(published=True, headline="Tom Cruise is back on set")
    story.about.add(tom)
    return tom


def _link(message, path):
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://testserver(/newsletters/{path}/[^/\s]+/)", text).group(1)


def _form_fields(html):
    form = re.search(r'<form method="post" action="/newsletters/sign-up/">(.*?)</form>', html, re.S)
    assert form, "the page has no sign-up form"
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(1)))


def _publish_about(entity, headline):
    story = ArticleFactory(status=Article.Status.PUBLISHED, headline=headline)
    Article.objects.filter(pk=story.pk).update(publish_at=timezone.now())
    story.about.add(entity)
    return story


def test_a_reader_follows_a_person_gets_alerts_and_the_digest_then_leaves(
    inbox, newsletter, tom, django_capture_on_commit_callbacks
):
    reader = Client(enforce_csrf_checks=True)
    hub = reader.get("/people/tom-cruise/")
    assert hub.status_code == 200
    page = hub.content.decode()
    assert "Follow Tom Cruise" in page
    fields = _form_fields(page)
    assert fields == {"kind": "entity", "follow": str(tom.pk), "page": "/people/tom-cruise/"}

    with django_capture_on_commit_callbacks(execute=True):
        answer = reader.post("/newsletters/sign-up/", {**fields, "email": "ana@Example.COM"})
    assert answer.status_code == 200
    assert "Check your inbox" in answer.content.decode()
    assert "no-cache" in answer["Cache-Control"]

    (confirmation,) = inbox.to("ana@example.com")
    assert confirmation["Subject"] == "Confirm your subscription to Newsroom daily"
    assert confirmation["List-Unsubscribe"] is None
    subscription = Subscription.objects.get(kind="entity")
    assert subscription.consent_page == "/people/tom-cruise/"
    assert subscription.consent_wording in unescape(page)  # the words the reader saw
    assert subscription.confirmed_at is None

    # Unconfirmed: a story about him and the day's digest send nothing.
    with django_capture_on_commit_callbacks(execute=True):
        _publish_about(tom, "Tom Cruise jumps off a cliff, again")
    call_command("send_digest", stdout=StringIO())
    assert len(inbox.messages) == 1

    confirm = _link(confirmation, "confirm")
    shown = reader.get(confirm)
    assert "Yes, send it to me" in shown.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown.content.decode())
    assert reader.post(confirm, {"csrfmiddlewaretoken": token.group(1)}).status_code == 200
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2  # and the digest

    with django_capture_on_commit_callbacks(execute=True):
        _publish_about(tom, "Tom Cruise signs for a ninth mission")
    alert = inbox.to("ana@example.com")[-1]
    assert alert["Subject"] == "Tom Cruise signs for a ninth mission"
    assert alert["From"] == "Newsroom daily <daily@example.com>"
    assert alert["Date"] and alert["Message-ID"].endswith("@testserver>")
    unsubscribe = re.fullmatch(
        r"<http://testserver(/newsletters/unsubscribe/[^>]+/)>", alert["List-Unsubscribe"]
    )
    assert unsubscribe
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = alert.get_body(("plain",)).get_content()
    html = alert.get_body(("html",)).get_content()
    assert "Tom Cruise signs for a ninth mission" in text and "http://testserver/" in text
    assert "jumps off a cliff" not in text  # published before the reader confirmed
    assert "1 Film Street" in text and "1 Film Street" in html
    assert 'style="' in html and "<style" not in html  # the CSS inlined
    assert "Tom Cruise signs for a ninth mission</a>" in html

    call_command("send_digest", stdout=StringIO())
    digest = inbox.to("ana@example.com")[-1]
    assert digest["Subject"].startswith("Newsroom daily: ")
    assert "Tom Cruise signs for a ninth mission" in digest.get_body(("plain",)).get_content()
    # Signed afresh in every mail (the signature carries its time), for the same reader.
    digest_leave = re.fullmatch(
        r"<http://testserver/newsletters/unsubscribe/([^>]+)/>", digest["List-Unsubscribe"]
    )
    assert links.subscriber_from(digest_leave.group(1)) == Subscriber.objects.get()

    preferences = _link(digest, "preferences")
    shown = reader.get(preferences).content.decode()
    assert "Tom Cruise: alerts" in shown
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown).group(1)
    kept = Subscription.objects.get(kind="digest").pk
    saved = reader.post(
        preferences, {"csrfmiddlewaretoken": token, "keep": [kept], "frequency": "digest"}
    )
    assert "Saved." in saved.content.decode()
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["digest"]
    assert Subscriber.objects.get().frequency == "digest"

    # RFC 8058: a mail program's POST, with no cookie and no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe.group(1),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert Subscriber.objects.get().left_at is not None
    sent = len(inbox.messages)
    Mail.objects.filter(kind="digest").update(created_at=timezone.now() - timedelta(days=2))
    Mail.objects.filter(kind="digest").update(edition="digest:earlier")
    call_command("send_digest", stdout=StringIO())
    assert len(inbox.messages) == sent


def test_the_form_is_on_the_home_story_section_and_tag_pages(client, newsletter):
    story = ArticleFactory(published=True, tags=["Box office"])
    pages = {
        "/": {"kind": "", "follow": ""},
        story.get_absolute_url(): {"kind": "section", "follow": str(story.section_id)},
        story.section.get_absolute_url(): {"kind": "section", "follow": str(story.section_id)},
        "/tag/box-office/": {"kind": "tag", "follow": str(story.tags.get().pk)},
    }
    for path, expected in pages.items():
        answer = client.get(path)
        assert answer.status_code == 200, path
        fields = _form_fields(answer.content.decode())
        assert fields == {**expected, "page": path}, path


def test_pages_with_the_form_are_still_served_from_the_page_cache(client, newsletter, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    ArticleFactory(published=True)
    first = client.get("/")
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies  # no CSRF cookie on a kept page
    assert "public" in first["Cache-Control"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/")
    assert again.content == first.content
    assert len(queries) == 0


def test_the_first_sign_up_on_a_new_site_makes_its_newsletter(client):
    answer = client.post("/newsletters/sign-up/", {"email": "first@example.com", "page": "/"})
    assert answer.status_code == 200
    (newsletter,) = Newsletter.objects.all()
    assert newsletter.name == "Newsroom daily" and newsletter.is_default
    subscription = Subscription.objects.get()
    assert subscription.kind == "digest" and subscription.consent_page == "/"
    assert subscription.consent_wording.startswith("Send me the Newsroom daily digest")
