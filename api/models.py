"""API keys: made on the desk for an app or a partner, to lift the anonymous rate limit."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone

from articles.models.fields import desk_user

# A key reads "nr_" and 32 random characters; only its SHA-256 is stored.
PREFIX = "nr_"


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key):
        """The active key ``key`` names, or None (a revoked or made-up key)."""
        if not key.startswith(PREFIX) or len(key) > 100:
            return None
        return self.active().filter(digest=digest(key)).first()


class ApiKey(models.Model):
    name = models.CharField(
        max_length=120, help_text="Who uses it, e.g. “iOS app” or “Partner: Cinema Weekly”."
    )
    # The first characters of the key, so the desk can tell keys apart; the key itself
    # is shown once, when it is made, and never stored.
    starts_with = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        default=600, help_text="How many requests a minute this key may make."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = desk_user()
    revoked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Requests with a revoked key are refused."
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.starts_with}…)"

    def issue(self):
        """Give this (unsaved) key its secret; returns the key, to be shown once."""
        key = PREFIX + secrets.token_urlsafe(24)
        self.starts_with = key[:10]
        self.digest = digest(key)
        return key
