"""RSS and Atom feeds, read back the way a feed reader reads them: with feedparser."""

from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caching.site import site_settings
from reader.feeds import FEED_LENGTH
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import changes_applied, text

pytestmark = pytest.mark.django_db

FEEDS = {
    "site": "/feed/",
    "section": "/movies/feed/",
    "tag": "/tag/stunts/feed/",
    "author": "/author/maya-okafor/feed/",
}
# items, their bylines, their tags; plus the section, tag or author itself.
BUDGET = {"site": 3, "section": 4, "tag": 4, "author": 4}


@pytest.fixture
def maya():
    return AuthorFactory(name="Maya Okafor", slug="maya-okafor")


@pytest.fixture
def story(maya):
    return ArticleFactory(
        published=True,
        with_image=True,
        headline="Cruise jumps a motorbike off a cliff",
        standfirst="Six jumps, one take each.",
        section=SectionFactory(slug="movies"),
        authors=[maya, AuthorFactory(name="Sam Reyes")],
        tags=["Stunts", "Mission: Impossible"],
    )


@pytest.fixture
def hidden(maya):
    common = {"section": SectionFactory(slug="movies"), "authors": [maya], "tags": ["Stunts"]}
    return [
        ArticleFactory(headline="Draft about a stunt", **common),
        ArticleFactory(headline="In-review piece about a stunt", in_review=True, **common),
        ArticleFactory(headline="Scheduled scoop about a stunt", scheduled=True, **common),
    ]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("kind", sorted(FEEDS))
@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
def test_every_feed_describes_a_story_completely(client, story, kind, atom):
    url = FEEDS[kind] + ("atom/" if atom else "")
    response, feed = parse(client, url)

    assert feed.version == ("atom10" if atom else "rss20")
    assert response["Content-Type"].startswith(
        "application/atom+xml" if atom else "application/rss+xml"
    )
    assert feed.feed.title
    assert feed.feed.link.startswith("http://testserver/")
    [entry] = feed.entries
    assert entry.title == "Cruise jumps a motorbike off a cliff"
    assert entry.link == "http://testserver" + story.get_absolute_url()
    assert entry.summary == "Six jumps, one take each."
    assert entry.author == "Maya Okafor, Sam Reyes"
    assert {tag.term for tag in entry.tags} == {"Movies", "Stunts", "Mission: Impossible"}
    published = entry.published_parsed
    assert published[:6] == story.publish_at.utctimetuple()[:6]
    if atom:
        assert entry.updated_parsed >= published
    [enclosure] = entry.enclosures
    assert enclosure.href == "http://testserver" + story.hero.file.url
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == story.hero.file.size > 0


def test_a_story_without_a_picture_has_no_enclosure(client):
    ArticleFactory(published=True)
    _response, feed = parse(client, "/feed/")
    assert feed.entries[0].get("enclosures", []) == []


def test_a_missing_picture_file_drops_only_the_enclosure(client, story):
    story.hero.file.storage.delete(story.hero.file.name)
    _response, feed = parse(client, "/feed/")
    assert feed.entries[0].title == story.headline
    assert feed.entries[0].get("enclosures", []) == []


@pytest.mark.parametrize("url", [*FEEDS.values(), *(url + "atom/" for url in FEEDS.values())])
def test_no_draft_review_or_scheduled_story_reaches_a_feed(client, story, hidden, url):
    _response, feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == [story.headline]


def test_feeds_list_the_newest_twenty_newest_first(client):
    start = timezone.now() - timedelta(hours=1)
    for n in range(FEED_LENGTH + 3):
        ArticleFactory(published=True, headline=f"Story {n}", publish_at=start - timedelta(hours=n))
    _response, feed = parse(client, "/feed/")
    assert [entry.title for entry in feed.entries] == [f"Story {n}" for n in range(FEED_LENGTH)]


def test_each_feed_lists_only_its_own_stories(client, story, maya):
    other = ArticleFactory(published=True, section=SectionFactory(slug="tv"), tags=["Casting"])
    for kind, url in FEEDS.items():
        _response, feed = parse(client, url)
        titles = [entry.title for entry in feed.entries]
        assert titles == ([other.headline, story.headline] if kind == "site" else [story.headline])


def test_a_unicode_tag_has_a_feed(client):
    ArticleFactory(published=True, headline="Demon Slayer returns", tags=["鬼滅の刃"])
    _response, feed = parse(client, "/tag/鬼滅の刃/feed/")
    assert [entry.title for entry in feed.entries] == ["Demon Slayer returns"]


@pytest.mark.parametrize(
    "url", ["/nowhere/feed/", "/tag/nowhere/feed/atom/", "/author/nobody/feed/"]
)
def test_a_feed_of_nothing_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_advertise_their_feeds(client, story):
    expected = {
        "/": ["/feed/", "/feed/atom/"],
        "/movies/": ["/feed/", "/movies/feed/", "/movies/feed/atom/"],
        "/tag/stunts/": ["/tag/stunts/feed/", "/tag/stunts/feed/atom/"],
        "/author/maya-okafor/": ["/author/maya-okafor/feed/", "/author/maya-okafor/feed/atom/"],
        story.get_absolute_url(): ["/feed/", "/movies/feed/", "/movies/feed/atom/"],
    }
    for page, feeds in expected.items():
        html = text(client.get(page))
        for feed in feeds:
            kind = "atom" if feed.endswith("atom/") else "rss"
            assert f'type="application/{kind}+xml"' in html
            assert f'href="{feed}"' in html, (page, feed)
            assert client.get(feed).status_code == 200


def count_queries(client, url):
    changes_applied()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.usefixtures("page_cache_off")
def test_feeds_run_a_fixed_number_of_queries_with_3_or_30_stories(client, maya):
    movies = SectionFactory(slug="movies")

    def grow(total):
        for _ in range(total):
            ArticleFactory(
                published=True,
                with_image=True,
                section=movies,
                authors=[maya, AuthorFactory()],
                tags=["Stunts", "Sequels"],
            )

    grow(3)
    urls = dict(FEEDS)
    urls |= {f"{kind} atom": url + "atom/" for kind, url in FEEDS.items()}
    site_settings()  # cached from now on; tests/test_site_settings.py counts a miss
    small = {name: count_queries(client, url) for name, url in urls.items()}
    grow(27)
    cache.clear()  # the picture sizes are read again: still no query
    site_settings()
    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert small == large
    assert {name: small[name] for name in FEEDS} == BUDGET
