"""Whole-page cache: readers get cached pages, but never a stale or unpublished one."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from caching.tasks import apply_due
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/articles/article/"


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="Cruise jumps again",
        section=Section.objects.get(slug="movies"),
        authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
        tags=["Stunts"],
    )


def warm(client, *urls):
    """Request each page twice: the second answer comes from the cache."""
    for url in urls:
        assert client.get(url).status_code == 200
        assert served_from_cache(client, url)


def served_from_cache(client, url):
    """Answered from the page cache: no query and no template (a page built from cached
    fragments still renders its templates)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries) == 0 and not response.templates


# Cached at all ---------------------------------------------------------------------------


def test_a_second_reader_gets_the_page_without_touching_the_database(client, story):
    urls = ["/", story.get_absolute_url(), "/movies/", "/tag/stunts/", "/author/maya-okafor/"]
    urls += ["/search/?q=cruise", "/feed/", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]
    warm(client, *urls)


def test_the_cache_can_be_switched_off(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    client.get("/")
    assert not served_from_cache(client, "/")


# Any change shows at once ----------------------------------------------------------------


def test_publishing_a_draft_shows_it_at_once(client, story):
    draft = ArticleFactory(headline="A brand new teaser")
    warm(client, "/")
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = timezone.now()
    draft.save()
    assert "A brand new teaser" in text(client.get("/"))


def test_an_edit_shows_at_once_on_every_page(client, story):
    warm(client, "/", story.get_absolute_url(), "/tag/stunts/", "/feed/")
    story.headline = "Cruise jumps once more"
    story.save()
    for url in ["/", story.get_absolute_url(), "/tag/stunts/", "/feed/"]:
        assert "Cruise jumps once more" in text(client.get(url)), url


def test_returning_to_draft_with_the_bulk_action_takes_the_story_off_at_once(
    client, admin_client, story
):
    warm(client, "/", story.get_absolute_url())
    admin_client.post(
        CHANGELIST_URL,
        {"action": "return_to_draft", "_selected_action": [story.pk], "index": "0"},
    )
    assert "Cruise jumps again" not in text(client.get("/"))
    assert client.get(story.get_absolute_url()).status_code == 404


def test_publishing_with_the_bulk_action_shows_the_story_at_once(client, admin_client, story):
    draft = ArticleFactory(headline="Bulk published teaser")
    warm(client, "/")
    admin_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [draft.pk], "index": "0"}
    )
    assert "Bulk published teaser" in text(client.get("/"))


def test_a_deleted_story_disappears_at_once(client, story):
    url = story.get_absolute_url()
    warm(client, "/", url)
    story.delete()
    assert "Cruise jumps again" not in text(client.get("/"))
    assert client.get(url).status_code == 404


def test_a_renamed_tag_shows_its_new_name_at_once(
    client, story, django_capture_on_commit_callbacks
):
    warm(client, story.get_absolute_url(), "/tag/stunts/")
    tag = Tag.objects.get(name="Stunts")
    # At once, that is once the rename commits and its task stores the stories' tags.
    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "Daredevil stunts"
        tag.save()
    assert "Daredevil stunts" in text(client.get(story.get_absolute_url()))
    assert "Daredevil stunts" in text(client.get("/tag/stunts/"))


def test_a_new_tag_on_a_story_shows_at_once(client, story):
    warm(client, story.get_absolute_url())
    story.tags.add("Skydiving")
    assert "Skydiving" in text(client.get(story.get_absolute_url()))


def test_a_renamed_section_shows_its_new_name_at_once(client, story):
    warm(client, "/", "/movies/")
    Section.objects.filter(slug="movies").update(name="Cinemaxx")  # no signal: stays cached
    assert "Cinemaxx" not in text(client.get("/movies/"))
    section = Section.objects.get(slug="movies")
    section.name = "Films"
    section.save()
    assert "Films" in text(client.get("/"))
    assert "Films" in text(client.get("/movies/"))


def test_a_renamed_author_shows_the_new_byline_at_once(
    client, story, django_capture_on_commit_callbacks
):
    warm(client, "/", story.get_absolute_url())
    author = story.authors.get()
    with django_capture_on_commit_callbacks(execute=True):  # the rename's task runs
        author.name = "Maya Okafor-Reid"
        author.save()
    assert "Maya Okafor-Reid" in text(client.get("/"))
    assert "Maya Okafor-Reid" in text(client.get(story.get_absolute_url()))


def test_a_new_byline_shows_at_once(client, story):
    warm(client, story.get_absolute_url())
    story.authors.add(AuthorFactory(name="Jon Bright"))
    assert "Jon Bright" in text(client.get(story.get_absolute_url()))


# Scheduled posts go live on their second, whatever the cache holds ----------------------


def test_a_scheduled_post_goes_live_on_time_even_with_a_warm_cache(client, story):
    go_live = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    ArticleFactory(
        headline="Scheduled trailer drop", status=Article.Status.PUBLISHED, publish_at=go_live
    )
    with time_machine.travel(go_live - timedelta(minutes=5), tick=False):
        warm(client, "/", "/feed/")
    with time_machine.travel(go_live - timedelta(seconds=1), tick=False):
        warm(client, "/", "/feed/")
        assert "Scheduled trailer drop" not in text(client.get("/"))
        assert "Scheduled trailer drop" not in text(client.get("/feed/"))
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        # The worker's task at the publish time (web processes also look every few seconds).
        apply_due.call()
        assert "Scheduled trailer drop" in text(client.get("/"))
        assert "Scheduled trailer drop" in text(client.get("/feed/"))


# Editors and previews ---------------------------------------------------------------------


def test_signed_in_editors_get_fresh_pages_and_leave_nothing_in_the_cache(
    client, admin_client, story
):
    response = admin_client.get("/")
    assert "public" not in response.get("Cache-Control", "")
    assert not served_from_cache(client, "/")  # the editor's page was not kept

    warm(client, "/")
    # A change no signal announces: the cached copy still has the old headline...
    Article.objects.filter(pk=story.pk).update(headline="Changed behind the cache")
    assert "Changed behind the cache" not in text(client.get("/"))
    # ...but the editor never reads the cache.
    assert "Changed behind the cache" in text(admin_client.get("/"))


def test_the_desk_preview_shows_each_change_at_once(admin_client):
    draft = ArticleFactory(headline="First go at a headline")
    url = f"/admin/articles/article/{draft.pk}/preview/"
    assert "First go at a headline" in text(admin_client.get(url))
    Article.objects.filter(pk=draft.pk).update(headline="Second go at a headline")
    response = admin_client.get(url)
    assert "Second go at a headline" in text(response)
    assert "no-store" in response["Cache-Control"]


def test_pages_with_other_query_parameters_are_not_cached(client, story):
    client.get("/?utm_source=newsletter")
    response = client.get("/?utm_source=newsletter")
    assert "public" not in response.get("Cache-Control", "")
    assert not served_from_cache(client, "/?utm_source=newsletter")


def test_cached_pages_carry_no_csp_nonce(client, story):
    warm(client, "/", story.get_absolute_url())
    for url in ["/", story.get_absolute_url()]:
        response = client.get(url)
        assert "nonce-" not in response["Content-Security-Policy"]
        assert "nonce=" not in text(response)


# HTTP caching ----------------------------------------------------------------------------


def test_reader_pages_tell_browsers_and_cdns_how_long_to_keep_them(client, story, settings):
    response = client.get(story.get_absolute_url())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {
        "public",
        f"max-age={settings.NEWSROOM_HTTP_MAX_AGE}",
        f"stale-while-revalidate={settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE}",
    }
    assert "Cookie" in response["Vary"]
    assert response["ETag"]
    assert response["Last-Modified"]


def test_a_conditional_get_answers_304_while_the_page_is_unchanged(client, story):
    first = client.get("/")
    again = client.get("/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get("/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304

    story.headline = "Cruise jumps once more"
    story.save()
    changed = client.get("/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "Cruise jumps once more" in text(changed)


# The cache server is down -------------------------------------------------------------------


def test_pages_are_served_uncached_when_redis_is_down(client, story, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for url in ["/", story.get_absolute_url(), "/", "/feed/"]:
            response = client.get(url)
            assert response.status_code == 200
            assert "Cruise jumps again" in text(response)
    # Said once per retry period, not on every request or every call.
    down = [r for r in caplog.records if r.getMessage().startswith("Cache unavailable")]
    assert len(down) == 1
    assert down[0].levelno == logging.WARNING


def test_a_kept_page_keeps_its_security_headers_and_answers_304(client, story):
    first = client.get("/")
    assert served_from_cache(client, "/")
    cached = client.get("/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "ETag"):
        assert cached[header] == first[header], header
    assert "Cookie" in cached["Vary"]
    assert client.get("/", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_request_with_a_session_cookie_is_never_answered_from_the_cache(client, story):
    warm(client, "/")
    client.cookies["sessionid"] = "not-a-real-session"
    assert not served_from_cache(client, "/")
