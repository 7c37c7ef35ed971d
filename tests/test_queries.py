"""Query budget: every reader page runs a fixed number of queries, however many stories."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.around import fill as fill_stored
from articles.models import Article, Section
from caching.site import site_settings
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import changes_applied

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

SECTIONS = ["movies", "tv", "music", "games", "celebrity"]
TAGS = ["Stunts", "Sequels", "Trailers", "Box office", "Casting", "Streaming"]

# The measured counts (the same on SQLite and PostgreSQL), of a page built with the page
# cache off: what a reader's request costs when the page is not kept (cold).
# home: lead, count, page of stories, cards' stories (one query for all cards; their
# bylines are kept on the stories).
# article: the story with its section and pictures, the stories around it (previous/next
# and related, whose ids the story keeps: one query), the latest in its section (the
# second column, asked on the build: one query), its bylines' photos and bios (one query),
# its tags' ids (the keys it is kept under). Its bylines' names and its tags are kept on
# it (articles/shown.py).
# section / tag / author: the section/tag/author, count, page, cards.
# The header's and footer's settings, sections and site pages come from the cache
# (caching/site.py; tests/test_site_settings.py counts a miss).
# A list's count is one query when it is kept (articles/counts.py); on the first visit
# after a change to the content, as here, five more: the count itself, the next
# scheduled publish time, and keeping it (one statement, between a savepoint and its
# release, which a request outside a test's transaction does not pay).
BUDGET = {"home": 9, "article": 5, "section": 9, "tag": 9, "author": 9}
REPEAT_BUDGET = {"home": 4, "article": 5, "section": 4, "tag": 4, "author": 4}
# session, user, page of stories, count, bylines, the filters' choices, and the savepoint
# django-reversion opens around the changelist (SAVEPOINT, RELEASE), and the count of
# changes still waiting for the page cache that every desk page warns about.
ADMIN_CHANGELIST_BUDGET = 13


@pytest.fixture
def newsroom():
    """A growing site: ``grow(n)`` makes sure ``n`` published stories exist.

    Every story has a picture, a trailer, two bylines (one shared staff writer) and three
    tags, and the stories are spread over the five sections.
    """
    staff = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    sections = {slug: Section.objects.get(slug=slug) for slug in SECTIONS}
    start = timezone.now() - timedelta(hours=1)

    def grow(total):
        for n in range(Article.objects.count(), total):
            ArticleFactory(
                published=True,
                with_image=True,
                with_trailer=True,
                featured=n == 0,
                headline=f"Budget story {n}",
                publish_at=start - timedelta(minutes=n),
                section=sections[SECTIONS[n % len(SECTIONS)]],
                authors=[staff, AuthorFactory()],
                tags=["Stunts", TAGS[1 + n % 5], TAGS[1 + (n + 2) % 5]],
            )
        # As seed_demo does: tests never commit, so the saves' tasks do not run.
        fill_stored(only_missing=False)
        # Pages read the site settings from the cache; test_site_settings.py counts a miss.
        site_settings()

    return grow


def reader_pages():
    article = Article.objects.get(headline="Budget story 0")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": "/movies/",
        "tag": "/tag/stunts/",
        "author": "/author/maya-okafor/",
    }


def count_queries(client, url):
    changes_applied()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def first_visit(client, url):
    """The queries of a page built with nothing cached, as after a change to the site."""
    cache.clear()
    site_settings()  # test_site_settings.py counts a miss of the settings
    return count_queries(client, url)


def visit_each(client):
    """Each reader page's first visit, and the queries of the visit after it."""
    first, again = {}, {}
    for name, url in reader_pages().items():
        first[name] = first_visit(client, url)
        again[name] = count_queries(client, url)[0]
    return first, again


def test_reader_pages_run_the_same_number_of_queries_with_5_or_50_stories(client, newsroom):
    newsroom(5)
    small, small_again = visit_each(client)
    newsroom(50)
    large, large_again = visit_each(client)

    # The big site really shows more: full pages of cards and a full related list.
    assert len(small["section"][1].context["articles"]) == 1
    assert len(large["section"][1].context["articles"]) == 10
    assert len(large["tag"][1].context["articles"]) == 12
    assert len(large["author"][1].context["articles"]) == 12
    assert len(large["home"][1].context["articles"]) == 12
    assert len(large["article"][1].context["related"]) == 4

    counts = {name: (small[name][0], large[name][0]) for name in small}
    assert all(few == many for few, many in counts.values()), counts
    assert {name: few for name, (few, _many) in counts.items()} == BUDGET
    assert small_again == large_again == REPEAT_BUDGET, (small_again, large_again)


@pytest.mark.parametrize("page", sorted(BUDGET))
def test_reader_page_query_ceiling_with_50_stories(
    client, newsroom, page, django_assert_max_num_queries
):
    newsroom(50)
    url = reader_pages()[page]
    changes_applied()
    cache.clear()
    site_settings()
    with django_assert_max_num_queries(BUDGET[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_second_pages_have_the_same_budget(client, newsroom, django_assert_num_queries):
    newsroom(50)
    first_visit(client, "/")
    client.get("/tag/stunts/")
    # Page 1 kept the counts; a later page costs what page 1 costs once they are kept.
    with django_assert_num_queries(REPEAT_BUDGET["home"]):
        assert client.get("/?page=2").status_code == 200
    with django_assert_num_queries(REPEAT_BUDGET["home"]):
        assert client.get("/?page=2").status_code == 200
    with django_assert_num_queries(REPEAT_BUDGET["tag"]):
        assert client.get("/tag/stunts/?page=3").status_code == 200
    with django_assert_num_queries(REPEAT_BUDGET["tag"]):
        assert client.get("/tag/stunts/?page=3").status_code == 200


def test_the_desk_changelist_runs_a_fixed_number_of_queries(admin_client, newsroom):
    url = "/admin/articles/article/"
    counts = []
    for size in (5, 50):
        newsroom(size)
        admin_client.get(url)  # the first request also loads the session and the user
        count, response = count_queries(admin_client, url)
        assert len(response.context["cl"].result_list) == size
        counts.append(count)
    assert counts == [ADMIN_CHANGELIST_BUDGET] * 2
