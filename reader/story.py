"""The story page: the story's text, kept until it is edited, and the stories around it."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe

from articles.embeds import embed_lone_links
from articles.models import Article, OldSlug, StoryNote
from caching.fragments import for_request

from . import metadata
from .around import stories_around as around_story
from .metadata import with_tags
from .queries import story_at
from .spoilers import close_spoilers


def story_detail(request, section, slug):
    # What the page needs around the cached text; the rest is read only if it must be.
    # With the fragment cache off the text is always rendered: read the whole row at once.
    article = story_at(timezone.now(), slug, whole=for_request(request).down)
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

    Readers get the story's text from the fragment cache under a key that changes
    with every edit, and the stories around it under one that changes with any
    story; a preview is always rendered afresh.
    """
    if preview:
        story = story_text(request, article)
        around = stories_around(request, article)
    else:
        fragments = for_request(request)
        site = (request.scheme, request.get_host())
        story_key = fragments.story_key("story", article, *site)
        story = fragments.get(story_key)
        if story is None:
            # Unless the fragment cache is off, the row read above holds only what
            # the page needs around its text.
            article_in_full = article
            if article.get_deferred_fields():
                article_in_full = Article.objects.select_related("section", "hero").get(
                    pk=article.pk
                )
            story = story_text(request, article_in_full)
            fragments.keep({story_key: story})
            article = article_in_full
        around = fragments.remember(
            fragments.list_key("around", article.pk, *site),
            lambda: stories_around(request, article),
            until_go_live=True,
        )
    response = render(
        request,
        "reader/article.html",
        {
            "article": article,
            "story_html": mark_safe(story["html"]),  # noqa: S308 - our templates
            "around_html": mark_safe(around),  # noqa: S308 - our templates
            "has_players": story["has_players"],
            "current_section": article.section.slug,
            "meta": story["meta"],
            "meta_html": mark_safe(story["meta_html"]),  # noqa: S308 - our templates
            "preview": preview,
        },
    )
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def story_text(request, article):
    """The story's own part of its page: text, picture, trailer, tags and metadata.

    Bylines and tags come from what the story keeps of them (``articles/shown.py``).
    """
    if article.labels is None:  # not stored yet
        prefetch_related_objects([article], "authors", "tags")
    body = body_with_players(article)
    # The player script loads only with something to play: a trailer, or a
    # video address in the body that became a poster.
    has_players = bool(article.trailer) or body != article.body
    body = mark_safe(close_spoilers(body, article.spoils))  # noqa: S308 - sanitised on save
    authors, tags = article.bylines, article.shown_tags
    notes = list(article.notes.shown()) if article.revised_at else []
    entities = article.shown_entities if article.pk else []
    meta = metadata.for_story(request, article, tags, authors, notes, entities)
    html = render_to_string(
        "reader/includes/story.html",
        {
            "article": article,
            "body": body,
            "tags": tags,
            "authors": authors,
            "entities": entities,
            "meta": meta,
            "updates": [note for note in notes if note.kind == StoryNote.Kind.UPDATE],
            "corrections": [note for note in notes if note.kind != StoryNote.Kind.UPDATE],
        },
    )
    meta, meta_html = with_tags(meta)
    return {"html": html, "meta": meta, "meta_html": meta_html, "has_players": has_players}


def stories_around(request, article):
    """Previous and next in the section, and related stories, as HTML."""
    return render_to_string(
        "reader/includes/around.html",
        {"article": article, **around_story(article)},
    )


def body_with_players(article):
    """The sanitised body, each video address standing alone in a paragraph made a poster."""

    def poster(trailer):
        return render_to_string(
            "reader/includes/trailer.html", {"trailer": trailer, "title": article.headline}
        )

    return mark_safe(embed_lone_links(article.body, poster))  # noqa: S308 - sanitised on save
