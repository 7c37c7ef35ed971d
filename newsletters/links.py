"""The signed links in mails: confirming a subscription, a reader's preferences, leaving.

No reader signs in, so a link is the reader's only key. Each is signed with the
site's secret (``django.core.signing``) and names the subscriber's random token, so
that a new token (leaving, a deletion on request) voids all the links sent before.
A confirmation link lasts a week; the others are in every mail and never expire.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Subscriber, Subscription

CONFIRM_DAYS = 7
_CONFIRM = "newsletters.confirm"
_READER = "newsletters.reader"


def absolute(path):
    return f"{settings.NEWSROOM_SITE_URL}{path}"


def confirm_token(subscription):
    return signing.dumps([subscription.pk, subscription.subscriber.token], salt=_CONFIRM)


def reader_token(subscriber):
    return signing.dumps([subscriber.pk, subscriber.token], salt=_READER)


def confirm_url(subscription):
    return absolute(reverse("newsletters:confirm", args=[confirm_token(subscription)]))


def preferences_url(subscriber):
    return absolute(reverse("newsletters:preferences", args=[reader_token(subscriber)]))


def unsubscribe_url(subscriber):
    return absolute(reverse("newsletters:unsubscribe", args=[reader_token(subscriber)]))


def subscription_from(token):
    """The subscription a confirmation link names, or None (forged, expired, voided)."""
    try:
        pk, secret = signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Subscription.objects.select_related("subscriber", "newsletter")
        .filter(pk=pk, subscriber__token=secret)
        .first()
    )


def subscriber_from(token):
    """The reader a preferences or unsubscribe link names, or None."""
    try:
        pk, secret = signing.loads(token, salt=_READER)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=pk, token=secret).first()
