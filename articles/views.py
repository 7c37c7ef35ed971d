"""Reader pages. Every list and page starts from ``Article.objects.published()``."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.generic import ListView
from taggit.models import Tag, TaggedItem

from . import metadata
from .embeds import embed_lone_links
from .fragments import for_request
from .models import Article, Author, OldSlug, Section
from .prepared import Prepared
from .search import clean_query, highlight, search

# What the article page reads of a story when its text comes from the cache.
PAGE_FIELDS = (
    "headline",
    "slug",
    "status",
    "publish_at",
    "updated_at",
    "section__name",
    "section__slug",
)
RELATED_COUNT = 4
RELATED_CANDIDATES = 200
# What a list page reads of its stories: enough to find their cached cards.
CARD_KEY_FIELDS = ("pk", "updated_at", "publish_at")


def _listed(now):
    return Article.objects.published(at=now).only(*CARD_KEY_FIELDS)


# The queries every reader request runs, compiled once (see prepared.py).
STORY_AT = Prepared(
    lambda now, slug: (
        Article.objects.published(at=now)
        .filter(slug=slug)
        .select_related("section")
        .only(*PAGE_FIELDS)
        .order_by()
    )
)
HOME_LIST = Prepared(lambda now, lead: _listed(now).exclude(pk=lead))
SECTION_LIST = Prepared(lambda now, section: _listed(now).filter(section_id=section))
# A tag's stories, two ways: through the tag's rows and sorted (cheap while a tag has
# few stories), or walking the newest stories and keeping the tagged ones (cheap once
# it has many: a page of a tag on one story in ten reads about 120 stories).
TAG_LIST = Prepared(lambda now, tag: _listed(now).filter(tags__id=tag))
TAG_LIST_BY_DATE = Prepared(
    lambda now, tag: _listed(now).filter(
        Exists(
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=OuterRef("pk"),
                tag_id=tag,
            )
        )
    )
)
POPULAR_TAG = 500  # stories: from here on a tag's pages walk the newest stories
AUTHOR_LIST = Prepared(lambda now, author: _listed(now).filter(authors__id=author))


class ListingPaginator(Paginator):
    """Pages of a list whose count is known, each page read with a prepared query."""

    def __init__(self, object_list, per_page, *, count, fetch, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count
        self.fetch = fetch

    @property
    def count(self):
        return self.known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.fetch(bottom, top) if top > bottom else [], number, self)


class StoryListView(ListView):
    """A paginated list of published stories; ``?page=`` past the end is a 404.

    The page's stories are asked of the database on every request (ids and
    times only, by a prepared query); their cards come from ``story_cards``,
    which renders only the cards not cached yet. The story count is kept until
    anything changes.
    """

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "articles"
    heading = "h2"
    listing = None  # a Prepared list of stories; None: the view pages its own queryset

    def listing_values(self):
        """The values the listing is filtered by, besides the time."""
        return {}

    def get_template_names(self):
        return [self.template_name]  # ListView would look at the queryset's model

    def get_queryset(self):
        # Built only if the count is not cached (ListView never reads it otherwise).
        self.now = timezone.now()
        return SimpleLazyObject(lambda: self.listing.build(now=self.now, **self.listing_values()))

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.listing is None:
            return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page)
        fragments = for_request(self.request)
        count = fragments.remember(
            fragments.list_key("count", self.request.path),
            lambda: queryset.count(),  # the lazy queryset is built only here
            until_go_live=True,
        )
        values = self.listing_values()
        return ListingPaginator(
            [],  # never read: pages come from fetch
            per_page,
            count=count,
            fetch=lambda bottom, top: self.listing.all(
                slice_=(bottom, top), now=self.now, **values
            ),
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    def shows_lead(self, page):
        return False

    def page_meta(self, describe, *args):
        """The page's metadata and its tags, kept until a label or the settings change."""
        request = self.request
        fragments = for_request(request)
        key = fragments.site_key("meta", request.scheme, request.get_host(), request.path, *args)
        meta, html = fragments.remember(key, lambda: with_tags(describe(request, *args)))
        return {"meta": meta, "meta_html": mark_safe(html)}  # noqa: S308 - our templates

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_lead"] = self.shows_lead(context["page_obj"])
        if self.listing is not None:
            stories = list(context["articles"])
            if context["show_lead"]:
                stories.insert(0, self.lead)
            context["cards"] = story_cards(
                self.request, stories, heading=self.heading, has_lead=context["show_lead"]
            )
            if context["show_lead"]:
                context["lead_card"] = context["cards"].pop(0)
        return context


class HomeView(StoryListView):
    template_name = "articles/home.html"
    heading = "h3"
    listing = HOME_LIST

    def get(self, request, *args, **kwargs):
        fragments = for_request(request)
        # The lead: the newest featured story, or simply the newest one.
        self.lead = fragments.remember(
            fragments.list_key("lead"), self.find_lead, until_go_live=True
        )
        return super().get(request, *args, **kwargs)

    def find_lead(self):
        published = _listed(timezone.now())
        return published.filter(featured=True).first() or published.first() or False

    def listing_values(self):
        return {"lead": self.lead.pk if self.lead else 0}  # no story has the id 0

    def shows_lead(self, page):
        # The lead sits above the first page only; later pages are just the list.
        return bool(self.lead) and page.number == 1

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lead"] = self.lead or None
        context.update(self.page_meta(metadata.for_home, context["page_obj"].number))
        return context


class LabelledListView(StoryListView):
    """The stories of one section, tag or author: ``name`` is its context variable and
    the listing's value, ``describe`` makes the page's metadata."""

    model = name = describe = None

    def get(self, request, *args, **kwargs):
        self.label = labelled(request, self.model, kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def listing_values(self):
        return {self.name: self.label.pk}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**{self.name: self.label}, **kwargs)
        number = context["page_obj"].number
        context.update(self.page_meta(type(self).describe, self.label, number))
        return context


class SectionView(LabelledListView):
    template_name = "articles/section.html"
    listing = SECTION_LIST
    model, name, describe = Section, "section", metadata.for_section

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section=self.label.slug, **kwargs)


class TagView(LabelledListView):
    template_name = "articles/tag.html"
    listing = TAG_LIST
    model, name, describe = Tag, "tag", metadata.for_tag

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if paginator.count >= POPULAR_TAG:
            self.listing = TAG_LIST_BY_DATE
        return paginator


class AuthorView(LabelledListView):
    template_name = "articles/author.html"
    listing = AUTHOR_LIST
    model, name, describe = Author, "author", metadata.for_author


def with_tags(meta):
    """``meta`` and the ``<meta>`` tags and JSON-LD it makes in the page's head."""
    return meta, render_to_string("articles/includes/meta.html", {"meta": meta})


def labelled(request, model, slug):
    """The section, tag or author at ``slug`` (kept until one changes), or a 404."""
    fragments = for_request(request)
    found = fragments.remember(
        fragments.site_key(model._meta.label, slug),
        lambda: model.objects.filter(slug=slug).first() or False,
    )
    if not found:
        raise Http404(f"No {model._meta.verbose_name} has this address.")
    return found


def story_cards(request, stories, *, heading="h2", has_lead=False):
    """The HTML of each story's card, in order: cached ones as they are, the rest rendered.

    ``stories`` need only their id and times; the cards not in the cache are
    fetched in one go (two queries) and kept for next time. With ``has_lead``
    the first story is the lead, shown large above the others.
    """
    fragments = for_request(request)
    variants = [
        # (heading, lead, priority): with no lead above it, the first picture of a
        # list is the largest thing on the page.
        ("h2", True, True) if has_lead and i == 0 else (heading, False, not has_lead and i == 0)
        for i in range(len(stories))
    ]
    keys = [
        fragments.story_key("card", story, *variant)
        for story, variant in zip(stories, variants, strict=True)
    ]
    found = fragments.get_many(keys)
    missing = [story.pk for story, key in zip(stories, keys, strict=True) if key not in found]
    if missing:
        full = Article.objects.for_cards().in_bulk(missing)
        made = {}
        for story, key, (level, lead, priority) in zip(stories, keys, variants, strict=True):
            if key in found or story.pk not in full:
                continue
            made[key] = render_to_string(
                "articles/includes/card.html",
                {
                    "article": full[story.pk],
                    "heading": level,
                    "as_lead": lead,
                    "priority": priority,
                },
            )
        fragments.keep(made)
        found.update(made)
    return [mark_safe(found[key]) for key in keys if key in found]  # noqa: S308 - our templates


class SearchView(StoryListView):
    """Search results. Whatever is typed, the reader gets a page: at worst an empty one."""

    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        return search(self.query).for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["articles"] = list(context["articles"])
        for article in context["articles"]:
            article.highlight = highlight(article.standfirst, self.query)
        context["meta"] = metadata.for_search(self.request, self.query)
        return context


def article_detail(request, section, slug):
    # What the page needs around the cached text; the rest is read only if it must be.
    article = STORY_AT.first(now=timezone.now(), slug=slug)
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
    return article_page(request, article)


def article_page(request, article, preview=""):
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
            # The row read above holds only what the page needs around its text.
            article_in_full = Article.objects.select_related("section", "hero").get(pk=article.pk)
            story = story_text(request, article_in_full)
            fragments.keep({story_key: story})
            article = article_in_full  # its tags are loaded: related stories use them
        around = fragments.remember(
            fragments.list_key("around", article.pk, *site),
            lambda: stories_around(request, article),
            until_go_live=True,
        )
    response = render(
        request,
        "articles/article.html",
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
    """The story's own part of its page: text, picture, trailer, tags and metadata."""
    prefetch_related_objects([article], "authors", "tags")
    body = body_with_players(article)
    tags = sorted(article.tags.all(), key=lambda tag: tag.name.casefold())
    meta = metadata.for_article(request, article, tags)
    html = render_to_string(
        "articles/includes/story.html",
        {"article": article, "body": body, "tags": tags, "meta": meta},
    )
    meta, meta_html = with_tags(meta)
    # The player script loads only with something to play: a trailer, or a
    # video address in the body that became a poster.
    has_players = bool(article.trailer) or body != article.body
    return {"html": html, "meta": meta, "meta_html": meta_html, "has_players": has_players}


def stories_around(request, article):
    """Previous and next in the section, and related stories, as HTML."""
    return render_to_string(
        "articles/includes/around.html",
        {"article": article, "related": related_stories(article), **section_neighbours(article)},
    )


SHARE_SALT = "articles.share-preview"


def share_token(article):
    return signing.dumps(article.pk, salt=SHARE_SALT)


@require_safe
def share_preview(request, token):
    """A signed, expiring, read-only link to a story before it is published."""
    try:
        pk = signing.loads(token, salt=SHARE_SALT, max_age=settings.NEWSROOM_SHARE_PREVIEW_SECONDS)
    except signing.SignatureExpired:
        response = render(request, "articles/preview_expired.html", status=410)
        add_never_cache_headers(response)
        return response
    except signing.BadSignature:
        raise Http404("This preview link is not valid.") from None
    article = (
        Article.objects.select_related("section", "hero")
        .prefetch_related("authors", "tags")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404("This story no longer exists.")
    if article.is_published:
        # The link's job is done: readers' page from now on.
        return redirect(article)
    return article_page(request, article, preview="shared")


def body_with_players(article):
    """The sanitised body, each video address standing alone in a paragraph made a poster."""

    def poster(trailer):
        return render_to_string(
            "articles/includes/trailer.html", {"trailer": trailer, "title": article.headline}
        )

    return mark_safe(embed_lone_links(article.body, poster))  # noqa: S308 - sanitised on save


def section_neighbours(article):
    """The stories just before and after ``article`` in its section, by publish time.

    One query: each neighbour is a LIMIT 1 subquery that walks the
    (status, publish_at) index from the story's own time. A preview of a story
    that is not live yet has no place in the order, so no neighbours.
    """
    if not article.is_published:
        return {"previous": None, "next": None}
    when, pk = article.publish_at, article.pk
    in_section = Article.objects.published().filter(section_id=article.section_id)
    # The plain bound on publish_at starts the index scan at the story's own time;
    # the OR alone would make it walk from the newest story down.
    older = in_section.filter(
        Q(publish_at__lt=when) | Q(publish_at=when, pk__lt=pk), publish_at__lte=when
    )
    newer = in_section.filter(
        Q(publish_at__gt=when) | Q(publish_at=when, pk__gt=pk), publish_at__gte=when
    )
    neighbours = Article.objects.filter(
        Q(pk=Subquery(older.order_by("-publish_at", "-pk").values("pk")[:1]))
        | Q(pk=Subquery(newer.order_by("publish_at", "pk").values("pk")[:1]))
    ).only("headline", "slug", "publish_at", "section_id")
    found = {"previous": None, "next": None}
    for story in neighbours:
        story.section = article.section  # the same section: no query for its address
        found["previous" if (story.publish_at, story.pk) < (when, pk) else "next"] = story
    return found


def related_stories(article, limit=RELATED_COUNT):
    """Published stories sharing the most tags with ``article``, newest first among equals.

    Only the newest ``RELATED_CANDIDATES`` stories sharing a tag are weighed: counting
    shared tags over every story with a popular tag made the page slower as the archive grew.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return []
    candidates = (
        Article.objects.published()
        .filter(tags__in=tag_ids)
        .exclude(pk=article.pk)
        .order_by("-publish_at")
        .values("pk")[:RELATED_CANDIDATES]
    )
    return list(
        Article.objects.filter(pk__in=candidates, tags__in=tag_ids)
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-publish_at")
        .select_related("section")[:limit]
    )
