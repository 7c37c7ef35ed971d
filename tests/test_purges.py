"""Kept pages are purged by the keys of what they show: every change shows at once on
every page showing it (caching/keys.py, caching/invalidation.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section, SiteSettings
from caching import pagecache
from caching.tasks import apply_due
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import text

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def author():
    return AuthorFactory(name="Maya Okafor", slug="maya-okafor")


@pytest.fixture
def story(author):
    return ArticleFactory(
        published=True,
        headline="Cruise jumps again",
        section=Section.objects.get(slug="movies"),
        authors=[author],
        tags=["Stunts"],
    )


def pages_of(story):
    return ["/", story.get_absolute_url(), "/movies/", "/tag/stunts/", "/author/maya-okafor/"]


def warm(client, *urls):
    """Visit each page twice; the second visit is a kept page."""
    for url in urls:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 1, (url, [q["sql"] for q in queries.captured_queries])


def test_an_edit_shows_on_the_story_page_and_every_card(client, story):
    warm(client, *pages_of(story))
    story.headline = "Cruise jumps a third time"
    story.save()
    for url in pages_of(story):
        page = text(client.get(url))
        assert ">Cruise jumps a third time<" in page, url
        assert ">Cruise jumps again<" not in page, url


def test_a_renamed_section_shows_in_cards_and_navigation(client, story):
    warm(client, *pages_of(story))
    Section.objects.filter(slug="movies").update(name="Films")  # no signal: nothing changes...
    assert 'href="/movies/">Films</a>' not in text(client.get("/"))
    section = Section.objects.get(slug="movies")
    section.save()  # ...until it is saved
    home = text(client.get("/"))
    assert '<p class="kicker"><a href="/movies/">Films</a></p>' in home
    assert '<a href="/movies/">Films</a></li>' in home  # the navigation


def test_a_renamed_byline_shows_on_cards_and_the_story(
    client, story, author, django_capture_on_commit_callbacks
):
    warm(client, *pages_of(story))
    # Once the task the rename enqueues has stored the stories' bylines again.
    with django_capture_on_commit_callbacks(execute=True):
        author.name = "Maya Okafor-Reyes"
        author.save()
    assert 'rel="author">Maya Okafor-Reyes</a>' in text(client.get("/"))
    assert ">Maya Okafor-Reyes</a>" in text(client.get(story.get_absolute_url()))


def test_a_new_byline_on_a_story_shows_at_once(client, story):
    warm(client, "/", story.get_absolute_url())
    story.authors.add(AuthorFactory(name="Leo Tan", slug="leo-tan"))
    assert "Leo Tan" in text(client.get("/"))
    assert "Leo Tan" in text(client.get(story.get_absolute_url()))


def test_tag_changes_show_on_the_story(client, story, django_capture_on_commit_callbacks):
    warm(client, story.get_absolute_url())
    story.tags.add("Mission: Impossible")
    assert ">Mission: Impossible</a>" in text(client.get(story.get_absolute_url()))
    tag = Tag.objects.get(slug="stunts")
    with django_capture_on_commit_callbacks(execute=True):  # the rename's task runs
        tag.name = "Stunt work"
        tag.save()
    page = text(client.get(story.get_absolute_url()))
    assert 'rel="tag">Stunt work</a>' in page


def test_a_new_story_shows_in_lists_and_beside_its_neighbour(
    client, story, django_capture_on_commit_callbacks
):
    warm(client, *pages_of(story))
    with django_capture_on_commit_callbacks(execute=True):  # as its commit would
        newer = ArticleFactory(
            published=True,
            publish_at=timezone.now() - timedelta(minutes=1),
            headline="A sequel is confirmed",
            section=story.section,
            tags=["Stunts"],
        )
    assert "A sequel is confirmed" in text(client.get("/"))
    assert "A sequel is confirmed" in text(client.get("/tag/stunts/"))
    old_page = text(client.get(story.get_absolute_url()))
    assert f'href="{newer.get_absolute_url()}"><span class="story-nav__label">Next' in old_page
    # They share a tag, but the next story is not listed again as a related one.
    assert old_page.count(f'href="{newer.get_absolute_url()}"') == 1


def test_an_unpublished_story_leaves_every_page(client, story):
    keep = ArticleFactory(published=True, headline="Still here", section=story.section)
    warm(client, *pages_of(story))
    story.status = Article.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in ["/", "/movies/"]:
        page = text(client.get(url))
        assert "Cruise jumps again" not in page, url
        assert keep.headline in page, url


def test_a_scheduled_story_appears_on_its_minute(client, story):
    go_live = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    ArticleFactory(
        headline="Scheduled trailer drop",
        status=Article.Status.PUBLISHED,
        publish_at=go_live,
        section=story.section,
    )
    with time_machine.travel(go_live - timedelta(seconds=1), tick=False):
        warm(client, "/", "/movies/", story.get_absolute_url())
        assert "Scheduled trailer drop" not in text(client.get("/"))
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        # The worker's task at the publish time (web processes also look every few seconds).
        apply_due.call()
        assert "Scheduled trailer drop" in text(client.get("/"))
        assert "Scheduled trailer drop" in text(client.get("/movies/"))
        # The older story's page is kept under its section, which the go-live purges.
        assert "Scheduled trailer drop" in text(client.get(story.get_absolute_url()))


def test_new_site_settings_show_in_the_header_and_footer(client, story):
    warm(client, "/")
    SiteSettings(name="Screen Wire", description="Film news, fast.").save()
    page = text(client.get("/"))
    assert '<a class="site-name" href="/">Screen Wire</a>' in page
    assert '<p class="site-footer__name">Screen Wire</p>' in page
    assert "<p>Film news, fast.</p>" in page


def test_signed_in_editors_never_read_kept_pages(client, admin_client, story):
    warm(client, "/")
    # A change no signal announces: the kept page keeps the old headline...
    Article.objects.filter(pk=story.pk).update(headline="Changed behind the cache")
    assert "Changed behind the cache" not in text(client.get("/"))
    # ...the editor sees the database as it is.
    assert "Changed behind the cache" in text(admin_client.get("/"))


def test_a_new_release_uses_none_of_the_old_pieces(client, story, settings):
    settings.NEWSROOM_RELEASE = "release-one"
    pagecache.release.cache_clear()
    warm(client, "/")
    settings.NEWSROOM_RELEASE = "release-two"
    pagecache.release.cache_clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) > 1  # everything built again: other templates may make other HTML
    pagecache.release.cache_clear()


def test_pinning_a_lead_shows_on_a_kept_front_page_and_so_does_its_takedown(client, story):
    older = ArticleFactory(
        published=True,
        headline="An interview worth pinning",
        publish_at=timezone.now() - timedelta(days=2),
    )
    warm(client, "/")
    settings = SiteSettings(name="Newsroom", description="Film and TV news.", lead=older)
    settings.save()
    lead = text(client.get("/")).split('aria-label="Lead story"', 1)[1].split("</section>", 1)[0]
    assert "An interview worth pinning" in lead

    warm(client, "/")
    older.status = Article.Status.DRAFT
    older.save()
    home = text(client.get("/"))
    assert "An interview worth pinning" not in home
    assert "Cruise jumps again" in home.split('aria-label="Lead story"', 1)[1]

    warm(client, "/")
    settings.lead = None
    settings.save()
    lead = text(client.get("/")).split('aria-label="Lead story"', 1)[1].split("</section>", 1)[0]
    assert "Cruise jumps again" in lead
