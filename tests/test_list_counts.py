"""List pages' story counts are counted once per change and kept, and never shown wrong.

The caches are off here, as on the benchmark's cold pages: what a reader sees comes
from the database, where the counts are kept (articles/counts.py).
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ListCount
from articles.publishing import return_to_draft
from reader.lists import StoryListView
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caches_off(settings):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_FRAGMENT_CACHE = False


@pytest.fixture
def movies():
    return SectionFactory(name="Movies", slug="movies")


def stories_said(client, url="/tag/stunts/"):
    """What the tag page says it lists: "3 stories, newest first."."""
    found = re.search(r"(\d+) stor(?:y|ies), newest first", text(client.get(url)))
    return int(found.group(1))


def pages_said(client, url):
    """How many pages the list says it has (one page shows no page numbers)."""
    found = re.search(r"Page 1 of (\d+)", text(client.get(url)))
    return int(found.group(1)) if found else 1


def stunts(movies, n, **fields):
    return [
        ArticleFactory(published=True, section=movies, tags=["Stunts"], **fields) for _ in range(n)
    ]


def test_the_count_follows_publishing_unpublishing_retagging_and_deleting(
    client, movies, admin_user
):
    first, second, third = stunts(movies, 3)
    assert stories_said(client) == 3

    ArticleFactory(published=True, section=movies, tags=["Stunts"])
    assert stories_said(client) == 4

    first.status = Article.Status.DRAFT
    first.save()
    assert stories_said(client) == 3

    second.tags.remove("Stunts")
    assert stories_said(client) == 2

    third.delete()
    assert stories_said(client) == 1

    return_to_draft(Article.objects.filter(tags__name="Stunts"), admin_user)  # a bulk action
    assert client.get("/tag/stunts/").status_code == 200
    assert "0 stories" in text(client.get("/tag/stunts/"))


@pytest.fixture
def one_per_page(monkeypatch):
    monkeypatch.setattr(StoryListView, "paginate_by", 1)


@pytest.mark.usefixtures("one_per_page")
def test_moving_a_story_to_another_section_moves_its_count(client, movies):
    tv = SectionFactory(name="TV", slug="tv")
    story, _ = stunts(movies, 2)
    ArticleFactory(published=True, section=tv)
    assert (pages_said(client, "/movies/"), pages_said(client, "/tv/")) == (2, 1)

    story.section = tv
    story.save()
    assert (pages_said(client, "/movies/"), pages_said(client, "/tv/")) == (1, 2)


@pytest.mark.usefixtures("one_per_page")
def test_a_byline_page_counts_its_stories(client, movies):
    maya = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    stories = stunts(movies, 3, authors=[maya])
    assert pages_said(client, "/author/maya-okafor/") == 3
    stories[0].authors.clear()
    assert pages_said(client, "/author/maya-okafor/") == 2


def test_a_scheduled_story_is_counted_when_it_goes_live_with_no_write(client, movies):
    stunts(movies, 2)
    go_live = timezone.now() + timedelta(hours=2)
    ArticleFactory(published=True, section=movies, tags=["Stunts"], publish_at=go_live)

    with time_machine.travel(go_live - timedelta(seconds=1), tick=False):
        assert stories_said(client) == 2
        assert stories_said(client) == 2  # kept
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        assert stories_said(client) == 3


def test_a_count_kept_under_an_older_version_is_never_shown(client, movies):
    stunts(movies, 2)
    assert stories_said(client) == 2
    # A reader that counted before a change committed, and stored it after.
    ListCount.objects.filter(page="/tag/stunts/").update(count=7, version=0)
    assert stories_said(client) == 2


def test_a_kept_count_costs_no_counting(client, movies):
    stunts(movies, 3)
    stories_said(client)
    with CaptureQueriesContext(connection) as queries:
        assert stories_said(client) == 3
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
