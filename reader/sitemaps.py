"""Sitemaps for search engines, a Google News sitemap, and robots.txt pointing to them.

URLs take the host and scheme of the request, so no Sites framework (and no
row in the database naming the domain) is needed.
"""

from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from taggit.models import Tag

from articles.coverage import covered
from articles.models import Article, Author, Section
from caching import keys
from caching.site import site_settings

# The protocol allows 50,000 URLs a file; smaller pages render in well under a second.
PAGE_SIZE = 5000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads no more than this from one sitemap
# What a sitemap entry needs; ImageField also reads the width and height when a row loads.
STORY_FIELDS = [
    "slug",
    "publish_at",
    "updated_at",
    "hero__file",
    "hero__width",
    "hero__height",
    "section__slug",
]


def last_change(article):
    # A story scheduled ahead was last saved before it went out.
    return max(article.updated_at, article.publish_at)


class StorySitemap(Sitemap):
    """Every published story, with its hero image; ordered by id so pages stay put."""

    limit = PAGE_SIZE

    def items(self):
        return (
            Article.objects.published()
            .select_related("section", "hero")
            .only(*STORY_FIELDS)
            .order_by("pk")
        )

    def lastmod(self, item):
        return last_change(item)

    def get_latest_lastmod(self):
        # The default reads every story to find the newest; one aggregate does it.
        latest = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("publish_at")
        )
        dates = [date for date in latest.values() if date]
        return max(dates).replace(microsecond=0) if dates else None

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}/"
        for url in urls:
            hero = url["item"].hero
            # urljoin keeps an absolute URL (object storage, a CDN) as it is.
            url["image"] = urljoin(root, hero.file.url) if hero else ""
        return urls


class NewsSitemap(StorySitemap):
    """Stories from the last 48 hours, newest first, for Google News."""

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
            .select_related("section", "hero")
            .only("headline", *STORY_FIELDS)
            .order_by("-publish_at", "-pk")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Google News wants the ISO 639 language: "en", not "en-gb".
        language = settings.LANGUAGE_CODE.split("-")[0]
        publication = {"name": site_settings().name, "language": language}
        for url in urls:
            url["publication"] = publication
        return urls


class SectionSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return Section.objects.order_by("pk")


class TagSitemap(Sitemap):
    """Tags with at least one published story: the others are empty pages."""

    limit = PAGE_SIZE

    def items(self):
        return Tag.objects.filter(article__in=Article.objects.published()).distinct().order_by("pk")

    def location(self, item):
        return reverse("reader:tag", args=[item.slug])


class AuthorSitemap(Sitemap):
    """Bylines with at least one published story."""

    limit = PAGE_SIZE

    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .distinct()
            .only("slug")
            .order_by("pk")
        )


class EntitySitemap(Sitemap):
    """Hub pages: people, films and shows a published story is about or mentions."""

    limit = PAGE_SIZE

    def items(self):
        return covered(timezone.now()).only("kind", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The default reads every entity to find the newest; one aggregate does it.
        latest = covered(timezone.now()).aggregate(latest=Max("updated_at"))["latest"]
        return latest.replace(microsecond=0) if latest else None


SITEMAPS = {
    "articles": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "entities": EntitySitemap,
}


# Sitemaps list every story with its last change, and every label and entity: any
# story's change may move them (``stories``), an entity's too (``entities``).
SITEMAP_KEYS = (keys.STORIES, keys.ENTITIES)


def index(request):
    keys.shows(request, *SITEMAP_KEYS)
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="reader:sitemap-section")


def section(request, section):
    keys.shows(request, *SITEMAP_KEYS)
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml"
    )


def news(request):
    keys.shows(request, *SITEMAP_KEYS)
    return sitemap_views.sitemap(
        request,
        {"news": NewsSitemap},
        template_name="sitemaps/news.xml",
    )


@require_GET
def robots_txt(request):
    # A desk moved by DJANGO_ADMIN_URL is not named here: robots.txt is public, and
    # the admin's pages tell crawlers not to index them anyway.
    desk = ["Disallow: /admin/"] if settings.ADMIN_URL == "admin/" else []
    lines = [
        "User-agent: *",
        *desk,
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('reader:sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('reader:sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
