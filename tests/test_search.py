"""Search: what readers find, in what order, and that no query can break the page."""

import re
from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Entity
from caching.site import site_settings
from search.query import CONFIG, highlight, search, search_document
from search.sqlite_index import FTS_TABLE, ensure_sqlite_index
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import changes_applied, text

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranked full-text search is PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")


def found(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, query
    return [article.headline for article in response.context["articles"]]


@pytest.fixture
def stories():
    start = timezone.now() - timedelta(hours=1)

    def story(headline, standfirst="A short summary.", body="<p>The story.</p>", hours=0):
        return ArticleFactory(
            published=True,
            headline=headline,
            standfirst=standfirst,
            body=body,
            publish_at=start - timedelta(hours=hours),
        )

    return [
        story("Cruise jumps a motorbike off a cliff", "Six jumps, one take each.", hours=1),
        story("Box office weekend", "Sequels lead.", "<p>A stunt by Cruise helped.</p>", hours=2),
        story("Red carpet at Cannes", "Stars on the red carpet.", hours=3),
        story("Carpet makers on the red planet", "Nothing about films.", hours=4),
        story("The first teaser trailer lands", "A teaser, then the trailer.", hours=5),
        story("The final trailer lands", "Three minutes long.", hours=6),
    ]


@pytest.fixture
def hidden():
    common = {"headline": "Cruise secret", "standfirst": "Cruise, unpublished."}
    return [
        ArticleFactory(**common),
        ArticleFactory(in_review=True, **common),
        ArticleFactory(scheduled=True, **common),
    ]


def test_finds_words_in_the_headline_standfirst_and_body(client, stories):
    assert set(found(client, "cruise")) == {
        "Cruise jumps a motorbike off a cliff",
        "Box office weekend",
    }
    assert found(client, "cannes") == ["Red carpet at Cannes"]


def test_only_published_stories_are_found(client, stories, hidden):
    assert "Cruise secret" not in found(client, "cruise")
    assert found(client, "secret") == []
    assert found(client, "unpublished") == []


def test_a_quoted_phrase_finds_the_phrase_only(client, stories):
    assert found(client, '"red carpet"') == ["Red carpet at Cannes"]


def test_a_minus_leaves_a_word_out(client, stories):
    assert found(client, "trailer -teaser") == ["The final trailer lands"]


def test_words_are_stemmed(client, stories):
    assert found(client, "jumping") == ["Cruise jumps a motorbike off a cliff"]


@on_postgresql
def test_a_headline_match_ranks_above_a_body_match(client, stories):
    # The body match is newer, so only the rank can put the headline first.
    ArticleFactory(published=True, headline="Weekend news", body="<p>A stunt.</p>")
    ArticleFactory(
        published=True,
        headline="Stunt of the year",
        publish_at=timezone.now() - timedelta(days=3),
    )
    assert found(client, "stunt") == ["Stunt of the year", "Weekend news", "Box office weekend"]


@on_postgresql
def test_postgresql_answers_the_search_from_its_index(stories):
    # With sequential scans off, only the GIN index can answer a bare search.
    matching = Article.objects.alias(document=search_document()).filter(
        document=SearchQuery("cruise", search_type="websearch", config=CONFIG)
    )
    sql, params = matching.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_idx" in plan, plan


def test_an_edited_story_is_found_by_its_new_words(client, stories):
    story = stories[0]
    story.headline = "Cruise rides a motorbike into a canyon"
    story.save()
    assert found(client, "canyon") == [story.headline]
    assert found(client, "cliff") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '"',
        '""',
        '"unclosed phrase',
        "-",
        "--cruise",
        "-cruise",
        "&|!:*()<>\\'",
        "'; DROP TABLE articles_article; --",
        "<script>alert(1)</script>",
        "cruise\x00jumps",
        "鬼滅の刃",
        "or and not",
        "x" * 2000,
        "cruise " * 400,
    ],
)
def test_any_query_gives_a_page(client, stories, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in text(response)


def test_an_empty_search_lists_nothing_and_offers_the_form(client, stories):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["articles"] == []
    assert 'id="search-page-q"' in text(response)


def test_results_highlight_the_words_in_the_standfirst(client, stories):
    page = text(client.get("/search/", {"q": "jumps"}))
    assert "Six <mark>jumps</mark>, one take each." in page


def test_highlighting_escapes_the_text_and_marks_word_endings():
    assert highlight("Tom & <Jerry> jumped", "jump & jerry") == (
        "Tom &amp; &lt;<mark>Jerry</mark>&gt; <mark>jumped</mark>"
    )
    assert highlight("Nothing here", "") == "Nothing here"
    assert highlight("A teaser and a trailer", "trailer -teaser") == (
        "A teaser and a <mark>trailer</mark>"
    )


def test_results_are_paginated_and_the_links_keep_the_query(client):
    for n in range(14):
        ArticleFactory(published=True, headline=f"Sequel news {n}")
    first = client.get("/search/", {"q": "sequel"})
    assert len(first.context["articles"]) == 12
    assert re.search(r'href="\?q=sequel&amp;page=2"', text(first))
    second = client.get("/search/", {"q": "sequel", "page": 2})
    assert len(second.context["articles"]) == 2


def test_every_page_has_the_search_box(client, stories):
    for url in ["/", "/movies/", stories[0].get_absolute_url()]:
        page = text(client.get(url))
        assert 'role="search" aria-label="Site search" action="/search/"' in page
        assert 'name="q"' in page


def test_result_pages_ask_search_engines_not_to_index_them(client, stories):
    page = text(client.get("/search/", {"q": "cruise"}))
    assert '<meta name="robots" content="noindex">' in page
    assert '<link rel="canonical" href="http://testserver/search/">' in page


@pytest.mark.usefixtures("page_cache_off")
def test_search_runs_a_fixed_number_of_queries_with_3_or_30_matches(client):
    movies = SectionFactory(slug="movies")
    author = AuthorFactory()

    def grow(total):
        for _ in range(total):
            ArticleFactory(
                published=True, headline="Casting news", section=movies, authors=[author]
            )

    counts = []
    site_settings()  # cached from now on; tests/test_site_settings.py counts a miss
    for size in (3, 27):
        grow(size)
        changes_applied()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "casting"}).status_code == 200
        counts.append(len(queries))
    # count, page of stories, their bylines (the header's sections come from the cache)
    assert counts == [3, 3]


@on_sqlite
def test_sqlite_searches_its_full_text_index(stories):
    with CaptureQueriesContext(connection) as queries:
        assert [story.headline for story in search("cliff")] == [
            "Cruise jumps a motorbike off a cliff"
        ]
    assert any(FTS_TABLE in query["sql"] for query in queries.captured_queries)


@on_sqlite
def test_the_sqlite_index_comes_back_when_a_migration_rebuilt_the_table(client, stories):
    # Django remakes a SQLite table to alter it, which drops its triggers.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {FTS_TABLE}_insert")
    ensure_sqlite_index()  # what post_migrate runs
    ArticleFactory(published=True, headline="A zeppelin over the premiere")
    assert found(client, "zeppelin") == ["A zeppelin over the premiere"]
    stories[2].delete()
    assert found(client, "cannes") == []


def test_a_story_is_found_by_the_people_and_tags_it_is_filed_under(
    client, stories, django_capture_on_commit_callbacks
):
    """What the hub lists, search finds: a story about Tom Cruise, or tagged with a
    film, whose text never names them."""
    cruise = Entity.objects.create(kind="person", name="Tom Cruise", slug="tom-cruise")
    silent = ArticleFactory(
        published=True, headline="The stunt that took a year", tags=["Dead Reckoning"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        silent.mentions.add(cruise)
    assert "The stunt that took a year" in found(client, "cruise")
    assert found(client, "reckoning") == ["The stunt that took a year"]
    page = text(client.get("/search/", {"q": "cruise"}))
    assert 'Filed under <a href="/people/tom-cruise/">Tom <mark>Cruise</mark></a>' in page
    # A rename reaches search with the names the story keeps.
    cruise.name = "Thomas Mapother"
    with django_capture_on_commit_callbacks(execute=True):  # the labels' task runs
        cruise.save()
    assert "The stunt that took a year" not in found(client, "cruise")
    assert found(client, "mapother") == ["The stunt that took a year"]


def test_results_mark_the_words_in_the_headline_and_count_what_was_found(client, stories):
    page = text(client.get("/search/", {"q": "cannes"}))
    assert "Red carpet at <mark>Cannes</mark>" in page
    assert "1 story found." in page
    page = text(client.get("/search/", {"q": "trailer"}))
    assert "2 stories found." in page
    assert "The final <mark>trailer</mark> lands" in page
    assert "No published stories match that search." in text(
        client.get("/search/", {"q": "zeppelin"})
    )


def test_the_search_page_has_one_box(client, stories):
    page = text(client.get("/search/", {"q": "cannes"}))
    assert page.count('type="search"') == 1
    assert 'id="site-search-q"' not in page


def test_a_spoiler_story_found_shows_its_warning_not_its_standfirst(client):
    ArticleFactory(
        published=True,
        headline="The finale, explained",
        standfirst="Who survives the last episode.",
        spoilers="spoilers",
        spoils="the finale of The Bear",
    )
    page = text(client.get("/search/", {"q": "finale"}))
    assert "Spoilers for the <mark>finale</mark> of The Bear" in page
    assert "Who survives" not in page


@on_sqlite
def test_a_laptop_database_with_the_earlier_index_moves_to_the_new_one(client, stories):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {FTS_TABLE}_update")  # as before migration 0027
        cursor.execute("CREATE VIRTUAL TABLE articles_article_fts USING fts5(headline)")
        cursor.execute(
            "CREATE TRIGGER articles_article_fts_insert AFTER INSERT ON articles_article "
            "BEGIN INSERT INTO articles_article_fts(rowid, headline) VALUES (new.id, 'x'); END"
        )
    ensure_sqlite_index()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'articles_article_fts%'")
        assert cursor.fetchall() == []
    assert found(client, "cannes") == ["Red carpet at Cannes"]
    stories[2].headline = "Red carpet at Venice"
    stories[2].save()
    assert found(client, "venice") == ["Red carpet at Venice"]
