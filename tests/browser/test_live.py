"""A live story in a real browser, with an editor posting while a reader watches.

The reader's page checks every second here (``NEWSROOM_LIVE_CHECK_SECONDS``), so what
takes up to half a minute on the site takes a few seconds in the test.
"""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.utils import timezone

from articles import live
from articles.models import Section
from tests.browser.test_reader import assert_clean
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db):
    # The roles' groups come from a migration, which a transactional test's flush
    # removes: a superuser may do what an editor may.
    return User.objects.create_superuser("eddie", "eddie@example.com", "pw")


@pytest.fixture
def story(transactional_db, settings, editor):
    settings.NEWSROOM_LIVE_CHECK_SECONDS = 1
    movies, _ = Section.objects.get_or_create(
        slug="movies", defaults={"name": "Movies", "position": 1}
    )
    article = ArticleFactory(
        headline="The awards night, as it happens",
        slug="awards-live",
        section=movies,
        published=True,
        authors=[AuthorFactory(name="Lena Marsh")],
        coverage_start=timezone.now() - timedelta(hours=1),
        key_points="A horror film wins best picture",
    )
    for number in range(12):
        live.post(article, editor, body=f"<p>Entry number {number}. {'Lorem ipsum. ' * 30}</p>")
    return article


def entry(page, text):
    return page.locator("[data-live-entries] .entry", has_text=text)


def test_a_reader_sees_new_edited_and_deleted_entries_without_losing_their_place(
    page, story, editor
):
    page.set_viewport_size({"width": 412, "height": 800})
    page.goto(story.get_absolute_url())
    watched = entry(page, "Entry number 6.")
    watched.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    top_before = watched.bounding_box()["y"]

    fresh = live.post(story, editor, body="<p>Best picture: the horror film.</p>")
    button = page.locator("[data-live-show]")
    button.wait_for(state="visible", timeout=10_000)
    assert button.inner_text() == "1 new update"
    assert entry(page, "Best picture").count() == 0  # nothing moves until asked
    assert abs(watched.bounding_box()["y"] - top_before) < 2

    # An entry above the reader's place is edited, another one deleted.
    above = story.entries.get(body__contains="Entry number 9.")
    live.edit(above, editor, body=f"<p>Entry number 9, corrected. {'More words. ' * 60}</p>")
    entry(page, "Entry number 9, corrected").wait_for(timeout=10_000)
    doomed = story.entries.get(body__contains="Entry number 10.")
    live.delete(doomed, editor)
    entry(page, "Entry number 10.").wait_for(state="detached", timeout=10_000)
    assert abs(watched.bounding_box()["y"] - top_before) < 2, "the reader's place moved"

    button.click()
    assert page.locator("[data-live-entries] .entry").first.get_attribute("id") == (
        f"entry-{fresh.pk}"
    )
    assert button.is_hidden()
    assert_clean(page)


def test_without_javascript_a_reload_shows_everything(chromium, live_server, story, editor):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(story.get_absolute_url())
    live.post(story, editor, body="<p>Posted while the page was open.</p>")
    page.reload()
    assert page.locator("[data-live-entries] .entry").first.inner_text().count("Posted while") == 1
    assert page.get_by_role("heading", name="Key points").count() == 1
    context.close()


def test_a_live_story_passes_axe_in_light_and_dark(page, story, editor):
    live.post(story, editor, body="<p>A key moment.</p>", key_moment=True, pinned=True)
    page.goto(story.get_absolute_url())
    axe = Axe()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = axe.run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], scheme
    assert_clean(page)
