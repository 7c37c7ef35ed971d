"""What a page names, and what a change purges: only the pages showing what changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Section
from caching import keys, pagecache
from caching.models import PendingInvalidation
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import changes_applied, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="Cruise jumps again",
        section=Section.objects.get(slug="movies"),
        authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
        tags=["Stunts"],
    )


@pytest.fixture
def other():
    return ArticleFactory(
        published=True,
        headline="A quiet drama renewed",
        section=Section.objects.get(slug="tv"),
        tags=["Renewals"],
    )


def kept(client, url):
    """Whether ``url`` is answered from the page cache: no query, no template."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries) == 0 and not response.templates


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert kept(client, url), url


def header_keys(response):
    return set(response["xkey"].split())


def test_pages_name_what_they_show_for_the_edge(client, story):
    page = client.get(story.get_absolute_url())
    assert {"site", keys.story(story.pk), keys.section(story.section_id)} <= header_keys(page)
    assert page["Surrogate-Key"] == page["xkey"]
    assert "max-age=86400" in page["Surrogate-Control"]
    assert "stale-if-error=86400" in page["CDN-Cache-Control"]
    assert "max-age=60" in page["Cache-Control"]  # browsers: a minute
    home = client.get("/")
    assert {"site", "latest", keys.story(story.pk)} <= header_keys(home)
    section = client.get("/movies/")
    assert {keys.section(story.section_id), keys.story(story.pk)} <= header_keys(section)
    assert "stories" in header_keys(client.get("/search/?q=cruise"))


def test_a_page_showing_too_many_stories_names_them_all_with_one_key(rf):
    request = rf.get("/")
    keys.shows(request, *keys.stories(range(keys.MOST_KEYS + 1)), "latest")
    assert keys.shown(request) == ["latest", "site", "stories"]


def test_an_edit_leaves_the_pages_not_showing_the_story_kept(client, story, other):
    # A neighbour in its section, so the other story's page leads to it rather than
    # to the site's latest (which would show the story edited here).
    ArticleFactory(published=True, headline="Another renewal", section=other.section)
    changes_applied()
    warm(client, story.get_absolute_url(), other.get_absolute_url(), "/tv/", "/")
    story.headline = "Cruise jumps once more"
    story.save()
    changes_applied()
    assert kept(client, other.get_absolute_url())
    assert kept(client, "/tv/")
    assert "Cruise jumps once more" in text(client.get(story.get_absolute_url()))
    assert "Cruise jumps once more" in text(client.get("/"))


def test_a_story_moved_to_another_section_leaves_one_list_and_joins_the_other(client, story, other):
    warm(client, "/movies/", "/tv/")
    story.section = Section.objects.get(slug="tv")
    story.save()
    changes_applied()
    assert "Cruise jumps again" not in text(client.get("/movies/"))
    assert "Cruise jumps again" in text(client.get("/tv/"))


def test_a_story_losing_a_tag_leaves_the_tag_page(client, story):
    warm(client, "/tag/stunts/")
    story.tags.remove("Stunts")
    changes_applied()
    assert "Cruise jumps again" not in text(client.get("/tag/stunts/"))


def test_a_renamed_byline_reaches_every_page_showing_it(
    client, story, django_capture_on_commit_callbacks
):
    warm(client, "/", story.get_absolute_url(), "/author/maya-okafor/")
    author = story.authors.get()
    with django_capture_on_commit_callbacks(execute=True):  # the task storing the names
        author.name = "Maya Okafor-Reyes"
        author.save()
    changes_applied()
    for url in ["/", story.get_absolute_url(), "/author/maya-okafor/"]:
        assert "Maya Okafor-Reyes" in text(client.get(url)), url


def test_a_drafts_save_purges_nothing(client, story):
    draft = ArticleFactory(headline="Not yet", section=story.section)
    changes_applied()
    warm(client, "/", story.get_absolute_url())
    draft.headline = "Still not yet"
    draft.save()
    assert not PendingInvalidation.objects.exists()
    assert kept(client, "/")


def test_a_page_made_while_a_change_lands_is_not_kept(client, story, monkeypatch):
    """The render read the old row; the purge came before it was stored: not kept."""
    import reader.cards

    real = reader.cards.card_stories

    def cards_then_a_change(request, pks, **kwargs):
        made = real(request, pks, **kwargs)  # rows read before the change...
        Article.objects.filter(pk=story.pk).update(headline="Changed meanwhile")
        pagecache.purge([keys.story(story.pk)])  # ...which commits and is purged now
        return made

    monkeypatch.setattr(reader.cards, "card_stories", cards_then_a_change)
    monkeypatch.setattr("reader.lists.card_stories", cards_then_a_change)
    assert "Cruise jumps again" in text(client.get("/"))
    monkeypatch.undo()
    # The old page was not kept: the next reader gets the change.
    assert "Changed meanwhile" in text(client.get("/"))
