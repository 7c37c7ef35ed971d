"""Hub pages of people, films, shows, franchises and studios, and an index per kind.

A hub shows what the record says (description, picture, public links, release
dates, franchise, credits), then the latest stories about or mentioning it, as a
tag page lists its stories.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import DateTimeField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from articles.coverage import covered
from articles.models import INDEX_NAMES, PATH_KINDS, Article, Entity
from caching import keys

from . import metadata
from .lists import LabelledListView

INDEX_PAGE_SIZE = 48
NEVER = parse_datetime("1900-01-01T00:00:00+00:00")


def entity_at(request, kind, slug):
    """The entity with published coverage at /<kind>/<slug>/.

    Whether a record has a page turns on its stories being published: a story
    unpublished takes the hub down, a scheduled one going live puts it up (both
    purge ``entities``, which a 404 is not kept under: only 200s are kept).
    """
    found = covered(timezone.now()).filter(kind=PATH_KINDS[kind], slug=slug).first()
    if found is None:
        raise Http404("Nobody and nothing we cover has this address.")
    return found


class Hub:
    """What the hub's header shows besides the record, read only when the header is
    rendered."""

    @cached_property
    def releases(self):
        return upcoming_first(self.entity.releases.all(), timezone.localdate())

    def __init__(self, entity, request=None):
        self.entity, self.request = entity, request

    @cached_property
    def credits(self):
        """A person's films and shows, by name, each linked to its hub where it has one."""
        credits = list(self.entity.credits.select_related("work").order_by("work__name", "role"))
        self.link([credit.work for credit in credits])
        return credits

    @cached_property
    def cast(self):
        cast = list(self.entity.cast_and_crew.select_related("person").order_by("role", "pk"))
        self.link([credit.person for credit in cast])
        return cast

    @cached_property
    def works(self):
        """A franchise's films and shows."""
        works = list(self.entity.works.order_by("name"))
        self.link(works)
        return works

    def link(self, entities):
        """Give the entities with a hub page its address (``hub_url``), in one query.

        Which have one turns on published coverage, so the page is kept under
        ``entities`` too: a hub going up or down purges it.
        """
        if not entities:
            return
        with_hub = set(
            covered(timezone.now())
            .filter(pk__in={entity.pk for entity in entities})
            .values_list("pk", flat=True)
        )
        for entity in entities:
            entity.hub_url = entity.get_absolute_url() if entity.pk in with_hub else ""
        if self.request is not None:
            keys.shows(self.request, keys.ENTITIES)

    @cached_property
    def picture(self):
        return self.entity.picture if self.entity.picture_id else None


class EntityView(LabelledListView):
    template_name = "reader/entity.html"
    model, name, describe = Entity, "entity", metadata.for_entity
    key = staticmethod(keys.entity)

    def get(self, request, *args, **kwargs):
        self.kind_path = kwargs["kind"]
        self.label = entity_at(request, self.kind_path, kwargs["slug"])
        # LabelledListView.get would look the label up by slug alone.
        return super(LabelledListView, self).get(request, *args, **kwargs)

    def stories(self):
        return super().stories().about_or_mentioning(self.label.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hub"] = Hub(self.label, self.request)
        context["kind_path"] = self.kind_path
        context["index_url"] = f"/{self.kind_path}/"
        context["index_name"] = INDEX_NAMES[self.label.kind]
        return context


def upcoming_first(releases, today):
    """Release dates to come (soonest first), then those gone by (latest first)."""
    releases = list(releases)
    coming = [release for release in releases if release.date >= today]
    gone = [release for release in releases if release.date < today]
    return coming + gone[::-1]


def entity_index(request, kind):
    """The kind's entities, those with the newest coverage first."""
    kind_value = PATH_KINDS[kind]
    now = timezone.now()
    published = Article.objects.published(at=now).order_by("-publish_at").values("publish_at")
    newest = Greatest(
        Coalesce(Subquery(published.filter(about=OuterRef("pk"))[:1]), Value(NEVER)),
        Coalesce(Subquery(published.filter(mentions=OuterRef("pk"))[:1]), Value(NEVER)),
        output_field=DateTimeField(),
    )
    entities = (
        covered(now)
        .filter(kind=kind_value)
        .select_related("picture")
        .annotate(newest=newest)
        .order_by(F("newest").desc(), "name", "pk")
    )
    paginator = Paginator(entities, INDEX_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("There is no such page.") from None
    keys.shows(request, keys.ENTITIES, keys.LATEST)
    name = INDEX_NAMES[kind_value]
    meta, meta_html = metadata.with_tags(
        metadata.for_entity_index(request, name, f"/{kind}/", page.number)
    )
    return render(
        request,
        "reader/entity_index.html",
        {
            "entities": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "index_name": name,
            "kind_path": kind,
            "meta": meta,
            "meta_html": mark_safe(meta_html),  # noqa: S308 - our templates
        },
    )
