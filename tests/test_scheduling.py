"""A scheduled story goes live at its publish time on every reader surface at once, no cron."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from caching.tasks import apply_due
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

HEADLINE = "Dune sequel dated in surprise announcement"


@pytest.fixture
def go_live():
    """A story scheduled for a fixed moment, beside a live one that shares its tag."""
    moment = timezone.now().replace(microsecond=0) + timedelta(days=1)
    author = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    ArticleFactory(
        published=True,
        headline="Already live story",
        tags=["Dune"],
        authors=[author],
        publish_at=moment - timedelta(days=2),
    )
    ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=moment,
        headline=HEADLINE,
        standfirst="Arrakis awaits.",
        tags=["Dune"],
        authors=[author],
        with_image=True,
    )
    return moment


def surfaces(story):
    section = story.section.slug
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "section": f"/{section}/",
        "tag": "/tag/dune/",
        "author": "/author/maya-okafor/",
        "site feed": "/feed/",
        "site atom feed": "/feed/atom/",
        "section feed": f"/{section}/feed/",
        "tag feed": "/tag/dune/feed/",
        "author feed": "/author/maya-okafor/feed/",
        "story sitemap": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
        "search": "/search/?q=Arrakis",
    }


def shows_story(client, url, story):
    response = client.get(url)
    if url == story.get_absolute_url():
        return response.status_code == 200
    assert response.status_code == 200, url
    return HEADLINE in text(response) or story.get_absolute_url() in text(response)


def related_on_the_live_story(client):
    live = Article.objects.get(headline="Already live story")
    return HEADLINE in text(client.get(live.get_absolute_url()))


def test_every_surface_hides_the_story_one_second_before_and_shows_it_one_second_after(
    client, go_live
):
    story = Article.objects.get(headline=HEADLINE)

    with time_machine.travel(go_live - timedelta(seconds=1), tick=False):
        before = {name: shows_story(client, url, story) for name, url in surfaces(story).items()}
        before["related stories"] = related_on_the_live_story(client)
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        # The worker's task at the publish time purges its keys (caching/tasks.py).
        apply_due.call()
        after = {name: shows_story(client, url, story) for name, url in surfaces(story).items()}
        after["related stories"] = related_on_the_live_story(client)

    assert not any(before.values()), [name for name, shown in before.items() if shown]
    assert all(after.values()), [name for name, shown in after.items() if not shown]


def test_the_desk_sees_it_as_scheduled_until_then(client, admin_user, go_live):
    with time_machine.travel(go_live - timedelta(seconds=1), tick=False):
        client.force_login(admin_user)  # desk sessions last hours, not days
        page = text(client.get("/admin/articles/article/?state=scheduled"))
    assert HEADLINE in page and "Scheduled" in page
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        client.force_login(admin_user)
        page = text(client.get("/admin/articles/article/?state=live"))
    assert HEADLINE in page
