"""What a story keeps about the stories around it and its labels, as readers see it.

Every write here runs the tasks it enqueues (``execute=True``), as the site's task
backend does once the write commits. Reader pages are built from the database,
both caches off.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.publishing import return_to_draft
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


@pytest.fixture
def written(django_capture_on_commit_callbacks):
    """``with written():`` makes a write and runs the tasks it enqueues."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def related(client, story):
    return [s.headline for s in client.get(story.get_absolute_url()).context["related"]]


def neighbours(client, story):
    context = client.get(story.get_absolute_url()).context
    return tuple(s.headline if s else None for s in (context["previous"], context["next"]))


def elsewhere():
    """A section of its own for the story read, so its related stories are no neighbours."""
    return SectionFactory(slug="tv", name="TV")


def live(headline, hours_ago, **kwargs):
    return ArticleFactory(
        published=True,
        headline=headline,
        publish_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def test_a_story_shows_related_stories_from_its_stored_list(client, written):
    with written():
        story = live("The story", 1, tags=["Stunts", "Sequels"], section=elsewhere())
        both = live("Shares both", 2, tags=["Stunts", "Sequels"])
        one = live("Shares one", 3, tags=["Sequels"])
        live("Shares none", 4, tags=["Casting"])
    story.refresh_from_db()
    assert story.around["related"][:2] == [both.pk, one.pk]  # stored, ranked
    assert related(client, story) == ["Shares both", "Shares one"]
    page = text(client.get(story.get_absolute_url()))
    assert f'href="{both.get_absolute_url()}"' in page


def test_related_stories_follow_a_tag_change_on_either_story(client, written):
    with written():
        story = live("The story", 1, tags=["Stunts"], section=elsewhere())
        other = live("The other", 2, tags=["Casting"])
    assert related(client, story) == []
    with written():
        other.tags.add("Stunts")  # the other story's change updates this one's list
    assert related(client, story) == ["The other"]
    with written():
        story.tags.set(["Casting", "Stunts"])
    assert related(client, other) == ["The story"]
    with written():
        other.tags.clear()
    assert related(client, story) == []


def test_a_story_unpublished_in_bulk_leaves_the_lists_before_any_task_runs(client, written):
    with written():
        story = live("The story", 1, tags=["Stunts"])
        other = live("Unpublished soon", 2, tags=["Stunts"], section=story.section)
    # Its neighbour in the section, so not repeated among the related stories.
    assert neighbours(client, story)[0] == "Unpublished soon"
    assert related(client, story) == []
    assert other.pk in Article.objects.get(pk=story.pk).around["related"]
    # No task runs: the stored lists still name it, the read-time gate drops it.
    return_to_draft(Article.objects.filter(pk=other.pk), user=None)
    assert related(client, story) == []
    assert neighbours(client, story) == (None, None)
    assert "Unpublished soon" not in text(client.get(story.get_absolute_url()))


@pytest.mark.usefixtures("page_cache_off")  # the go-live purge: tests/test_scheduling.py
def test_a_scheduled_story_shows_the_moment_its_time_comes(client, written):
    section = SectionFactory(slug="movies")
    with written():
        story = live("The story", 2, tags=["Stunts"], section=section)
        later = ArticleFactory(
            published=True,
            headline="Scheduled",
            publish_at=timezone.now() + timedelta(hours=1),
            tags=["Stunts"],
            section=section,
        )
    story.refresh_from_db()
    assert later.pk in story.around["related"] and story.around["next"] == later.pk
    assert related(client, story) == []
    assert neighbours(client, story) == (None, None)
    # Its time comes with no write to the story reading it (update(): no signal, no task).
    Article.objects.filter(pk=later.pk).update(publish_at=timezone.now() - timedelta(hours=1))
    assert neighbours(client, story) == (None, "Scheduled")
    assert related(client, story) == []  # shown once: as the next story, not also related


def test_neighbours_are_right_after_a_publish_and_an_unpublish(client, written):
    section = SectionFactory(slug="movies")
    with written():
        old, middle, new = (
            live(f"Story {n}", hours, section=section) for n, hours in ((1, 3), (2, 2), (3, 1))
        )
    assert neighbours(client, middle) == ("Story 1", "Story 3")
    with written():
        middle.status = Article.Status.DRAFT
        middle.save()
    assert neighbours(client, old) == (None, "Story 3")
    assert neighbours(client, new) == ("Story 1", None)
    with written():
        middle.status = Article.Status.PUBLISHED
        middle.save()
    assert neighbours(client, old) == (None, "Story 2")
    assert neighbours(client, new) == ("Story 2", None)
    with written():
        middle.delete()
    assert neighbours(client, old) == (None, "Story 3")
    assert Article.objects.get(pk=old.pk).around["next"] == new.pk


def test_a_story_moved_to_another_section_leaves_its_old_neighbours(client, written):
    movies, tv = SectionFactory(slug="movies"), SectionFactory(slug="tv")
    with written():
        first = live("First", 2, section=movies)
        second = live("Second", 1, section=movies)
        live("On TV", 3, section=tv)
    with written():
        second.section = tv
        second.save()
    assert neighbours(client, first) == (None, None)
    assert neighbours(client, second) == ("On TV", None)


def test_bylines_and_tags_are_kept_on_the_story_and_follow_a_rename(client, written):
    with written():
        author = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
        story = live("The story", 1, tags=["Stunts"], authors=[author])
    story.refresh_from_db()
    assert story.labels == {
        "authors": [["Maya Okafor", "maya-okafor"]],
        "entities": [],
        "tags": [["Stunts", "stunts"]],
    }
    with written():
        author.name = "Maya Okafor-Reyes"
        author.save()
    page = text(client.get(story.get_absolute_url()))
    assert ">Maya Okafor-Reyes</a>" in page
    assert 'rel="author">Maya Okafor-Reyes</a>' in text(client.get("/"))


def test_fill_stored_fills_stories_written_in_bulk(client):
    section = SectionFactory(slug="movies")
    first = live("First", 2, section=section, tags=["Stunts"])
    second = live("Second", 1, section=section, tags=["Stunts"])
    Article.objects.update(around=None, labels=None)  # as bulk_create leaves them
    call_command("fill_stored", verbosity=0)
    first.refresh_from_db()
    assert first.around == {"previous": None, "next": second.pk, "related": [second.pk]}
    assert first.labels["tags"] == [["Stunts", "stunts"]]
    assert neighbours(client, first) == (None, "Second")


def test_a_text_edit_leaves_the_stored_lists_alone_and_a_move_works_them_out(written, monkeypatch):
    with written():
        story = live("The story", 2, tags=["Stunts"])
    asked = []
    monkeypatch.setattr("articles.receivers.refresh_around", SimpleNamespace(enqueue=asked.append))
    with written():
        story.headline = "The story, retitled"
        story.save()
    assert asked == []  # nothing its previous, next or related stories depend on moved
    with written():
        story.publish_at = timezone.now() - timedelta(hours=5)
        story.save()
    assert asked == [[story.pk]]
