"""The reader's side: sign up, confirm, preferences, leave. None of it is ever cached.

The sign-up form sits on cached pages, where a CSRF token would be one reader's,
kept for everyone: it posts here without one. What a forged post can do is ask for a
confirmation mail, which the throttles bound and which nobody has to follow. The
one-click unsubscribe is the other exempt address, because RFC 8058's POST comes
from a mail program with no cookie; its signed link is its proof.
"""

from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from caching.outage import CacheDown

from . import links, signup, tasks
from .models import Subscriber, Subscription


def _answer(request, template, status=200, **context):
    response = render(request, f"newsletters/{template}", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@csrf_exempt
@require_POST
def sign_up(request):
    form = signup.SignupForm(request.POST)
    if request.POST.get("website"):
        return _answer(
            request,
            "refused.html",
            400,
            reason="A box meant to be left empty was filled in, so nothing was sent. "
            "If you are not a robot, try again from the page.",
        )
    if not form.is_valid():
        return _answer(request, "signup_again.html", 400, form=form)
    data = form.cleaned_data
    try:
        over = signup.throttled(request, data["email"])
    except CacheDown:
        return _answer(
            request,
            "refused.html",
            503,
            reason="Sign-ups are paused for a few minutes while part of the site recovers. "
            "Nothing was sent; please try again shortly.",
        )
    if over:
        return _answer(
            request,
            "refused.html",
            429,
            reason="There have been too many sign-ups from here or for this address. "
            "Nothing was sent; try again in an hour.",
        )
    newsletter = signup.default_newsletter()
    asked = signup.sign_up(newsletter, data["email"], data["followed"], data["page"], data["kind"])
    if asked is not None:
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(asked.pk))
    # The same page whether the address was new, waiting or long subscribed.
    return _answer(request, "check_inbox.html", email=data["email"], page=data["page"])


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation mail. Following it shows a button: mail scanners
    open links, and a subscription is confirmed by the reader's press, not theirs."""
    subscription = links.subscription_from(token)
    if subscription is None:
        return _answer(request, "bad_link.html", 404)
    if request.method == "POST":
        confirm_subscription(subscription)
        subscriber = subscription.subscriber
        return _answer(
            request,
            "confirmed.html",
            subscription=subscription,
            preferences=links.preferences_url(subscriber),
        )
    return _answer(request, "confirm.html", subscription=subscription)


def confirm_subscription(subscription):
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscription.subscriber_id)
        Subscription.objects.filter(
            subscriber=subscriber, consent_at=subscription.consent_at, confirmed_at=None
        ).update(confirmed_at=now)
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at=None).update(confirmed_at=now)
        Subscriber.objects.filter(pk=subscriber.pk).update(left_at=None)


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = links.subscriber_from(token)
    if subscriber is None:
        return _answer(request, "bad_link.html", 404)
    saved = False
    if request.method == "POST":
        keep = set(request.POST.getlist("keep"))
        subscriber.subscriptions.filter(confirmed_at__isnull=False).exclude(
            pk__in=[pk for pk in keep if pk.isdigit()]
        ).delete()
        if request.POST.get("frequency") in Subscriber.Frequency.values:
            subscriber.frequency = request.POST["frequency"]
        subscriber.paused = bool(request.POST.get("paused"))
        subscriber.save(update_fields=["frequency", "paused"])
        saved = True
    return _answer(
        request,
        "preferences.html",
        subscriber=subscriber,
        subscriptions=subscriber.subscriptions.filter(confirmed_at__isnull=False).select_related(
            "newsletter", "entity", "section", "tag"
        ),
        frequencies=Subscriber.Frequency.choices,
        token=token,
        saved=saved,
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Leaving: the List-Unsubscribe address. A GET shows the one button; a POST (the
    button, or a mail program's RFC 8058 one-click POST, with no cookie) leaves."""
    subscriber = links.subscriber_from(token)
    if subscriber is None:
        return _answer(request, "bad_link.html", 404)
    if request.method == "POST":
        Subscriber.objects.filter(pk=subscriber.pk, left_at=None).update(left_at=timezone.now())
        return _answer(request, "left.html")
    return _answer(request, "leave.html", subscriber=subscriber, token=token)
