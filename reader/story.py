"""The story page: the story's text, kept until it is edited, and the stories around it."""

from html.parser import HTMLParser

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import mark_safe

from articles.around import tag_ids
from articles.embeds import embed_lone_links
from articles.models import Article, Author, OldSlug, StoryNote
from caching import keys

from . import live as live_coverage
from . import metadata
from .around import latest
from .around import stories_around as around_story
from .metadata import with_tags
from .queries import story_at
from .sharing import share_links
from .spoilers import SPOILER_BLOCK, close_spoilers


def story_detail(request, section, slug):
    article = story_at(timezone.now(), slug)
    if article is None:
        # A published story whose address changed answers at its old one, forever.
        moved = (
            OldSlug.objects.filter(slug=slug, article__in=Article.objects.published())
            .select_related("article__section")
            .first()
        )
        if moved is None:
            raise Http404("No published story has this address.")
        return redirect(moved.article, permanent=True)
    if article.section.slug != section:
        # The story moved section: its old address keeps working.
        return redirect(article, permanent=True)
    return story_page(request, article)


def story_page(request, article, preview=""):
    """The article page; ``preview`` ("desk" or "shared") marks a story readers can't see yet.

    The page names the story and the stories shown around it (``caching/keys.py``).
    """
    keys.shows(request, keys.story(article.pk))
    live = None
    if article.is_live:
        live = live_coverage.block(request, article, request.GET.get("page"))
    story = story_text(request, article, live, preview)
    around = stories_around(request, article)
    response = render(
        request,
        "reader/article.html",
        {
            "article": article,
            "story_html": mark_safe(story["html"]),  # noqa: S308 - our templates
            "around_html": mark_safe(around),  # noqa: S308 - our templates
            "has_players": story["has_players"] or (live and live["has_players"]),
            "live": live,
            "current_section": article.section.slug,
            "meta": story["meta"],
            "meta_html": mark_safe(story["meta_html"]),  # noqa: S308 - our templates
            "preview": preview,
        },
    )
    if live and not preview:
        # Readers reloading a live story ask again sooner than for other pages.
        patch_cache_control(response, max_age=live_coverage.PAGE_MAX_AGE)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def story_text(request, article, live=None, preview=""):
    """The story's own part of its page: text, picture, trailer, tags and metadata,
    and a live story's entries (``live``, from ``reader/live.py``).

    Bylines and tags come from what the story keeps of them (``articles/shown.py``).
    """
    if article.labels is None:  # not stored yet
        prefetch_related_objects([article], "authors", "tags")
    # The player script loads only with something to play: a trailer, or a
    # video address in the body that became a poster.
    body, lead_video, has_players = body_with_players(article)
    authors, tags = article.bylines, article.shown_tags
    notes = list(article.notes.shown()) if article.revised_at else []
    entities = article.shown_entities if article.pk else []
    meta = metadata.for_story(request, article, tags, authors, notes, entities, live=live)
    html = render_to_string(
        "reader/includes/story.html",
        {
            "article": article,
            "body": body,
            "tags": tags,
            "authors": authors,
            "writers": writers(article),
            "topics": topics(entities, tags),
            "lead_video": lead_video,
            # A story warned of as a whole says so already; one with a closed block
            # says at the top that it holds one, and what it spoils.
            "spoiler_block": SPOILER_BLOCK in body and not article.spoiler_warning,
            "spoiled": spoiled(article),
            "share": [] if preview else share_links(meta["canonical"], article.headline),
            "meta": meta,
            "updates": [note for note in notes if note.kind == StoryNote.Kind.UPDATE],
            "corrections": [note for note in notes if note.kind != StoryNote.Kind.UPDATE],
            "live_html": mark_safe(live["html"]) if live else "",  # noqa: S308 - our templates
        },
    )
    meta, meta_html = with_tags(meta)
    return {"html": html, "meta": meta, "meta_html": meta_html, "has_players": has_players}


def writers(article):
    """The bylines with their photo and the first sentence of their bio, for the end.

    One query, not kept on the story: a byline's edit purges its stories' pages.
    """
    if not article.pk:
        return []
    found = list(
        Author.objects.filter(articles=article.pk)
        .order_by("name", "pk")
        .only("name", "slug", "photo", "bio", "job_title")
    )
    for author in found:
        author.one_line = first_sentence(author.bio)
    return found


def first_sentence(text):
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def topics(entities, tags):
    """One row of (name, address, is_tag): entities first, then tags, no name twice
    (read case aside): a film tagged and recorded both shows once, as the record."""
    seen, row = set(), []
    named = [(entity.name, entity.get_absolute_url(), False) for entity in entities]
    named += [
        (tag.name, reverse("reader:tag", args=[tag.slug]) if tag.slug else "", True) for tag in tags
    ]
    for name, url, is_tag in named:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            row.append({"name": name, "url": url, "is_tag": is_tag})
    return row


def stories_around(request, article):
    """Previous and next in the section, related stories and, beside the story on
    wide screens, the latest in its section, as HTML. No story shows twice.

    The page is kept under its section and its tags too: a story published in them
    (now, or at its scheduled time) may become its next, a related or a latest story.
    """
    around = around_story(article)
    shown = [story for story in (around["previous"], around["next"]) if story is not None]
    shown += around["related"]
    leave_out = [article.pk, *(story.pk for story in shown)]
    beside = latest(leave_out, article.section_id)
    anywhere = not beside and not shown
    if anywhere:  # alone in its section, nothing related: never a dead end
        beside = latest(leave_out)
        keys.shows(request, keys.LATEST)
    keys.shows(request, *keys.stories(story.pk for story in [*shown, *beside]))
    tags = tag_ids(article.pk)
    keys.shows(request, keys.section(article.section_id), *map(keys.tag, tags))
    return render_to_string(
        "reader/includes/around.html",
        {"article": article, "latest": beside, "latest_anywhere": anywhere, **around},
    )


def body_with_players(article):
    """The sanitised body with its videos as posters, and whether it has any.

    Each video address standing alone in a paragraph becomes a poster there: the
    way an editor places the trailer. A trailer the body does not place goes after
    the first paragraph, so it never stands between the reader and the text.
    A story with no hero leads with its trailer instead, in the hero's place: one
    picture at the top either way. Returns (body, lead video or "", has players).
    """
    main = article.trailer
    placed = False

    def poster(trailer):
        nonlocal placed
        is_main = trailer == main
        placed = placed or is_main
        if is_main:
            return trailer_html(article, trailer, poster_of(article), video_kind(article))
        return trailer_html(article, trailer, kind="video")

    body = embed_lone_links(article.body, poster)
    has_players = body != article.body
    body = close_spoilers(body, spoiled(article))
    lead = ""
    if main and not placed:
        kind = video_kind(article)
        frame = trailer_html(article, main, poster_of(article), kind)
        section = render_to_string(
            "reader/includes/trailer_section.html",
            {"frame": mark_safe(frame), "kind": kind, "lead": not article.hero},  # noqa: S308
        )
        if article.hero:
            at = after_first_paragraph(body)
            body = body[:at] + section + body[at:]
        else:
            lead = mark_safe(section)  # noqa: S308 - our templates
        has_players = True
    return mark_safe(body), lead, has_players  # noqa: S308 - sanitised on save, our templates


def spoiled(article):
    """What the story's spoiler blocks give away, in words: what the editor said it
    spoils, else the first film, show or person it is about."""
    if article.spoils.strip():
        return article.spoils.strip()
    subjects = [entity.name for entity in article.shown_entities if entity.is_subject]
    return subjects[0] if subjects else ""


def video_kind(article):
    """What the editor called the story's video: "featurette", "clip"…"""
    return article.get_video_kind_display().lower()


def poster_of(article):
    """The video's own still, never the hero again: a still that is the hero's
    library picture leaves the frame plain rather than show it twice."""
    if article.trailer_still_id and article.trailer_still_id != article.hero_id:
        return article.trailer_still
    return None


def trailer_html(article, trailer, still=None, kind="trailer"):
    return render_to_string(
        "reader/includes/trailer.html",
        {"trailer": trailer, "title": article.headline, "still": still, "kind": kind},
    )


class _TopLevel(HTMLParser):
    """Finds where the body's first top-level paragraph ends."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth, self.end, self.first_is_paragraph = 0, None, None

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        if self.depth == 0 and self.first_is_paragraph is None:
            self.first_is_paragraph = tag == "p"
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth -= 1
        if self.depth == 0 and tag == "p" and self.end is None:
            self.end = self.getpos()


VOID_ELEMENTS = {"br", "hr", "img", "wbr", "source", "input"}


def after_first_paragraph(html):
    """The offset just after the first paragraph at the top of ``html`` (0 if none)."""
    parser = _TopLevel()
    parser.feed(html)
    if parser.end is None:
        return 0
    line, column = parser.end
    offset = sum(len(text) for text in html.splitlines(keepends=True)[: line - 1]) + column
    return html.index(">", offset) + 1
