"""Live coverage on the reader's side: the story's entries, their permalinks, and the
small address a reader's page checks for what changed.

Everything here is kept under the story's key alone (``s<id>``), which each entry's
change purges (``caching/invalidation.py``): a new entry makes these answers again and
leaves every other page of the site warm. A reader's check when nothing changed is
a page-cache hit (no query), or a ``304`` from its ETag.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags

from articles.embeds import Post, parse_entry_link
from articles.live import PAGE_SIZE, page_of
from articles.models import LiveEntry
from caching import keys

from .queries import story_at
from .templatetags.newsroom import iso

# Entries sent in one check; a page further behind is told to load again.
MOST_CHANGED = 50
# Entries a story's structured data lists (newest first): enough for search engines.
LD_UPDATES = 20
# Seconds a browser may reuse a check's answer (the edge keeps it until purged).
CHECK_MAX_AGE = 5
# Seconds a browser may reuse a live story's page before asking again.
PAGE_MAX_AGE = 15


def entries(article):
    return LiveEntry.objects.filter(article=article).for_readers()


def permalink(article, entry_id):
    return reverse("reader:live-entry", args=[article.section.slug, article.slug, entry_id])


def updates_url(article):
    return reverse("reader:live-updates", args=[article.section.slug, article.slug])


def block(request, article, page_number):
    """The live part of a story page: key points, key moments, the pinned entry and a
    page of entries, newest first. Raises ``Http404`` for a page that is not there."""
    paginator = Paginator(entries(article), PAGE_SIZE, allow_empty_first_page=True)
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("This live story has no such page.") from error
    shown = list(page.object_list)
    top = top_context(article)
    players = any(_link(entry)[0] for entry in [*shown, *top["pinned"]])
    html = render_to_string(
        "reader/includes/live.html",
        {
            "article": article,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "entries": [_entry_context(article, entry) for entry in shown],
            "top_html": render_top(article, top),
            "revision": article.live_revision,
            "updates_url": updates_url(article),
            "check_seconds": settings.NEWSROOM_LIVE_CHECK_SECONDS,
        },
    )
    return {"html": html, "has_players": players, "page": page, "entries": shown}


def top_context(article):
    """The pinned entry and the key moments, oldest moment first: one query."""
    rows = list(
        entries(article).filter(Q(pinned=True) | Q(key_moment=True)).order_by("posted_at", "pk")
    )
    return {
        "pinned": [entry for entry in rows if entry.pinned][:1],
        "moments": [entry for entry in rows if entry.key_moment],
    }


def render_top(article, top):
    return render_to_string(
        "reader/includes/live_top.html",
        {
            "article": article,
            "key_points": article.key_point_list,
            "pinned": [_entry_context(article, entry, pinned=True) for entry in top["pinned"]],
            "moments": [
                {"entry": entry, "url": permalink(article, entry.pk)} for entry in top["moments"]
            ],
        },
    )


def _link(entry):
    """(trailer, post) for the entry's link; either may be None."""
    if not entry.link:
        return None, None
    try:
        found = parse_entry_link(entry.link)
    except ValidationError:  # an address that stopped parsing shows as nothing
        return None, None
    return (None, found) if isinstance(found, Post) else (found, None)


def _entry_context(article, entry, pinned=False):
    trailer, post = _link(entry)
    return {
        "entry": entry,
        "authors": list(entry.authors.all()),
        "trailer": trailer,
        "post": post,
        "pinned_copy": pinned,
        "url": permalink(article, entry.pk),
        "article": article,
    }


def render_entry(article, entry):
    return render_to_string("reader/includes/live_entry.html", _entry_context(article, entry))


def _live_story(section, slug):
    article = story_at(timezone.now(), slug)
    if article is None or article.section.slug != section or not article.is_live:
        raise Http404("No live story has this address.")
    return article


def entry_link(request, section, slug, entry_id):
    """An entry's permalink: sent to the page of the story that shows it now, however
    many entries pushed it down since (302: the page moves as the night goes on)."""
    article = _live_story(section, slug)
    keys.shows(request, keys.story(article.pk))
    entry = LiveEntry.objects.filter(article=article, pk=entry_id).shown().first()
    if entry is None:
        raise Http404("This entry is not on the story any more.")
    page = page_of(entry)
    query = f"?page={page}" if page > 1 else ""
    response = redirect(f"{article.get_absolute_url()}{query}#entry-{entry.pk}")
    # Kept like a page (reader_page keeps only 200s, so this goes to the edge alone).
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


def updates(request, section, slug):
    """What changed on a live story since the revision ``since`` a reader's page has.

    The answer names the story's revision now; with nothing changed that is all it
    holds. Otherwise it holds the changed entries as HTML (newest first), the ids of
    every entry readers may see (a page drops those missing: deleted, or waiting
    again) and the top of the story (key points, key moments, the pinned entry).
    """
    raw = request.GET.get("since", "")
    since = None
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            return JsonResponse(
                {"error": "“since” is the revision number a live page gave; this is not one."},
                status=400,
            )
        since = int(raw)
    article = _live_story(section, slug)
    keys.shows(request, keys.story(article.pk))
    revision = article.live_revision
    answer = {"revision": revision, "live": article.is_live_now}
    if since != revision:
        shown = entries(article)
        ids = list(shown.values_list("pk", flat=True))
        changed = shown
        if since is not None and since < revision:
            changed = changed.filter(revision__gt=since)
        changed = list(changed[: MOST_CHANGED + 1])
        answer.update(
            ids=ids,
            complete=len(changed) <= MOST_CHANGED,
            entries=[
                {"id": entry.pk, "revision": entry.revision, "html": render_entry(article, entry)}
                for entry in changed[:MOST_CHANGED]
            ],
            top=render_top(article, top_context(article)),
        )
    response = JsonResponse(answer)
    patch_cache_control(response, max_age=CHECK_MAX_AGE)
    response["X-Robots-Tag"] = "noindex"
    return response


def structured_updates(request, article, shown=None):
    """The newest entries as schema.org BlogPosting items, for ``liveBlogUpdate``."""
    rows = shown if shown is not None else entries(article)[:LD_UPDATES]
    items = []
    for entry in list(rows)[:LD_UPDATES]:
        item = {
            "@type": "BlogPosting",
            "headline": entry.summary[:110],
            "datePublished": iso(entry.posted_at),
            "url": request.build_absolute_uri(permalink(article, entry.pk)),
        }
        text = strip_tags(entry.body).strip()
        if text:
            item["articleBody"] = text
        authors = list(entry.authors.all())
        if authors:
            item["author"] = [
                {
                    "@type": "Person",
                    "name": author.name,
                    "url": request.build_absolute_uri(author.get_absolute_url()),
                }
                for author in authors
            ]
        items.append(item)
    return items
