"""Mail built from templates: a plain-text part, an HTML part with its CSS inlined.

Everything but the reader's own links is the same for every reader of an edition,
so each distinct body is rendered and inlined once and the links put in per reader:
a digest to 5,000 readers renders its templates once, not 5,000 times. No tracking
pixel and no rewritten links: a link in the mail goes where it says.
"""

from email.utils import make_msgid
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Article
from caching.site import site_settings

from . import links
from .models import Mail

# Stand-ins for the reader's links while a body is rendered once for everyone.
PREFERENCES = "https://newsletters.invalid/preferences"
UNSUBSCRIBE = "https://newsletters.invalid/unsubscribe"
CONFIRM = "https://newsletters.invalid/confirm"

_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def _image(article):
    hero = article.hero
    if hero is None or not hero.file:
        return None
    src = hero.picture["src"]
    return {
        "src": src if urlsplit(src).scheme else links.absolute(src),
        "alt": hero.alt,
    }


def story_items(ids):
    """The stories of a mail, in its order, still published (a takedown leaves mails too)."""
    found = {
        story.pk: story
        for story in Article.objects.published()
        .select_related("section", "hero")
        .filter(pk__in=ids)
    }
    return [
        {
            "headline": story.headline,
            "summary": story.summary,
            "url": links.absolute(story.get_absolute_url()),
            "section": story.section.name,
            "image": _image(story),
        }
        for story in (found[pk] for pk in ids if pk in found)
    ]


class Renderer:
    """Renders and keeps each distinct body of one sending run."""

    def __init__(self):
        self._bodies = {}
        site = site_settings()
        self.site_name = site.name

    def body(self, mail):
        key = (mail.kind, mail.newsletter_id, tuple(mail.stories), mail.subscription_id)
        if key not in self._bodies:
            self._bodies[key] = self._render(mail)
        return self._bodies[key]

    def _render(self, mail):
        context = {
            "site_name": self.site_name,
            "site_url": settings.NEWSROOM_SITE_URL,
            "newsletter": mail.newsletter,
            "kind": mail.kind,
            "stories": story_items(mail.stories),
            "subscription": mail.subscription,
            "confirm_url": CONFIRM,
            "preferences_url": PREFERENCES,
            "unsubscribe_url": UNSUBSCRIBE,
        }
        template = "confirm" if mail.kind == Mail.Kind.CONFIRM else "stories"
        text = render_to_string(f"newsletters/mail/{template}.txt", context)
        html = _inliner.inline(render_to_string(f"newsletters/mail/{template}.html", context))
        return subject(mail, context["stories"]), text, html


def subject(mail, stories):
    name = mail.newsletter.name
    if mail.kind == Mail.Kind.CONFIRM:
        return f"Confirm your subscription to {name}"
    if not stories:
        return name
    first = stories[0]["headline"]
    if mail.kind == Mail.Kind.BREAKING:
        return f"Breaking: {first}"
    if mail.kind == Mail.Kind.ALERT:
        more = len(stories) - 1
        return first if not more else f"{first}, and {more} more"
    if mail.kind == Mail.Kind.TEST:
        return f"Test: {name}"
    return f"{name}: {first}"


def reader_links(mail):
    subscriber = mail.subscriber
    if subscriber is None:  # a test send to an editor
        home = links.absolute(reverse("reader:home"))
        return {PREFERENCES: home, UNSUBSCRIBE: home, CONFIRM: home}
    found = {
        PREFERENCES: links.preferences_url(subscriber),
        UNSUBSCRIBE: links.unsubscribe_url(subscriber),
    }
    if mail.kind == Mail.Kind.CONFIRM and mail.subscription is not None:
        found[CONFIRM] = links.confirm_url(mail.subscription)
    return found


def _fill(text, values):
    for stand_in, value in values.items():
        text = text.replace(stand_in, value)
    return text


def build(mail, renderer):
    """The message for one Mail row, with the headers mail programs act on."""
    title, text, html = renderer.body(mail)
    values = reader_links(mail)
    message = EmailMultiAlternatives(
        subject=title,
        body=_fill(text, values),
        from_email=mail.newsletter.sender or settings.DEFAULT_FROM_EMAIL,
        to=[mail.address],
    )
    message.attach_alternative(_fill(html, values), "text/html")
    domain = urlsplit(settings.NEWSROOM_SITE_URL).hostname or "localhost"
    message.extra_headers["Message-ID"] = make_msgid(domain=domain)
    if mail.kind != Mail.Kind.CONFIRM and mail.subscriber is not None:
        # RFC 2369 and RFC 8058: a mail program's own "unsubscribe", done by a POST.
        message.extra_headers["List-Unsubscribe"] = f"<{values[UNSUBSCRIBE]}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
