"""The read API, version 1: published stories and what they are filed under.

Every story query starts from ``Article.objects.published()``, as the reader pages'
do, so no parameter can reach a draft, a scheduled story or a preview. Answers go
through ``reader_page`` like the pages (page cache, ETag, Cache-Control), so a
takedown leaves the API the moment it leaves the site.
"""

import hashlib
import math
from typing import Annotated
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja import Path as PathParam
from ninja.errors import ValidationError
from taggit.models import Tag, TaggedItem

from articles import counts
from articles.coverage import covered
from articles.models import Article, Author, LiveEntry, Section, StoryNote
from caching import keys
from search.query import search

from . import answers, problems, schemas
from .params import SLUG, EntityQuery, EntryQuery, FieldsQuery, Kind, PageQuery, StoryQuery

ERRORS = {
    400: schemas.Problem,
    401: schemas.Problem,
    404: schemas.Problem,
    429: schemas.Problem,
    503: schemas.Problem,
}
# Path parameters, bounded so that no value reaches the database as an error.
PathId = Annotated[int, PathParam(..., ge=1, le=2**63 - 1)]
PathSlug = Annotated[str, PathParam(..., max_length=200, pattern=SLUG)]
PathKind = Annotated[Kind, PathParam(...)]


class ReadApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Ninja's schema, with the errors' media type as sent (application/problem+json)."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation["responses"].items():
                    if int(status) >= 400 and "content" in answer:
                        answer["content"] = {
                            problems.CONTENT_TYPE: answer["content"]["application/json"]
                        }
        return schema


api = ReadApi(
    title="Newsroom read API",
    version="1",
    description=(
        "Published stories, sections, bylines and tags, read-only. Anonymous clients may "
        "make a limited number of requests a minute; an API key (from the desk, sent as "
        "`Authorization: Bearer nr_…` or `X-Api-Key: nr_…`) lifts the limit. Errors are "
        "RFC 9457 problem details."
    ),
    urls_namespace="api",
    docs_url="/docs/",
    openapi_url="/schema/",
)


@api.exception_handler(ValidationError)
def bad_query(request, error):
    found = [
        {
            "parameter": ".".join(str(part) for part in e["loc"][1:] if part != "filters")
            or str(e["loc"][-1]),
            "message": e["msg"].removeprefix("Value error, "),
        }
        for e in error.errors
    ]
    detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in found)
    return problems.response(request, 400, detail, errors=found)


@api.exception_handler(Http404)
def not_found(request, error):
    return problems.response(request, 404, str(error) or "Nothing is published at this address.")


def paged(request, items, query, count, build):
    """One page of ``items`` (a queryset) as the envelope every list answers with."""
    size = query.page_size
    start = (query.page - 1) * size
    rows = list(items[start : start + size]) if start < count else []
    pages = max(math.ceil(count / size), 1)

    def page_url(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")

    return {
        "count": count,
        "pages": pages,
        "page": query.page,
        "page_size": size,
        "next": page_url(query.page + 1) if query.page < pages else None,
        "previous": page_url(min(query.page - 1, pages)) if query.page > 1 else None,
        "results": [build(row) for row in rows],
    }


# Stories


ORDERINGS = {
    "-published_at": ("-publish_at", "-pk"),
    "published_at": ("publish_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
    "updated_at": ("updated_at", "pk"),
}


def _stories(query, now):
    """The published stories the query asks for, in its order."""
    if query.search:
        stories = search(query.search)
        if query.ordering not in (None, "relevance"):
            stories = stories.order_by(*ORDERINGS[query.ordering])
    else:
        stories = Article.objects.published(at=now).order_by(
            *ORDERINGS.get(query.ordering or "-published_at", ORDERINGS["-published_at"])
        )
    if query.section:
        stories = stories.filter(section__slug=query.section)
    if query.byline:
        stories = stories.filter(authors__slug=query.byline)
    if query.entity:
        stories = stories.about_or_mentioning(query.entity)
    if query.tag:
        stories = stories.tagged(slug=query.tag)
    if query.published_after:
        stories = stories.filter(publish_at__gte=query.published_after)
    if query.published_before:
        stories = stories.filter(publish_at__lt=query.published_before)
    if query.updated_after:
        stories = stories.filter(updated_at__gt=query.updated_after)
    return stories.select_related("section", "hero", "trailer_still")


def _count(query, stories, now):
    """Lists by section, byline or tag keep their count (articles/counts.py); a search or
    a date range is counted each time."""
    if (
        query.search
        or query.entity
        or query.published_after
        or query.published_before
        or query.updated_after
    ):
        return stories.count()
    label = f"section={query.section or ''}&byline={query.byline or ''}&tag={query.tag or ''}"
    if len(label) > 200:  # the kept count's name has room for 255 characters
        label = hashlib.sha256(label.encode()).hexdigest()
    return counts.count(f"api:stories?{label}", stories, now)


@api.get(
    "/stories/",
    tags=["Stories"],
    response={200: schemas.StoryPage, **ERRORS},
    exclude_unset=True,
    url_name="stories",
    summary="Published stories",
)
def stories(request, query: Query[StoryQuery]):
    """Newest first, filtered by any of the parameters together."""
    now = timezone.now()
    found = _stories(query, now)
    links = answers.Links(request)
    fields = query.chosen_fields()
    return paged(
        request,
        found,
        query,
        _count(query, found, now),
        lambda article: answers.story(links, article, fields),
    )


def _story_detail(request, stories, fields):
    article = stories.select_related("section", "hero", "trailer_still").first()
    if article is None:
        raise Http404("No published story has this address.")
    notes = StoryNote.objects.shown().filter(article=article).order_by("published_at")
    return answers.story(answers.Links(request), article, fields, notes=list(notes))


@api.get(
    "/stories/{int:story_id}/",
    tags=["Stories"],
    response={200: schemas.Story, **ERRORS},
    exclude_unset=True,
    url_name="story",
    summary="A published story, by id",
)
def story(request, story_id: PathId, query: Query[FieldsQuery]):
    stories = Article.objects.published().filter(pk=story_id)
    return _story_detail(request, stories, query.chosen_fields())


@api.get(
    "/stories/slug/{slug}/",
    tags=["Stories"],
    response={200: schemas.Story, **ERRORS},
    exclude_unset=True,
    url_name="story-by-slug",
    summary="A published story, by slug",
)
def story_by_slug(request, slug: PathSlug, query: Query[FieldsQuery]):
    stories = Article.objects.published().filter(slug=slug)
    return _story_detail(request, stories, query.chosen_fields())


@api.get(
    "/stories/{int:story_id}/entries/",
    tags=["Stories"],
    response={200: schemas.EntryPage, **ERRORS},
    url_name="story-entries",
    summary="A live story's entries, newest first",
)
def story_entries(request, story_id: PathId, query: Query[EntryQuery]):
    """A live story's entries readers see; ``since`` for those posted or changed after a
    moment. A deleted entry is simply gone. Kept under the story's own key, which each
    entry's change purges (not under ``stories``, which would empty every answer)."""
    article = Article.objects.published().filter(pk=story_id).select_related("section").first()
    if article is None or not article.is_live:
        raise Http404("No published live story has this id.")
    keys.shows(request, keys.story(article.pk))
    rows = LiveEntry.objects.filter(article=article).for_readers()
    if query.since:
        rows = rows.filter(updated_at__gt=query.since)
    links = answers.Links(request)
    return paged(request, rows, query, rows.count(), lambda row: answers.entry(links, article, row))


# Sections, bylines and tags: each with its count of published stories and a link to them.


def _published_count(now, through):
    return Count(through, filter=Q(**{f"{through}__in": Article.objects.published(at=now)}))


def _section(links, section):
    return {
        "id": section.pk,
        "name": section.name,
        "slug": section.slug,
        "description": section.description,
        "story_count": section.story_count,
        **_addresses(links, "section", section.name, section.slug),
    }


def _addresses(links, kind, name, slug):
    found = links.label(kind, name, slug)
    return {key: found[key] for key in ("url", "api_url", "stories_url")}


def _sections(now):
    return Section.objects.annotate(story_count=_published_count(now, "articles"))


@api.get(
    "/sections/",
    tags=["Sections"],
    response={200: schemas.SectionPage, **ERRORS},
    url_name="sections",
    summary="Sections, in the site's order",
)
def sections(request, query: Query[PageQuery]):
    found = _sections(timezone.now()).order_by("position", "name", "pk")
    links = answers.Links(request)
    return paged(request, found, query, found.count(), lambda row: _section(links, row))


@api.get(
    "/sections/{slug}/",
    tags=["Sections"],
    response={200: schemas.Section, **ERRORS},
    url_name="section",
    summary="A section, by slug",
)
def section(request, slug: PathSlug):
    found = _sections(timezone.now()).filter(slug=slug).first()
    if found is None:
        raise Http404("No section has this address.")
    return _section(answers.Links(request), found)


def _byline(links, author):
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "bio": author.bio,
        "photo": links.absolute(author.photo.url) if author.photo else None,
        "story_count": author.story_count,
        **_addresses(links, "byline", author.name, author.slug),
    }


def _bylines(now):
    """Bylines with a published story: a new writer's name waits for their first."""
    return Author.objects.annotate(story_count=_published_count(now, "articles")).filter(
        story_count__gt=0
    )


@api.get(
    "/bylines/",
    tags=["Bylines"],
    response={200: schemas.BylinePage, **ERRORS},
    url_name="bylines",
    summary="Bylines with published stories, by name",
)
def bylines(request, query: Query[PageQuery]):
    found = _bylines(timezone.now()).order_by("name", "pk")
    links = answers.Links(request)
    return paged(request, found, query, found.count(), lambda row: _byline(links, row))


@api.get(
    "/bylines/{slug}/",
    tags=["Bylines"],
    response={200: schemas.Byline, **ERRORS},
    url_name="byline",
    summary="A byline, by slug",
)
def byline(request, slug: PathSlug):
    found = _bylines(timezone.now()).filter(slug=slug).first()
    if found is None:
        raise Http404("No byline with a published story has this address.")
    return _byline(answers.Links(request), found)


def _tag(links, tag):
    return {
        "id": tag.pk,
        "name": tag.name,
        "slug": tag.slug,
        "story_count": tag.story_count,
        **_addresses(links, "tag", tag.name, tag.slug),
    }


def _tags(now):
    """Tags on published stories: a tag only drafts use says nothing yet."""
    on_stories = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=Article.objects.published(at=now).values("pk"),
    )
    return Tag.objects.annotate(
        story_count=Count(
            "taggit_taggeditem_items",
            filter=Q(taggit_taggeditem_items__in=on_stories),
        )
    ).filter(story_count__gt=0)


@api.get(
    "/tags/",
    tags=["Tags"],
    response={200: schemas.TagPage, **ERRORS},
    url_name="tags",
    summary="Tags on published stories, most used first",
)
def tags(request, query: Query[PageQuery]):
    found = _tags(timezone.now()).order_by("-story_count", "name", "pk")
    links = answers.Links(request)
    return paged(request, found, query, found.count(), lambda row: _tag(links, row))


@api.get(
    "/tags/{slug}/",
    tags=["Tags"],
    response={200: schemas.Tag, **ERRORS},
    url_name="tag",
    summary="A tag, by slug",
)
def tag(request, slug: PathSlug):
    found = _tags(timezone.now()).filter(slug=slug).first()
    if found is None:
        raise Http404("No tag on a published story has this address.")
    return _tag(answers.Links(request), found)


# People, films and shows: those a published story names, as the site's hub pages.


def _entity(links, entity):
    return {
        "id": entity.pk,
        "kind": entity.kind,
        "name": entity.name,
        "slug": entity.slug,
        "description": entity.description,
        "picture": answers.picture(links, entity.picture) if entity.picture_id else None,
        "wikidata_id": entity.wikidata_id,
        "imdb_id": entity.imdb_id,
        "tmdb_id": entity.tmdb_id,
        "official_site": entity.official_site,
        "same_as": entity.same_as,
        "franchise": entity.franchise.slug if entity.franchise_id else None,
        "url": links.absolute(entity.get_absolute_url()),
        "api_url": links.api("entity", entity.kind, entity.slug),
        "stories_url": links.api("stories", query=f"entity={entity.pk}"),
    }


def _entities(now):
    return covered(now).select_related("picture", "franchise")


@api.get(
    "/entities/",
    tags=["People, films and shows"],
    response={200: schemas.EntityPage, **ERRORS},
    url_name="entities",
    summary="People, films, shows, franchises and studios with published stories, by name",
)
def entities(request, query: Query[EntityQuery]):
    found = _entities(timezone.now()).order_by("name", "pk")
    if query.kind:
        found = found.filter(kind=query.kind)
    links = answers.Links(request)
    return paged(request, found, query, found.count(), lambda row: _entity(links, row))


@api.get(
    "/entities/{kind}/{slug}/",
    tags=["People, films and shows"],
    response={200: schemas.Entity, **ERRORS},
    url_name="entity",
    summary="A person, film, show, franchise or studio, by kind and slug",
)
def entity(request, kind: PathKind, slug: PathSlug):
    found = _entities(timezone.now()).filter(kind=kind, slug=slug).first()
    if found is None:
        raise Http404("Nobody and nothing we cover has this address.")
    return _entity(answers.Links(request), found)
