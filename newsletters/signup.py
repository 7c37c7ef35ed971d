"""A reader's sign-up: checked, throttled, recorded with its consent, confirmed by mail.

The answer never says whether an address was known: a new address, a pending one and
one subscribed long ago get the same page, and only an address that still has
something to confirm is sent a mail.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from caching.outage import guarded
from caching.site import site_settings

from .consent import FOLLOWABLE, followed, wording
from .models import Newsletter, Subscriber, Subscription

HOUR = 3600


class SignupForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address like name@example.com.",
        },
    )
    kind = forms.CharField(required=False)
    follow = forms.CharField(required=False)
    page = forms.CharField(required=False, max_length=500)
    # The trap: hidden from people, filled in by bots that fill in every box.
    website = forms.CharField(required=False)

    def clean_email(self):
        local, _, domain = self.cleaned_data["email"].strip().rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or ""
        if kind and kind not in FOLLOWABLE:
            raise forms.ValidationError("This form names nothing that can be followed.")
        data["followed"] = followed(kind, data.get("follow")) if kind else None
        if kind and data["followed"] is None:
            raise forms.ValidationError("What this form follows is no longer on the site.")
        page = data.get("page") or ""
        data["page"] = page if page.startswith("/") else "/"
        return data


def client_ip(request):
    """The reader's address; behind the TLS proxy, the last one it added."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.split(",")[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR") or "unknown"


def _over(name, limit):
    """Count one more request under ``name`` this hour; True past ``limit``.

    Raises ``CacheDown`` when the cache server cannot be reached: with nothing to
    count on, the sign-up is refused rather than let a flood through.
    """
    key = "signups:" + hashlib.sha256(name.encode()).hexdigest()
    guarded(cache.add, key, 0, HOUR)
    try:
        return guarded(cache.incr, key) > limit
    except ValueError:  # expired between the two calls
        guarded(cache.set, key, 1, HOUR)
        return False


def throttled(request, email):
    """Too many sign-ups from this client, or for this address, in the last hour."""
    by_client = _over(f"client:{client_ip(request)}", settings.NEWSROOM_SIGNUPS_PER_CLIENT)
    by_address = _over(f"address:{email.lower()}", settings.NEWSROOM_SIGNUPS_PER_ADDRESS)
    return by_client or by_address


def sign_up(newsletter, email, followed_thing, page, kind=""):
    """Record the request and its consent; return the subscription to confirm, or None
    when there is nothing new to confirm."""
    now = timezone.now()
    words = wording(site_settings().name, kind, followed_thing)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        wanted = [(kind or Subscription.Kind.DIGEST, followed_thing)]
        if kind:  # a follow comes with the digest, as its words say
            wanted.append((Subscription.Kind.DIGEST, None))
        asked = []
        for what, thing in wanted:
            subscription = Subscription.objects.filter(
                subscriber=subscriber,
                newsletter=newsletter,
                target=Subscription.target_of(what, thing),
            ).first()
            if subscription and subscription.confirmed_at and subscriber.left_at is None:
                continue  # already theirs: nothing to confirm, nothing said
            subscription = subscription or Subscription(
                subscriber=subscriber, newsletter=newsletter, kind=what
            )
            if thing is not None:
                setattr(subscription, what, thing)
            subscription.consent_wording = words
            subscription.consent_page = page
            subscription.consent_at = now
            subscription.confirmed_at = None
            subscription.save()
            asked.append(subscription)
    return asked[0] if asked else None


def default_newsletter():
    """The newsletter forms sign readers up to; on a new site, one made at the first
    sign-up, which the desk can rename."""
    found = Newsletter.objects.order_by("-is_default", "pk").first()
    if found is None:
        found, _ = Newsletter.objects.get_or_create(
            name=f"{site_settings().name} daily",
            defaults={"sender": settings.DEFAULT_FROM_EMAIL, "is_default": True},
        )
    return found
