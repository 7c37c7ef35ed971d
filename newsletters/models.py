"""Newsletters, their readers, what each reader follows and every mail sent to them.

A reader has no account: a ``Subscriber`` is an address and a random ``token`` that
every signed link names, so that changing the token (leaving, a data deletion)
voids every link sent before. Each ``Subscription`` keeps its own consent: the words
the reader saw, on which page, when; and is live only once its confirmation link was
followed. A ``Mail`` is one message to one reader, planned before it is sent and
marked once it was, so a worker killed half-way through a digest sends the rest, not
the whole digest again.
"""

import secrets
from datetime import time

from django.db import models
from django.utils import timezone

from caching.site import site_settings


def new_token():
    return secrets.token_urlsafe(24)


class Newsletter(models.Model):
    name = models.CharField(max_length=100, unique=True)
    sender = models.CharField(
        max_length=200,
        help_text="The From line, e.g. “Newsroom daily <daily@example.com>”. "
        "Its domain must be one the mail provider may send for.",
    )
    digest_time = models.TimeField(
        default=time(7, 0), help_text="When the daily digest is sent, in the site's time zone."
    )
    digest_size = models.PositiveSmallIntegerField(
        default=8, help_text="How many stories a digest lists at most."
    )
    picks = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="+",
        help_text="The next digest's stories, in the editors' choice. Left empty, the "
        "digest lists the newest stories since the last one. Emptied once it is sent.",
    )
    postal_address = models.TextField(
        blank=True,
        help_text="The postal address at the foot of this newsletter's mails, where it is "
        "not the site's own (Site settings → Newsletters).",
    )
    is_default = models.BooleanField(
        "sign-up newsletter",
        default=False,
        help_text="The newsletter the site's sign-up forms subscribe readers to.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    @property
    def footer_address(self):
        """The postal address its mails end with: its own, else the site's."""
        return self.postal_address.strip() or site_settings().postal_address.strip()


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        ALL = "all", "The daily digest and alerts"
        DIGEST = "digest", "The daily digest only"
        ALERTS = "alerts", "Alerts only"

    email = models.EmailField(unique=True)
    token = models.CharField(max_length=64, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader first followed a confirmation link."
    )
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.ALL)
    paused = models.BooleanField(default=False, help_text="Nothing is sent while paused.")
    left_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader unsubscribed from everything."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def receives(self):
        return self.confirmed_at is not None and self.left_at is None and not self.paused

    def new_links(self):
        """Void every link sent before (rotating the token the signatures name)."""
        self.token = new_token()


class SubscriptionQuerySet(models.QuerySet):
    def live(self):
        """Confirmed subscriptions of readers who receive mail now."""
        return self.filter(
            confirmed_at__isnull=False,
            subscriber__confirmed_at__isnull=False,
            subscriber__left_at__isnull=True,
            subscriber__paused=False,
        )


class Subscription(models.Model):
    """What a reader asked for: the digest, or alerts about one entity, section or tag."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Daily digest"
        ENTITY = "entity", "Person, film or show"
        SECTION = "section", "Section"
        TAG = "tag", "Tag"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(max_length=7, choices=Kind.choices)
    entity = models.ForeignKey(
        "articles.Entity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    section = models.ForeignKey(
        "articles.Section", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The consent record: the exact words shown beside the form, the page it was on.
    # "digest", "entity:12", "section:3", "tag:9": one subscription per thing followed
    # (a key of its own, since SQLite's unique constraints count empty columns apart).
    target = models.CharField(max_length=40, editable=False)
    consent_wording = models.TextField()
    consent_page = models.CharField(max_length=500)
    consent_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["subscriber", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter", "target"], name="subscription_once"
            ),
        ]

    def __str__(self):
        return self.describe()

    def save(self, *args, **kwargs):
        self.target = self.target_of(self.kind, self.followed)
        super().save(*args, **kwargs)

    @staticmethod
    def target_of(kind, followed=None):
        return kind if followed is None else f"{kind}:{followed.pk}"

    @property
    def followed(self):
        return self.entity or self.section or self.tag

    def describe(self):
        if self.kind == self.Kind.DIGEST:
            return f"{self.newsletter.name}: the daily digest"
        return f"{self.followed.name}: alerts"


class Mail(models.Model):
    """One message to one reader, planned before it is sent and marked once it was.

    ``edition`` names what the message is (``digest:2026-12-07``,
    ``alert:2026-12-07T14``, ``breaking:123``, ``confirm:45``): a reader gets one
    mail per edition, so a send planned twice sends once.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirmation"
        DIGEST = "digest", "Digest"
        ALERT = "alert", "Alert"
        BREAKING = "breaking", "Breaking alert"
        TEST = "test", "Test send"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="mails")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, null=True, blank=True, related_name="mails"
    )
    address = models.EmailField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    edition = models.CharField(max_length=60)
    stories = models.JSONField(default=list, blank=True)
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A worker takes a batch by stamping it with the moment and its process ("host:pid:
    # …"); a batch whose process on this machine has ended, or whose stamp is older than
    # the task timeout (a dead worker elsewhere), is taken again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "address", "edition"], name="mail_once_per_edition"
            ),
        ]
        indexes = [models.Index(fields=["edition", "sent_at"], name="mail_edition_sent_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.address} ({self.edition})"


class Breaking(models.Model):
    """A story sent to everyone on a newsletter as a breaking alert: once."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    sent_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "story"], name="breaking_once")
        ]

    def __str__(self):
        return f"Breaking alert on {self.newsletter}: story {self.story_id}"
