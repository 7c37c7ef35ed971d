"""Reader pages. Every list and page starts from ``Article.objects.published()``."""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView
from taggit.models import Tag

from . import metadata
from .models import Article, Author, Section
from .search import clean_query, highlight, search

RELATED_COUNT = 4


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
    article = get_object_or_404(
        Article.objects.published()
        .select_related("section")
        # taggit refuses a custom Prefetch queryset, so the tags are sorted below.
        .prefetch_related("authors", "tags"),
        slug=slug,
    )
    if article.section.slug != section:
        # The story moved section: its old address keeps working.
        return redirect(article, permanent=True)
    tags = sorted(article.tags.all(), key=lambda tag: tag.name.casefold())
    return render(
        request,
        "articles/article.html",
        {
            "article": article,
            "current_section": article.section.slug,
            "tags": tags,
            "related": related_stories(article),
            "meta": metadata.for_article(request, article, tags),
        },
    )


def related_stories(article, limit=RELATED_COUNT):
    """Published stories sharing the most tags with ``article``, newest first among equals."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return []
    return list(
        Article.objects.published()
        .filter(tags__in=tag_ids)
        .exclude(pk=article.pk)
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-publish_at")
        .select_related("section")[:limit]
    )
