"""Takedowns that always take: a change's keys are purged after it commits, and a
change the cache missed is purged as soon as the cache can be reached again."""

import logging
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import OperationalError, transaction
from django.utils import timezone

from articles.models import Article
from articles.publishing import return_to_draft
from articles.signals import content_changed
from caching import invalidation, keys
from caching.models import PendingInvalidation
from caching.outage import breaker
from caching.pagecache import purge_key
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import changes_applied, text

HEADLINE = "Cruise jumps again"
DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: refused at once
    }
}


def make_story():
    section = SectionFactory(name="Movies", slug="movies")
    return ArticleFactory(
        published=True,
        headline=HEADLINE,
        slug="cruise-jumps-again",
        section=section,
        authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
        tags=["Stunts"],
    )


def public_surfaces(story):
    return [
        "/",
        story.get_absolute_url(),
        "/movies/",
        "/tag/stunts/",
        "/author/maya-okafor/",
        "/search/?q=cruise",
        "/feed/",
        "/feed/atom/",
        "/movies/feed/",
        "/tag/stunts/feed/",
        "/author/maya-okafor/feed/",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ]


def shows(client, url):
    """Whether the page at ``url`` shows the story (its headline, or its address)."""
    response = client.get(url)
    body = text(response)
    return response.status_code == 200 and (HEADLINE in body or "/movies/cruise" in body)


def purged(key):
    """The number of the last purge of ``key`` (None: never purged)."""
    return cache.get(purge_key(key))


def refuse(*args, **kwargs):
    raise ConnectionError("Error 111 connecting to cache:6379. Connection refused.")


# After commit, not before ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_pages_are_purged_when_the_change_commits_and_not_before():
    story = make_story()
    before = purged(keys.story(story.pk))
    with transaction.atomic():
        story.headline = "A new headline"
        story.save()
        # A reader request now would still read the old row: what it keeps is made
        # stale by the purge below.
        assert purged(keys.story(story.pk)) == before
        assert PendingInvalidation.objects.count() == 1
    assert purged(keys.story(story.pk)) > (before or 0)
    assert not PendingInvalidation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_nothing_waiting_and_the_pages_as_they_were():
    story = make_story()
    before = purged(keys.story(story.pk))
    with pytest.raises(RuntimeError), transaction.atomic():
        story.headline = "Never saved"
        story.save()
        raise RuntimeError("the editor's save failed half-way")
    assert purged(keys.story(story.pk)) == before
    assert not PendingInvalidation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_story_edit_purges_its_own_keys_but_a_section_rename_purges_every_page():
    story = make_story()
    other = ArticleFactory(published=True, section=story.section)
    untouched = {key: purged(key) for key in (keys.story(other.pk), keys.LATEST, keys.SITE)}
    story.headline = "Edited"
    story.save()
    assert purged(keys.story(story.pk)) is not None
    # Its place in the lists did not move: the other story's pages and the lists stay.
    assert {key: purged(key) for key in untouched} == untouched
    story.section.name = "Film"
    story.section.save()  # every page's header lists the sections
    assert purged(keys.SITE) is not None


# A takedown while the cache cannot be reached --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_takedown_saved_while_the_cache_was_unreachable_takes_once_it_is_back(
    client, admin_client, admin_user, monkeypatch, settings
):
    story = make_story()
    urls = public_surfaces(story)
    for url in urls:  # every surface is cached, showing the story
        assert shows(client, url), url
        assert shows(client, url), url

    # The editor's process cannot reach the cache when the story is taken down.
    with monkeypatch.context() as cut_off:
        cut_off.setattr(cache, "set_many", refuse)
        return_to_draft(Article.objects.filter(pk=story.pk), admin_user)
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT
    assert PendingInvalidation.objects.count() >= 1
    desk = text(admin_client.get("/admin/"))
    assert "not reached the page cache yet" in desk

    # Another app server, which never saw the save, serves readers: within one check
    # period of the cache answering again, the story is gone from every surface.
    breaker.reset()
    monkeypatch.setattr(invalidation, "_written_here", False)
    settings.NEWSROOM_INVALIDATION_CHECK_SECONDS = 0
    for url in urls:
        assert not shows(client, url), url
    assert not PendingInvalidation.objects.exists()
    assert "not reached the page cache yet" not in text(admin_client.get("/admin/"))


@pytest.mark.django_db
def test_the_command_applies_what_waits_and_says_so_when_it_cannot(monkeypatch, capsys):
    make_story()
    monkeypatch.setattr(cache, "set_many", refuse)
    with pytest.raises(CommandError, match="cannot be reached"):
        call_command("apply_invalidations")
    assert PendingInvalidation.objects.exists()

    monkeypatch.undo()
    breaker.reset()
    call_command("apply_invalidations")
    assert "Purged the pages of" in capsys.readouterr().out
    call_command("apply_invalidations")
    assert "No change is waiting" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_database_that_is_down_does_not_break_the_check(client, monkeypatch, settings, caplog):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    settings.NEWSROOM_INVALIDATION_CHECK_SECONDS = 0
    monkeypatch.setattr(invalidation, "_waiting", down)
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        invalidation.apply_pending_now_and_then()
    assert "could not look for pending changes" in caplog.text


# Every reader URL with the cache server down ----------------------------------------------


@pytest.mark.django_db
def test_every_reader_url_answers_200_with_the_cache_server_down(client, settings):
    story = make_story()
    changes_applied()
    settings.CACHES = DOWN
    for url in [*public_surfaces(story), "/robots.txt", "/sitemap.xml", "/sitemap-sections.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert shows(client, story.get_absolute_url())
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["cache"] == "error"


@pytest.mark.django_db
def test_a_cache_that_is_down_is_left_alone_for_a_while_then_tried_again(
    client, monkeypatch, settings
):
    story = make_story()
    changes_applied()
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 30
    calls = []

    def refuse_and_count(*args, **kwargs):
        calls.append(args)
        refuse()

    monkeypatch.setattr(cache, "get_many", refuse_and_count)
    for _ in range(5):
        assert shows(client, story.get_absolute_url())
    assert len(calls) == 1  # one attempt, then none until the retry period is over

    breaker.closed_until = 0  # the period is over
    assert shows(client, story.get_absolute_url())
    assert len(calls) == 2


@pytest.mark.django_db
def test_editors_can_sign_in_and_work_with_the_cache_server_down(client, admin_user, settings):
    make_story()
    settings.CACHES = DOWN
    response = client.post(
        "/admin/login/?next=/admin/articles/article/",
        {"username": admin_user.username, "password": "password"},
        follow=True,
    )
    assert response.status_code == 200
    assert HEADLINE in text(response)  # the story list


@pytest.mark.django_db(transaction=True)
def test_a_worker_with_its_own_memory_cache_leaves_the_change_to_the_web_server(
    client, monkeypatch, settings
):
    """`make run`: the worker's cache is its own memory, not the one the pages are in."""
    story = make_story()
    assert shows(client, story.get_absolute_url())
    monkeypatch.setattr(invalidation, "serves_pages", False)  # the worker's process
    before = purged(keys.SITE)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    content_changed.send(sender=Article)  # as a task's queryset update() does
    assert PendingInvalidation.objects.count() == 1  # not applied to a cache nobody reads
    assert purged(keys.SITE) == before

    monkeypatch.setattr(invalidation, "serves_pages", True)  # the web server's next look
    monkeypatch.setattr(invalidation, "_written_here", False)
    settings.NEWSROOM_INVALIDATION_CHECK_SECONDS = 0
    assert not shows(client, story.get_absolute_url())
    assert not PendingInvalidation.objects.exists()


@pytest.mark.django_db
def test_the_desk_says_when_the_edge_has_not_been_told_for_a_while(admin_client, settings):
    """With an edge and no worker running, a change's purge waits; the desk says so,
    though not in the seconds the worker normally takes."""
    settings.NEWSROOM_EDGE_PURGE = "varnish+http://127.0.0.1:1"
    settings.NEWSROOM_EDGE_SECRET = "edge-secret"
    make_story()
    changes_applied()  # the page cache took it; the edge waits for the worker
    assert PendingInvalidation.objects.filter(edge_done=False).exists()
    assert "not reached the edge" not in text(admin_client.get("/admin/"))
    PendingInvalidation.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert "not reached the edge" in text(admin_client.get("/admin/"))
