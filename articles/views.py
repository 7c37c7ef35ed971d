"""Reader pages. Every list and page starts from ``Article.objects.published()``."""

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.generic import ListView
from taggit.models import Tag

from . import metadata
from .embeds import embed_lone_links
from .models import Article, Author, OldSlug, Section
from .search import clean_query, highlight, search

RELATED_COUNT = 4
RELATED_CANDIDATES = 200


class StoryListView(ListView):
    """A paginated list of published stories; ``?page=`` past the end is a 404."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "articles"

    def stories(self):
        return Article.objects.published().for_cards()


class HomeView(StoryListView):
    template_name = "articles/home.html"

    def get(self, request, *args, **kwargs):
        published = Article.objects.published().for_cards()
        # The lead: the newest featured story, or simply the newest one.
        self.lead = published.filter(featured=True).first() or published.first()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        stories = self.stories()
        return stories.exclude(pk=self.lead.pk) if self.lead else stories

    def get_context_data(self, **kwargs):
        context = super().get_context_data(lead=self.lead, **kwargs)
        # The lead sits above the first page only; later pages are just the list.
        context["show_lead"] = self.lead is not None and context["page_obj"].number == 1
        context["meta"] = metadata.for_home(self.request, context["page_obj"].number)
        return context


class SectionView(StoryListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.stories().filter(section=self.section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            section=self.section, current_section=self.section.slug, **kwargs
        )
        context["meta"] = metadata.for_section(
            self.request, self.section, context["page_obj"].number
        )
        return context


class TagView(StoryListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.stories().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        context["meta"] = metadata.for_tag(self.request, self.tag, context["page_obj"].number)
        return context


class AuthorView(StoryListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.stories().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        context["meta"] = metadata.for_author(self.request, self.author, context["page_obj"].number)
        return context


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
    article = (
        Article.objects.published()
        .select_related("section", "hero")
        # taggit refuses a custom Prefetch queryset, so the tags are sorted below.
        .prefetch_related("authors", "tags")
        .filter(slug=slug)
        .first()
    )
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
    """The article page; ``preview`` ("desk" or "shared") marks a story readers can't see yet."""
    body = body_with_players(article)
    tags = sorted(article.tags.all(), key=lambda tag: tag.name.casefold())
    response = render(
        request,
        "articles/article.html",
        {
            "article": article,
            "body": body,
            # The player script loads only with something to play: a trailer, or a
            # video address in the body that became a poster.
            "has_players": bool(article.trailer) or body != article.body,
            "current_section": article.section.slug,
            "tags": tags,
            "related": related_stories(article),
            **section_neighbours(article),
            "meta": metadata.for_article(request, article, tags),
            "preview": preview,
        },
    )
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


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
