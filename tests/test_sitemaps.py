"""Sitemaps, the news sitemap and robots.txt, read as XML against the protocols' rules."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Entity
from caching.site import site_settings
from reader import sitemaps
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import changes_applied, text

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# W3C Datetime, as the sitemap protocol asks: a date, or a date and time with a zone.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def urls_of(root):
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def assert_valid_urlset(root):
    assert root.tag == f"{{{NS['sm']}}}urlset"
    entries = root.findall("sm:url", NS)
    assert len(entries) <= 50_000
    for entry in entries:
        assert urlsplit(entry.findtext("sm:loc", namespaces=NS)).scheme == "http"
        lastmod = entry.findtext("sm:lastmod", namespaces=NS)
        assert lastmod is None or W3C_DATETIME.match(lastmod), lastmod


def index_parts(client):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    parts = []
    for entry in root.iterfind("sm:sitemap", NS):
        lastmod = entry.findtext("sm:lastmod", namespaces=NS)
        assert lastmod is None or W3C_DATETIME.match(lastmod), lastmod
        parts.append(entry.findtext("sm:loc", namespaces=NS))
    return parts


def local(url):
    """The path and query of one of our absolute URLs, for the test client."""
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("http", "testserver"), url
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def site():
    maya = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    ghost = AuthorFactory(name="Only Drafts", slug="only-drafts")
    movies = SectionFactory(slug="movies")
    live = ArticleFactory(
        published=True, with_image=True, section=movies, authors=[maya], tags=["Stunts"]
    )
    plain = ArticleFactory(
        published=True,
        section=SectionFactory(slug="tv"),
        authors=[maya],
        publish_at=timezone.now() - timedelta(days=5),
    )
    common = {"section": movies, "authors": [ghost], "tags": ["Secret"]}
    hidden = [
        ArticleFactory(headline="Draft", **common),
        ArticleFactory(headline="In review", in_review=True, **common),
        ArticleFactory(headline="Scheduled", scheduled=True, **common),
    ]
    return {"live": live, "plain": plain, "hidden": hidden}


def test_the_index_points_to_every_part_and_each_part_is_a_valid_urlset(client, site):
    parts = index_parts(client)
    assert [local(part) for part in parts] == [
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
        "/sitemap-entities.xml",
    ]
    for part in parts:
        assert_valid_urlset(xml(client, local(part)))


def test_the_sitemaps_list_exactly_the_published_pages(client, site):
    found = set()
    for part in index_parts(client):
        found |= {local(url) for url in urls_of(xml(client, local(part)))}
    live, plain = site["live"], site["plain"]
    assert {live.get_absolute_url(), plain.get_absolute_url()} <= found
    assert {"/movies/", "/tv/", "/tag/stunts/", "/author/maya-okafor/"} <= found
    for article in site["hidden"]:
        assert article.get_absolute_url() not in found
    assert "/tag/secret/" not in found  # only hidden stories carry it
    assert "/author/only-drafts/" not in found


def test_stories_carry_their_last_change_and_hero_image(client, site):
    root = xml(client, "/sitemap-articles.xml")
    entries = {local(e.findtext("sm:loc", namespaces=NS)): e for e in root.iterfind("sm:url", NS)}
    live = entries[site["live"].get_absolute_url()]
    plain = entries[site["plain"].get_absolute_url()]
    assert live.findtext("sm:lastmod", namespaces=NS)
    assert plain.findtext("sm:lastmod", namespaces=NS)
    [image] = live.findall("image:image/image:loc", NS)
    assert image.text == "http://testserver" + site["live"].hero.file.url
    assert plain.find("image:image", NS) is None


def test_a_long_sitemap_is_split_into_pages_listed_in_the_index(client, site, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 1)
    parts = [local(part) for part in index_parts(client)]
    assert "/sitemap-articles.xml" in parts
    assert "/sitemap-articles.xml?p=2" in parts
    assert "/sitemap-articles.xml?p=3" not in parts
    pages = [urls_of(xml(client, url)) for url in parts if url.startswith("/sitemap-articles")]
    assert [len(page) for page in pages] == [1, 1]
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_news_sitemap_has_the_last_48_hours_only(client, site):
    root = xml(client, "/news-sitemap.xml")
    assert_valid_urlset(root)
    [entry] = root.findall("sm:url", NS)
    live = site["live"]
    assert local(entry.findtext("sm:loc", namespaces=NS)) == live.get_absolute_url()
    news = entry.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == live.headline
    published = news.findtext("news:publication_date", namespaces=NS)
    assert W3C_DATETIME.match(published)
    assert entry.find("image:image/image:loc", NS) is not None


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_out_of_the_desk(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = text(response).splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    for url in ("/sitemap.xml", "/news-sitemap.xml"):
        assert client.get(url).status_code == 200


def count_queries(client, url):
    changes_applied()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# index: a count per part, plus the stories' and the entities' newest change; each part:
# a count and a page.
BUDGET = {
    "/sitemap.xml": 7,
    "/sitemap-articles.xml": 2,
    "/sitemap-sections.xml": 2,
    "/sitemap-tags.xml": 2,
    "/sitemap-authors.xml": 2,
    "/sitemap-entities.xml": 2,
    "/news-sitemap.xml": 2,
}


@pytest.mark.usefixtures("page_cache_off")
def test_sitemaps_run_a_fixed_number_of_queries_with_3_or_30_stories(client):
    def grow(total):
        for _ in range(total):
            story = ArticleFactory(published=True, with_image=True, tags=["Stunts", "Sequels"])
            number = Entity.objects.count()
            story.about.add(
                Entity.objects.create(kind="person", name=f"P{number}", slug=f"p{number}")
            )

    grow(3)
    site_settings()  # the news sitemap's publication name, cached from now on
    small = {url: count_queries(client, url) for url in BUDGET}
    grow(27)
    large = {url: count_queries(client, url) for url in BUDGET}
    assert small == large == BUDGET
