"""Planning mails as rows, then sending the rows: the worker's side of newsletters.

Planning writes one ``Mail`` row per reader and edition (unique, so planning twice
plans once). Sending takes a batch of unsent rows by stamping ``claimed_at``, sends
each message and marks its row at once. A worker killed mid-batch leaves rows
unmarked; after the task timeout (``NEWSROOM_TASK_TIMEOUT_MINUTES``, the same after
which ``jobs`` runs the lost task again) their stamp counts as a dead worker's and
another run sends them. So a reader gets each mail once, except the one message a
worker may have handed to the mail server in the instant before it died.
"""

import smtplib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article
from jobs.retries import process_gone, worker_id

from .mails import Renderer, build
from .models import Breaking, Mail, Newsletter, Subscription

ALERT_GAP = timedelta(hours=1)
ALERT_HORIZON = timedelta(days=1)  # a story older than this is no longer news to alert


def plan(newsletter, kind, edition, recipients, stories=(), subscription=None):
    """Rows for (subscriber id, address) pairs; those already planned are left as they are."""
    rows = [
        Mail(
            newsletter=newsletter,
            subscriber_id=subscriber_id,
            address=address,
            kind=kind,
            edition=edition,
            stories=list(stories),
            subscription=subscription,
        )
        for subscriber_id, address in recipients
    ]
    Mail.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return Mail.objects.filter(newsletter=newsletter, edition=edition).count()


UNSENT = Q(sent_at=None, failed_at=None)


def _claimable(editions, now):
    """Rows nobody is sending: unclaimed, claimed longer ago than the task timeout (a
    worker that died anywhere), or claimed by a process of this machine that has ended
    (a worker killed here and started again goes on at once)."""
    stale = now - timedelta(minutes=settings.NEWSROOM_TASK_TIMEOUT_MINUTES)
    claimants = (
        Mail.objects.filter(UNSENT, edition__in=editions, claimed_at__gte=stale)
        .exclude(claimed_by="")
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    gone = [name for name in claimants if process_gone(name)]
    return UNSENT & (Q(claimed_at=None) | Q(claimed_at__lt=stale) | Q(claimed_by__in=gone))


def _claim(editions, now, me):
    """A batch of unsent rows, taken by this run (a live run's fresh batch is left)."""
    free = _claimable(editions, now)
    ids = list(
        Mail.objects.filter(free, edition__in=editions)
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.NEWSROOM_MAIL_BATCH]
    )
    if not ids:
        return []
    Mail.objects.filter(free, pk__in=ids).update(claimed_at=now, claimed_by=me)
    return list(
        Mail.objects.filter(pk__in=ids, claimed_by=me, sent_at=None).select_related(
            "newsletter", "subscriber", "subscription__subscriber"
        )
    )


def send_rows(editions):
    """Send every unsent row of these editions; the counts of sent and failed, and
    ``waiting``: rows another live run holds, which the caller sends later if that
    run never does."""
    renderer = Renderer()
    sent = failed = 0
    me = worker_id()  # this run's name on the rows it takes: machine, process, random
    with mailers.default as connection:
        while batch := _claim(editions, timezone.now(), me):
            for mail in batch:
                if _send_one(connection, mail, renderer):
                    sent += 1
                else:
                    failed += 1
    waiting = Mail.objects.filter(UNSENT, edition__in=editions).count()
    return {"sent": sent, "failed": failed, "waiting": waiting}


def stale_at(now=None):
    """When rows claimed now count as a dead worker's."""
    now = now or timezone.now()
    return now + timedelta(minutes=settings.NEWSROOM_TASK_TIMEOUT_MINUTES, seconds=5)


def _send_one(connection, mail, renderer):
    message = build(mail, renderer)
    try:
        connection.send_messages([message])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        # This address will not take it: marked failed, never tried again.
        Mail.objects.filter(pk=mail.pk).update(failed_at=timezone.now(), error=str(error)[:300])
        return False
    except Exception:
        # The server is down or the link broke: the row is left for the task's retry.
        Mail.objects.filter(pk=mail.pk).update(claimed_at=None, claimed_by="")
        raise
    Mail.objects.filter(pk=mail.pk).update(
        sent_at=timezone.now(), message_id=message.extra_headers["Message-ID"]
    )
    return True


# What each reader gets.


def _receiving(newsletter, frequencies):
    return Subscription.objects.live().filter(
        newsletter=newsletter, subscriber__frequency__in=frequencies
    )


def digest_edition(day):
    return f"digest:{day.isoformat()}"


def digest_stories(newsletter, now):
    picks = list(
        Article.objects.published(at=now)
        .filter(pk__in=newsletter.picks.values("pk"))
        .order_by("-publish_at")
        .values_list("pk", flat=True)[: newsletter.digest_size]
    )
    if picks:
        return picks
    last = Mail.objects.filter(newsletter=newsletter, kind=Mail.Kind.DIGEST).aggregate(
        last=Max("created_at")
    )["last"]
    since = max(last or now - timedelta(days=1), now - timedelta(days=1))
    return list(
        Article.objects.published(at=now)
        .filter(publish_at__gt=since)
        .order_by("-publish_at")
        .values_list("pk", flat=True)[: newsletter.digest_size]
    )


def plan_digest(newsletter, now=None):
    """Today's digest as rows (once a day, whatever calls it); its edition, or None when
    there is no story to send."""
    now = now or timezone.now()
    edition = digest_edition(timezone.localdate(now))
    with transaction.atomic():
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if Mail.objects.filter(newsletter=newsletter, edition=edition).exists():
            return edition  # planned already: only what is unsent is left to send
        stories = digest_stories(newsletter, now)
        if not stories:
            return None
        recipients = (
            _receiving(newsletter, ["all", "digest"])
            .filter(kind=Subscription.Kind.DIGEST)
            .values_list("subscriber_id", "subscriber__email")
            .distinct()
        )
        plan(newsletter, Mail.Kind.DIGEST, edition, recipients, stories)
        newsletter.picks.clear()
    return edition


def send_digest(newsletter, now=None):
    edition = plan_digest(newsletter, now)
    if edition is None:
        return {"sent": 0, "failed": 0, "edition": None}
    return {**send_rows([edition]), "edition": edition}


def _matches(stories, subscription):
    if subscription.kind == Subscription.Kind.SECTION:
        return [s for s in stories if s["section_id"] == subscription.section_id]
    if subscription.kind == Subscription.Kind.TAG:
        return [s for s in stories if subscription.tag_id in s["tags"]]
    return [s for s in stories if subscription.entity_id in s["about"]]


def _recent_stories(now):
    rows = (
        Article.objects.published(at=now)
        .filter(publish_at__gt=now - ALERT_HORIZON)
        .values("pk", "publish_at", "section_id")
    )
    stories = {row["pk"]: {**row, "tags": set(), "about": set()} for row in rows}
    through = Article.tags.through.objects.filter(object_id__in=stories)
    for story_id, tag_id in through.values_list("object_id", "tag_id"):
        stories[story_id]["tags"].add(tag_id)
    for story_id, entity_id in Article.about.through.objects.filter(
        article_id__in=stories
    ).values_list("article_id", "entity_id"):
        stories[story_id]["about"].add(entity_id)
    return sorted(stories.values(), key=lambda s: s["publish_at"])


def plan_alerts(now=None):
    """One alert row per reader with new stories about what they follow, at most one an
    hour. Returns the editions planned and when a reader held back is next due."""
    now = now or timezone.now()
    stories = _recent_stories(now)
    if not stories:
        return [], None
    edition = f"alert:{now.astimezone(UTC):%Y-%m-%dT%H}"
    follows = (
        Subscription.objects.live()
        .exclude(kind=Subscription.Kind.DIGEST)
        .filter(subscriber__frequency__in=["all", "alerts"])
        .select_related("subscriber", "newsletter")
    )
    last_alert = dict(
        Mail.objects.filter(kind=Mail.Kind.ALERT)
        .values("subscriber_id")
        .annotate(last=Max("created_at"))
        .values_list("subscriber_id", "last")
    )
    wanted, next_due = {}, None
    for follow in follows:
        last = last_alert.get(follow.subscriber_id)
        since = max(filter(None, [last, follow.confirmed_at]))
        new = [s for s in _matches(stories, follow) if s["publish_at"] > since]
        if not new:
            continue
        if last and now - last < ALERT_GAP:
            due = last + ALERT_GAP
            next_due = min(next_due or due, due)
            continue
        key = (follow.newsletter, follow.subscriber_id, follow.subscriber.email)
        wanted.setdefault(key, {}).update({s["pk"]: s["publish_at"] for s in new})
    for (newsletter, subscriber_id, email), found in wanted.items():
        ids = sorted(found, key=found.get, reverse=True)
        plan(newsletter, Mail.Kind.ALERT, edition, [(subscriber_id, email)], ids)
    return ([edition] if wanted else []), next_due


def send_alerts(now=None):
    editions, next_due = plan_alerts(now)
    counts = send_rows(editions) if editions else {"sent": 0, "failed": 0, "waiting": 0}
    return {**counts, "next_due": next_due, "editions": editions}


def send_breaking(newsletter, story, editor):
    """Everyone on the newsletter gets this story now; a second call sends nothing."""
    with transaction.atomic():
        _, created = Breaking.objects.get_or_create(
            newsletter=newsletter, story=story, defaults={"sent_by": editor}
        )
        if not created:
            return None
        recipients = (
            Subscription.objects.live()
            .filter(newsletter=newsletter)
            .values_list("subscriber_id", "subscriber__email")
            .distinct()
        )
        edition = f"breaking:{story.pk}"
        plan(newsletter, Mail.Kind.BREAKING, edition, recipients, [story.pk])
    return edition


def send_test(newsletter, address, kind="digest"):
    """The next digest (or an alert with the newest story) to one editor's address."""
    now = timezone.now()
    stories = digest_stories(newsletter, now)
    if kind == "alert":
        stories = stories[:1]
    edition = f"test:{now.timestamp()}"
    Mail.objects.create(
        newsletter=newsletter, address=address, kind=Mail.Kind.TEST, edition=edition,
        stories=stories,
    )  # fmt: skip
    return send_rows([edition])


def confirmation(subscription):
    """The confirmation mail for a subscription waiting for its reader."""
    subscriber = subscription.subscriber
    edition = f"confirm:{subscription.pk}:{subscription.consent_at.timestamp()}"
    plan(
        subscription.newsletter,
        Mail.Kind.CONFIRM,
        edition,
        [(subscriber.pk, subscriber.email)],
        subscription=subscription,
    )
    return send_rows([edition])


def next_digest_time(newsletter, now=None):
    now = timezone.localtime(now or timezone.now())
    due = timezone.make_aware(datetime.combine(now.date(), newsletter.digest_time))
    return due if due > now else due + timedelta(days=1)
