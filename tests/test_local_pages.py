"""Each process's own copies of the pages it served: no round trip to the cache server
for a second, and never a page the cache server has been told is stale after that."""

import time

import pytest
from django.core.cache import cache

from articles.models import Article
from caching.pagecache import nearby
from caching.versions import GENERATION_KEY
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers import changes_applied, text
from tests.test_invalidation import DOWN

pytestmark = pytest.mark.django_db

HEADLINE = "A sequel nobody asked for"


@pytest.fixture
def story():
    story = ArticleFactory(
        published=True,
        headline=HEADLINE,
        slug="a-sequel",
        section=SectionFactory(name="Movies", slug="movies"),
    )
    changes_applied()
    return story


def counting_round_trips(monkeypatch):
    calls = []
    real = cache.get_many

    def get_many(keys, *args, **kwargs):
        calls.append(keys)
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    return calls


def taken_down_elsewhere(story):
    """Another app server unpublishes the story: the row and the cache server change,
    and this process hears nothing."""
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def a_second_passes():
    nearby.read_at -= 1.01


def test_a_page_served_again_within_the_second_costs_no_round_trip(client, story, monkeypatch):
    url = story.get_absolute_url()
    first = client.get(url)
    calls = counting_round_trips(monkeypatch)

    again = client.get(url)
    assert again.status_code == 200 and HEADLINE in text(again)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == first["Cache-Control"]
    assert calls == []


def test_a_takedown_on_another_server_is_gone_a_second_later(client, story):
    urls = ["/", story.get_absolute_url(), "/movies/"]
    for url in urls:
        assert HEADLINE in text(client.get(url)), url

    taken_down_elsewhere(story)
    a_second_passes()
    for url in urls:
        assert HEADLINE not in text(client.get(url)), url


def test_a_takedown_in_this_process_is_gone_at_once(client, story):
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    story.status = Article.Status.DRAFT
    story.save()
    assert client.get(url).status_code == 404


def test_with_the_cache_server_down_a_kept_page_is_not_served_past_the_second(
    client, story, settings
):
    url = story.get_absolute_url()
    assert HEADLINE in text(client.get(url))

    settings.CACHES = DOWN
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    a_second_passes()
    assert client.get(url).status_code == 404  # read from the database, uncached
    assert client.get(url).status_code == 404


def test_only_the_pages_served_last_are_kept(client, settings, monkeypatch):
    settings.NEWSROOM_LOCAL_PAGES = 10
    section = SectionFactory(name="Movies", slug="movies")
    urls = [ArticleFactory(published=True, section=section).get_absolute_url() for _ in range(11)]
    changes_applied()
    for url in urls:
        assert client.get(url).status_code == 200
    calls = counting_round_trips(monkeypatch)
    for url in reversed(urls[1:]):  # the ten served last
        assert client.get(url).status_code == 200
    assert calls == []
    assert client.get(urls[0]).status_code == 200  # the oldest was let go
    assert len(calls) == 1
