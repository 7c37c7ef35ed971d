"""What a search engine or a social card previewer reads from our pages' <head>."""

import json
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.factories import VIMEO_URL, ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects <title>, <meta>, the canonical link and every JSON-LD block, as a crawler does."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.properties = []  # (property, content), in order: og:* and article:*
        self.names = {}
        self.canonical = []
        self.json_ld = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.properties.append((attrs["property"], attrs["content"]))
        elif tag == "meta" and "name" in attrs:
            self.names[attrs["name"]] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "json_ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data

    def og(self, name):
        return [content for prop, content in self.properties if prop == name]

    def blocks(self):
        return {block["@type"]: block for block in map(json.loads, self.json_ld)}


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    head = HeadReader()
    head.feed(text(response))
    for block in head.json_ld:
        assert json.loads(block)["@context"] == "https://schema.org"
    return head


def assert_w3c_time(value):
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None and parsed.microsecond == 0, value


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        with_image=True,
        with_trailer=True,
        headline="Cruise jumps a motorbike off a cliff",
        standfirst="Six jumps, one take each.",
        section=SectionFactory(slug="movies"),
        authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
        tags=["Stunts", "Mission: Impossible"],
    )


def test_an_article_shares_as_an_article_with_its_picture(client, story):
    head = read(client, story.get_absolute_url())
    url = "http://testserver" + story.get_absolute_url()
    image = "http://testserver" + story.hero.file.url

    assert head.title == "Cruise jumps a motorbike off a cliff · Newsroom"
    assert head.names["description"] == "Six jumps, one take each."
    assert head.canonical == [url]
    assert head.og("og:type") == ["article"]
    assert head.og("og:title") == [story.headline]
    assert head.og("og:description") == ["Six jumps, one take each."]
    assert head.og("og:url") == [url]
    assert head.og("og:site_name") == ["Newsroom"]
    assert head.og("og:image") == [image]
    assert head.og("og:image:width") == ["64"]
    assert head.og("og:image:height") == ["36"]
    assert head.og("article:section") == ["Movies"]
    assert sorted(head.og("article:tag")) == ["Mission: Impossible", "Stunts"]
    assert_w3c_time(head.og("article:published_time")[0])
    assert_w3c_time(head.og("article:modified_time")[0])
    assert head.names["twitter:card"] == "summary_large_image"
    assert head.names["twitter:image"] == image


def test_an_article_describes_itself_as_a_news_article_with_video_and_breadcrumbs(client, story):
    blocks = read(client, story.get_absolute_url()).blocks()
    url = "http://testserver" + story.get_absolute_url()
    image = "http://testserver" + story.hero.file.url

    article = blocks["NewsArticle"]
    assert article["headline"] == story.headline
    assert article["image"] == [image]
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert_w3c_time(article["datePublished"])
    assert_w3c_time(article["dateModified"])
    assert article["dateModified"] >= article["datePublished"]
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Maya Okafor",
            "url": "http://testserver/author/maya-okafor/",
        }
    ]
    publisher = article["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Newsroom"
    assert publisher["logo"]["url"].startswith("http://testserver/static/")

    video = blocks["VideoObject"]
    assert video["name"] and video["description"] == story.standfirst
    assert video["thumbnailUrl"] == [image]
    assert_w3c_time(video["uploadDate"])
    assert video["embedUrl"] == story.trailer.embed_url
    assert video["contentUrl"] == "https://www.youtube.com/watch?v=avz06PDqDbM"

    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", "http://testserver/"),
        (2, "Movies", "http://testserver/movies/"),
        (3, story.headline, url),
    ]


def test_a_story_without_picture_or_trailer_says_so_correctly(client):
    story = ArticleFactory(published=True)
    head = read(client, story.get_absolute_url())
    assert head.og("og:image") == []
    assert head.names["twitter:card"] == "summary"
    assert "twitter:image" not in head.names
    blocks = head.blocks()
    assert set(blocks) == {"NewsArticle", "BreadcrumbList"}
    assert "image" not in blocks["NewsArticle"]


def test_a_youtube_trailer_without_picture_uses_youtubes_thumbnail(client):
    story = ArticleFactory(published=True, with_trailer=True)
    video = read(client, story.get_absolute_url()).blocks()["VideoObject"]
    assert video["thumbnailUrl"] == ["https://i.ytimg.com/vi/avz06PDqDbM/hqdefault.jpg"]


def test_a_vimeo_trailer_without_picture_gets_no_incomplete_video_object(client):
    story = ArticleFactory(published=True, trailer_url=VIMEO_URL)
    assert "VideoObject" not in read(client, story.get_absolute_url()).blocks()
    pictured = ArticleFactory(published=True, with_image=True, trailer_url=VIMEO_URL)
    video = read(client, pictured.get_absolute_url()).blocks()["VideoObject"]
    assert video["contentUrl"] == VIMEO_URL


def test_structured_data_cannot_break_out_of_its_script(client):
    headline = "</script><script>alert(1)</script> & <!-- more"
    story = ArticleFactory(published=True, headline=headline, standfirst=headline)
    page = text(client.get(story.get_absolute_url()))
    assert "<script>alert(1)" not in page
    head = HeadReader()
    head.feed(page)
    assert head.blocks()["NewsArticle"]["headline"] == headline


def test_list_pages_describe_themselves(client, story):
    author = story.authors.get()
    author.bio = "Maya covers stunts."
    author.save()

    home = read(client, "/")
    assert home.og("og:type") == ["website"]
    assert home.blocks()["WebSite"]["url"] == "http://testserver/"

    movies = read(client, "/movies/")
    assert movies.og("og:type") == ["website"]
    assert movies.blocks()["CollectionPage"]["url"] == "http://testserver/movies/"
    assert [c["name"] for c in movies.blocks()["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Movies",
    ]

    tag = read(client, "/tag/stunts/")
    assert tag.blocks()["CollectionPage"]["name"] == "Stunts"
    assert tag.names["description"] == "The latest stories about Stunts on Newsroom."

    profile = read(client, "/author/maya-okafor/")
    page = profile.blocks()["ProfilePage"]
    assert page["mainEntity"]["@type"] == "Person"
    assert page["mainEntity"]["name"] == "Maya Okafor"
    assert page["mainEntity"]["url"] == "http://testserver/author/maya-okafor/"
    assert profile.names["description"] == "Maya covers stunts."
    for head in (home, movies, tag, profile):
        assert head.og("og:title") and head.og("og:description") and head.og("og:url")
        assert head.names["twitter:card"] == "summary"


def test_every_page_has_its_own_title_and_description(client, story):
    urls = ["/", "/movies/", "/tag/stunts/", "/author/maya-okafor/", story.get_absolute_url()]
    heads = [read(client, url) for url in urls]
    assert len({head.title for head in heads}) == len(urls)
    assert all(head.names["description"] for head in heads)


def test_canonical_urls_drop_junk_but_keep_later_pages(client):
    movies = SectionFactory(slug="movies")
    for n in range(13):
        ArticleFactory(
            published=True, section=movies, publish_at=timezone.now() - timedelta(days=n)
        )
    story = ArticleFactory(published=True, section=movies)
    assert read(client, "/movies/?utm_source=x&page=1").canonical == ["http://testserver/movies/"]
    second = read(client, "/movies/?page=2&utm_medium=social")
    assert second.canonical == ["http://testserver/movies/?page=2"]
    assert second.og("og:url") == ["http://testserver/movies/?page=2"]
    assert read(client, story.get_absolute_url() + "?fbclid=abc").canonical == [
        "http://testserver" + story.get_absolute_url()
    ]
    assert read(client, "/?page=2").canonical == ["http://testserver/?page=2"]
