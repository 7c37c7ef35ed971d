"""Sending from rows: once per reader and edition, even when a worker dies mid-batch."""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.core import mail as django_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from articles.models import Entity
from newsletters import sending
from newsletters.models import Mail, Newsletter, Subscriber, Subscription

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


class CountingBackend(BaseEmailBackend):
    """Counts each address's mails; "dies" (SystemExit, as a killed worker stops) before
    delivering message number ``die_at``."""

    received = Counter()
    delivered = 0
    die_at = None

    def send_messages(self, messages):
        for message in messages:
            if CountingBackend.die_at and CountingBackend.delivered + 1 == CountingBackend.die_at:
                raise SystemExit("killed")
            CountingBackend.delivered += 1
            for address in message.to:
                CountingBackend.received[address] += 1
        return len(messages)


@pytest.fixture
def counting(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_newsletters_sending.CountingBackend"}}
    CountingBackend.received = Counter()
    CountingBackend.delivered = 0
    CountingBackend.die_at = None
    return CountingBackend


@pytest.fixture
def newsletter():
    return Newsletter.objects.create(name="Daily", sender="daily@example.com", is_default=True)


def readers(newsletter, count, **fields):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.com", confirmed_at=now, token=f"t{n}", **fields)
        for n in range(count)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            newsletter=newsletter,
            kind="digest",
            target="digest",
            consent_wording="Send me the digest.",
            consent_page="/",
            confirmed_at=now,
        )
        for subscriber in Subscriber.objects.all()
    )


def test_a_worker_killed_mid_digest_sends_each_of_5000_readers_exactly_one_mail(
    newsletter, counting
):
    ArticleFactory(published=True, headline="The day's big story")
    readers(newsletter, 5000)
    counting.die_at = 2345
    with pytest.raises(SystemExit):
        sending.send_digest(newsletter)
    assert counting.delivered == 2344
    assert Mail.objects.filter(sent_at__isnull=False).count() == 2344

    # Restarted at once: the dead worker's batch is still claimed and left alone ...
    counting.die_at = None
    sending.send_digest(newsletter)
    claimed = Mail.objects.filter(sent_at=None).count()
    assert 0 < claimed <= 100
    # ... until it is as old as a lost task (jobs runs a lost task again then).
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        counts = sending.send_digest(newsletter)
    assert counts["sent"] == claimed
    assert counting.delivered == 5000
    assert set(counting.received.values()) == {1}
    assert len(counting.received) == 5000
    assert not Mail.objects.filter(sent_at=None).exists()


def test_planning_a_digest_twice_sends_it_once(newsletter):
    ArticleFactory(published=True)
    readers(newsletter, 3)
    assert sending.send_digest(newsletter)["sent"] == 3
    assert sending.send_digest(newsletter)["sent"] == 0
    assert len(django_mail.outbox) == 3
    assert Mail.objects.count() == 3


def test_no_digest_without_a_story(newsletter):
    readers(newsletter, 2)
    assert sending.send_digest(newsletter)["edition"] is None
    assert django_mail.outbox == []


def test_editors_picks_make_the_digest_and_are_emptied_once_sent(newsletter):
    picked = ArticleFactory(published=True, headline="The pick of the day")
    ArticleFactory(published=True, headline="Merely newer")
    newsletter.picks.add(picked)
    readers(newsletter, 1)
    sending.send_digest(newsletter)
    (message,) = django_mail.outbox
    assert "The pick of the day" in message.body and "Merely newer" not in message.body
    assert not newsletter.picks.exists()


def test_paused_or_departed_readers_get_nothing(newsletter):
    ArticleFactory(published=True)
    readers(newsletter, 2)
    Subscriber.objects.filter(email="reader0@example.com").update(paused=True)
    Subscriber.objects.filter(email="reader1@example.com").update(left_at=timezone.now())
    sending.send_digest(newsletter)
    assert django_mail.outbox == []


def test_a_refused_address_is_marked_failed_and_the_rest_are_sent(newsletter, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_newsletters_sending.RefusingBackend"}}
    ArticleFactory(published=True)
    readers(newsletter, 3)
    counts = sending.send_digest(newsletter)
    assert (counts["sent"], counts["failed"]) == (2, 1)
    failed = Mail.objects.get(failed_at__isnull=False)
    assert failed.address == "reader1@example.com" and "refused" in failed.error


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        import smtplib

        for message in messages:
            if message.to == ["reader1@example.com"]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"refused")})
        return len(messages)


def alert_reader(newsletter, entity):
    now = timezone.now() - timedelta(minutes=5)
    subscriber = Subscriber.objects.create(email="fan@example.com", confirmed_at=now)
    Subscription.objects.create(
        subscriber=subscriber,
        newsletter=newsletter,
        kind="entity",
        entity=entity,
        consent_wording="Alerts",
        consent_page="/",
        confirmed_at=now,
    )
    return subscriber


def about(entity, headline):
    story = ArticleFactory(published=True, headline=headline)
    story.publish_at = timezone.now()
    story.save()
    story.about.add(entity)
    return story


def test_alerts_are_batched_at_most_one_mail_an_hour(newsletter):
    tom = Entity.objects.create(kind="person", name="Tom Cruise", slug="tom-cruise")
    alert_reader(newsletter, tom)
    about(tom, "First story about him")
    about(tom, "Second story about him")
    assert sending.send_alerts()["sent"] == 1
    (first,) = django_mail.outbox
    assert first.subject == "Second story about him, and 1 more"

    about(tom, "Third story about him")
    held = sending.send_alerts()
    assert held["sent"] == 0 and held["next_due"] is not None
    with time_machine.travel(held["next_due"] + timedelta(seconds=1)):
        assert sending.send_alerts()["sent"] == 1
    assert "Third story about him" in django_mail.outbox[-1].body
    assert "First story" not in django_mail.outbox[-1].body
    assert sending.send_alerts()["sent"] == 0


def test_a_breaking_alert_goes_to_everyone_once(newsletter):
    story = ArticleFactory(published=True, headline="A studio is sold")
    readers(newsletter, 3)
    edition = sending.send_breaking(newsletter, story, "editor")
    assert sending.send_rows([edition])["sent"] == 3
    assert sending.send_breaking(newsletter, story, "editor") is None
    assert [m.subject for m in django_mail.outbox] == ["Breaking: A studio is sold"] * 3


def test_mails_end_with_the_sites_postal_address_unless_the_newsletter_gives_its_own(newsletter):
    from articles.models import SiteSettings

    SiteSettings(name="Newsroom", description="News.", postal_address="9 Reel Row\nLeeds").save()
    ArticleFactory(published=True)
    readers(newsletter, 1)
    sending.send_digest(newsletter)
    (message,) = django_mail.outbox
    html = message.alternatives[0][0]
    assert "9 Reel Row" in message.body and "9 Reel Row<br>Leeds" in html
    newsletter.postal_address = "1 Film Street"
    assert newsletter.footer_address == "1 Film Street"


def test_rows_held_by_a_worker_on_another_machine_are_sent_once_its_claim_goes_stale(
    newsletter, settings
):
    from django_tasks_db.models import DBTaskResult

    from newsletters import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ArticleFactory(published=True)
    readers(newsletter, 3)
    edition = sending.plan_digest(newsletter)
    # Another machine's worker took them a moment ago: alive or not, nobody here can tell.
    Mail.objects.update(claimed_at=timezone.now(), claimed_by="elsewhere:1:abc")
    counts = sending.send_rows([edition])
    assert (counts["sent"], counts["waiting"]) == (0, 3)
    tasks.finish_later(counts, [edition])
    later = DBTaskResult.objects.get(task_path="newsletters.tasks.send_edition")
    assert later.args_kwargs["args"] == [edition]
    timeout = timedelta(minutes=settings.NEWSROOM_TASK_TIMEOUT_MINUTES)
    assert later.run_after >= timezone.now() + timeout - timedelta(seconds=5)
    with time_machine.travel(timezone.now() + timeout + timedelta(seconds=10)):
        assert sending.send_rows([edition])["sent"] == 3
