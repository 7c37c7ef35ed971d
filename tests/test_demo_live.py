"""The demo's live coverage: the finished awards night and the convention still going
on that seed_demo adds, and demo_live, which keeps the convention moving under `make run`."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import live
from articles.models import Article, Author, LiveEntry
from demo.live_stories import AWARDS_NIGHT, CONVENTION, SCRIPT
from demo.management.commands import demo_live
from tests.helpers import text

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_live(*args):
    out = io.StringIO()
    call_command("demo_live", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def no_waiting(monkeypatch):
    """demo_live's pauses, recorded instead of waited."""
    waited = []
    monkeypatch.setattr(demo_live, "sleep", waited.append)
    return waited


def page_of(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return text(response)


# The finished awards night ---------------------------------------------------------------


def test_seed_demo_adds_a_finished_awards_night(client, settings):
    output = seed()

    assert "Live stories: 2 added, 0 already there." in output
    story = Article.objects.get(slug=AWARDS_NIGHT["slug"])
    assert story.is_published and story.is_live and not story.is_live_now
    assert story.section.slug == "movies"
    assert sorted(story.tags.names()) == sorted(AWARDS_NIGHT["tags"])
    assert 3 <= len(story.key_point_list) <= 5
    assert story in Article.objects.published()

    entries = list(story.entries.order_by("posted_at"))
    assert len(entries) == 30
    # Spread over an evening of about three and a half hours, inside the coverage.
    times = [entry.posted_at for entry in entries]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert timedelta(hours=3, minutes=15) <= times[-1] - times[0] <= timedelta(hours=4)
    assert story.coverage_start < times[0] and times[-1] < story.coverage_end < timezone.now()
    assert story.modified_at == times[-1]
    assert [entry for entry in entries if entry.pinned] == [entries[-2]]  # the winners
    moments = [entry for entry in entries if entry.key_moment]
    assert len(moments) == 5
    assert all(moment.title for moment in moments)
    assert 2 <= sum(1 for entry in entries if entry.title and not entry.key_moment) <= 6
    demo_authors = set(Author.objects.values_list("pk", flat=True))
    for entry in entries:
        bylines = {author.pk for author in entry.authors.all()}
        assert bylines and bylines <= demo_authors
        assert entry.is_shown and entry.created_by is None
    pictures = [entry.picture for entry in entries if entry.picture]
    assert 1 <= len(pictures) <= 2
    for picture in pictures:
        assert picture.alt and (picture.width, picture.height) == (1600, 900)
        assert (Path(settings.MEDIA_ROOT) / picture.file.name).is_file()
    (video,) = [entry for entry in entries if entry.link]
    assert "youtube.com/watch?v=" in video.link

    page = page_of(client, story)
    assert "Key moments" in page and "Key points" in page
    for moment in moments:
        assert moment.title in page
    assert "This live coverage ended" in page
    assert "The winners in full" in page and "entry--pinned" in page
    assert pictures[0].file.url in page
    # The video is a card to press, loaded from the provider only then.
    assert "youtube-nocookie.com/embed/" in page and "<iframe" not in page
    assert "reader/live.js" not in page  # nothing to check for: the night is over
    assert "Older updates" in page  # 30 entries: two pages
    assert client.get(story.get_absolute_url() + "?page=2").status_code == 200


def test_the_ongoing_convention_is_live_now(client):
    seed()

    story = Article.objects.get(slug=CONVENTION["slug"])
    assert story.is_published and story.is_live_now and story.coverage_end is None
    assert list(live.live_stories()) == [story]
    assert story.entries.count() == len(CONVENTION["entries"])
    assert story.entries.filter(pinned=True).count() == 1
    assert story.entries.latest("posted_at").posted_at < timezone.now()
    page = page_of(client, story)
    assert '<span class="live__badge">Live</span>' in page
    assert "reader/live.js" in page
    assert "Today in Hall A" in page
    # The featured story stays the home page's lead; the live ones are listed under it.
    home = client.get("/")
    assert home.context["lead"].slug != story.slug
    assert story.get_absolute_url() in text(home)


def test_seed_demo_twice_adds_no_second_live_story():
    seed()
    before = (Article.objects.count(), LiveEntry.objects.count())

    output = seed()

    assert "Live stories: 0 added, 2 already there." in output
    assert (Article.objects.count(), LiveEntry.objects.count()) == before


def test_seed_demo_adds_back_a_deleted_live_story_only():
    seed()
    before = (Article.objects.count(), LiveEntry.objects.count())
    Article.objects.get(slug=AWARDS_NIGHT["slug"]).delete()

    output = seed()

    assert "Live stories: 1 added, 1 already there." in output
    assert (Article.objects.count(), LiveEntry.objects.count()) == before


# demo_live -------------------------------------------------------------------------------


def test_demo_live_once_posts_the_next_entry(client, no_waiting):
    seed()
    story = Article.objects.get(slug=CONVENTION["slug"])
    revision = story.live_revision

    output = run_live("--once")

    entry = story.entries.latest("posted_at")
    assert story.entries.count() == len(CONVENTION["entries"]) + 1
    assert "Live entry 1 of 40 posted" in output
    assert entry.summary in output
    assert entry.created_by.username == "demo-live-desk"
    assert not entry.created_by.has_usable_password()
    assert [a.slug for a in entry.authors.all()] == SCRIPT[0]["by"]
    story.refresh_from_db()
    assert story.live_revision > revision
    assert story.is_live_now
    assert f'id="entry-{entry.pk}"' in page_of(client, story)
    assert no_waiting == []

    run_live("--once")
    second = story.entries.latest("posted_at")
    assert second.pk != entry.pk and second.created_by == entry.created_by
    assert get_user_model().objects.filter(username="demo-live-desk").count() == 1


def test_demo_live_posts_every_interval_until_the_script_runs_out(client, no_waiting):
    seed()
    story = Article.objects.get(slug=CONVENTION["slug"])

    output = run_live("--interval", "2")

    assert story.entries.count() == len(CONVENTION["entries"]) + len(SCRIPT)
    assert 35 <= len(SCRIPT) <= 45
    assert no_waiting == [2.0] * (len(SCRIPT) - 1)
    assert "The demo script has run out (40 entries)" in output
    story.refresh_from_db()
    assert story.coverage_end is not None and not story.is_live_now
    # Key points were kept current as the day went on, never more than five.
    assert SCRIPT[-1]["body"][:30] in page_of(client, story)
    assert 3 <= len(story.key_point_list) <= 5
    assert story.key_point_list[-1] == [s for s in SCRIPT if "key_point" in s][-1]["key_point"]
    assert story.entries.filter(key_moment=True).count() > 3
    assert story.entries.exclude(link="").exists()
    assert "This live coverage ended" in page_of(client, story)

    # Over: a second run posts nothing, and says how to start again.
    again = run_live("--once")
    assert "has ended: nothing posted" in again and "--again" in again
    assert story.entries.count() == len(CONVENTION["entries"]) + len(SCRIPT)

    restart = run_live("--again", "--once")
    assert "40 entries taken back, coverage reopened" in restart
    assert "Live entry 1 of 40 posted" in restart
    story.refresh_from_db()
    assert story.is_live_now and story.key_points == CONVENTION["key_points"]
    assert story.entries.count() == len(CONVENTION["entries"]) + 1


def test_demo_live_switched_off_does_nothing(monkeypatch, no_waiting):
    seed()
    monkeypatch.setenv("NEWSROOM_DEMO_LIVE", "0")
    before = LiveEntry.objects.count()

    output = run_live()

    assert "switched off (NEWSROOM_DEMO_LIVE=0)" in output
    assert LiveEntry.objects.count() == before
    assert not get_user_model().objects.filter(username="demo-live-desk").exists()
    assert no_waiting == []


def test_demo_live_without_the_demo_story_exits_cleanly(no_waiting):
    output = run_live()

    assert "There is no demo live story on this site" in output
    assert "seed_demo" in output
    assert not Article.objects.exists() and not LiveEntry.objects.exists()


def test_demo_live_stay_waits_to_be_stopped_instead_of_ending(monkeypatch):
    """Under honcho one process ending stops `make run`: --stay keeps it waiting."""
    monkeypatch.setenv("NEWSROOM_DEMO_LIVE", "off")
    waited = []

    def wait(seconds):
        waited.append(seconds)
        raise KeyboardInterrupt  # Ctrl-C

    monkeypatch.setattr(demo_live, "sleep", wait)

    output = run_live("--stay")

    assert "switched off" in output
    assert waited == [3600]
    procfile = (Path(__file__).parent.parent / "Procfile").read_text()
    assert "exec python manage.py demo_live --stay" in procfile


def test_demo_live_refuses_a_zero_interval():
    with pytest.raises(CommandError, match="--interval must be more than 0 seconds."):
        run_live("--interval", "0")


def test_demo_live_gives_up_on_a_database_that_keeps_failing(monkeypatch, no_waiting):
    seed()

    def broken(self, story, desk):
        raise demo_live.DatabaseError("database is locked")

    monkeypatch.setattr(demo_live.Command, "step", broken)

    with pytest.raises(demo_live.DatabaseError):
        run_live()
    assert len(no_waiting) == demo_live.MOST_FAILURES - 1  # tried again after each pause
