"""Corrections, clarifications and updates: shown to readers with their date, on the
story, the corrections page and its feeds; never rewritten or deleted in silence."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, StoryNote
from tests.factories import ArticleFactory
from tests.helpers import changes_applied, form_fields, text
from tests.test_admin import change_url
from tests.test_desk import desk_user, editor, signed_in, writer  # noqa: F401

pytestmark = pytest.mark.django_db

CORRECTION = "An earlier version gave the wrong year for the jump. It was filmed in 2020."


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="The cliff jump, explained",
        publish_at=timezone.now() - timedelta(days=2),
    )


def the_form(client, story):
    page = text(client.get(change_url(story)))
    return form_fields(page)


def with_note(form, index=None, **fields):
    """The form with the notes formset's form ``index`` (by default the empty one for a
    new note) filled in."""
    form = dict(form)
    if index is None:
        index = next(i for i in range(int(form["notes-TOTAL_FORMS"])) if not form[f"notes-{i}-id"])
    for name, value in fields.items():
        form[f"notes-{index}-{name}"] = value
    return form


def add_note(client, story, index=None, **fields):
    form = with_note(the_form(client, story), index, **fields)
    return client.post(change_url(story), form)


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    found = []
    for block in blocks:
        data = json.loads(block)
        found += data if isinstance(data, list) else data.get("@graph", [data])
    return next(item for item in found if item.get("@type") == "NewsArticle")


def test_an_editor_adds_a_correction_and_readers_see_it_everywhere(client, story, editor):  # noqa: F811
    desk = signed_in(editor)
    before = json_ld(text(client.get(story.get_absolute_url())))

    response = add_note(desk, story, kind="correction", text=CORRECTION, state="published")

    assert response.status_code == 302
    note = StoryNote.objects.get()
    assert note.published_by == editor and note.created_by == editor
    story.refresh_from_db()
    assert story.revised_at == note.published_at
    changes_applied()
    page = text(client.get(story.get_absolute_url()))
    assert f'id="note-{note.pk}"' in page and CORRECTION in page
    assert "Updated <time" in page
    data = json_ld(page)
    assert data["dateModified"] != before["dateModified"]
    assert data["dateModified"] == note.published_at.replace(microsecond=0).isoformat()
    assert data["correction"][0]["text"] == CORRECTION
    # The corrections page and its feeds list it, linking to the note on the story.
    listing = text(client.get("/corrections/"))
    assert CORRECTION in listing and f'href="{story.get_absolute_url()}#note-{note.pk}"' in listing
    for url in ("/corrections/feed/", "/corrections/feed/atom/"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        assert feed.entries[0].title == f"Correction: {story.headline}"
        assert feed.entries[0].link.endswith(f"{story.get_absolute_url()}#note-{note.pk}")


def test_an_update_shows_above_the_text_and_a_correction_below(client, story, editor):  # noqa: F811
    desk = signed_in(editor)
    add_note(
        desk,
        story,
        kind="update",
        text="The studio has since confirmed the date.",
        state="published",
    )
    add_note(desk, story, kind="correction", text=CORRECTION, state="published")
    changes_applied()
    page = text(client.get(story.get_absolute_url()))
    body = page.index('class="story__body"')
    update, correction = page.index("story-note--update"), page.index("story-note--correction")
    assert update < body < correction
    assert "The studio has since confirmed the date." in page[update:body]
    assert CORRECTION in page[correction:]


def test_a_minor_edit_moves_nothing_readers_see(client, story, editor):  # noqa: F811
    desk = signed_in(editor)
    page = text(client.get(story.get_absolute_url()))
    before = json_ld(page)["dateModified"]
    form = the_form(desk, story)
    form["standfirst"] = story.standfirst + " Typo fixed."

    assert desk.post(change_url(story), form).status_code == 302

    changes_applied()
    page = text(client.get(story.get_absolute_url()))
    assert "Typo fixed." in page
    assert json_ld(page)["dateModified"] == before
    assert "Updated <time" not in page
    feed = feedparser.parse(client.get("/feed/atom/").content)
    assert feed.entries[0].updated == feed.entries[0].published


def test_a_writer_proposes_and_an_editor_publishes(client, story, writer, editor):  # noqa: F811
    story.created_by = writer
    story.save()
    wendy = signed_in(writer)
    # A writer cannot publish one, whatever the browser sends.
    response = add_note(wendy, story, kind="correction", text=CORRECTION, state="published")
    assert response.status_code == 200
    assert "Only editors publish or withdraw notes to readers" in text(response)
    assert not StoryNote.objects.exists()

    assert add_note(wendy, story, kind="correction", text=CORRECTION).status_code == 302
    note = StoryNote.objects.get()
    assert note.state == StoryNote.State.PROPOSED and note.published_at is None
    changes_applied()
    assert CORRECTION not in text(client.get(story.get_absolute_url()))
    assert CORRECTION not in text(client.get("/corrections/"))

    eddie = signed_in(editor)
    assert add_note(eddie, story, index=0, state="published").status_code == 302
    note.refresh_from_db()
    assert note.state == StoryNote.State.PUBLISHED and note.published_by == editor
    changes_applied()
    assert CORRECTION in text(client.get(story.get_absolute_url()))


def test_a_published_note_keeps_its_words(story, editor):  # noqa: F811
    desk = signed_in(editor)
    add_note(desk, story, kind="correction", text=CORRECTION, state="published")

    response = add_note(desk, story, index=0, text="Quietly rewritten.")

    assert response.status_code == 200
    assert "Readers have seen this note, so its words stay as they are" in text(response)
    assert StoryNote.objects.get().text == CORRECTION


def test_withdrawing_needs_a_reason_and_leaves_a_trace_on_the_desk(client, story, editor):  # noqa: F811
    desk = signed_in(editor)
    add_note(desk, story, kind="correction", text=CORRECTION, state="published")

    response = add_note(desk, story, index=0, state="withdrawn")
    assert "Say why the note is withdrawn" in text(response)
    assert StoryNote.objects.get().state == StoryNote.State.PUBLISHED

    reason = "The year was right after all; the studio confirmed 2019."
    assert (
        add_note(desk, story, index=0, state="withdrawn", withdrawal_reason=reason).status_code
        == 302
    )
    note = StoryNote.objects.get()
    assert note.state == StoryNote.State.WITHDRAWN and note.withdrawn_by == editor
    changes_applied()
    assert CORRECTION not in text(client.get(story.get_absolute_url()))
    assert CORRECTION not in text(client.get("/corrections/"))
    # The desk still has it, marked, with who withdrew it and why.
    form_page = text(desk.get(change_url(story)))
    assert CORRECTION in form_page and reason in form_page
    history = text(desk.get(f"/admin/articles/article/{story.pk}/history/"))
    assert CORRECTION in history and "withdrawn" in history and reason in history


def test_a_note_cannot_be_deleted_from_the_form(story, editor):  # noqa: F811
    desk = signed_in(editor)
    add_note(desk, story, kind="correction", text=CORRECTION, state="published")
    page = text(desk.get(change_url(story)))
    assert 'name="notes-0-DELETE"' not in page

    assert (
        desk.post(change_url(story), with_note(form_fields(page), 0, DELETE="on")).status_code
        == 302
    )
    assert StoryNote.objects.count() == 1


def test_drafts_have_no_notes_and_unpublished_stories_leave_the_corrections_page(
    client,
    story,
    editor,  # noqa: F811
):
    draft = ArticleFactory()
    desk = signed_in(editor)
    assert 'name="notes-TOTAL_FORMS"' not in text(desk.get(change_url(draft)))

    add_note(desk, story, kind="correction", text=CORRECTION, state="published")
    story.status = Article.Status.DRAFT
    story.save()
    changes_applied()
    assert CORRECTION not in text(client.get("/corrections/"))
    assert client.get("/corrections/feed/").status_code == 200
    assert CORRECTION not in text(client.get("/corrections/feed/"))


def test_restoring_a_revision_keeps_the_notes(client, story, editor):  # noqa: F811
    from reversion.models import Version

    desk = signed_in(editor)
    form = the_form(desk, story)
    assert desk.post(change_url(story), form).status_code == 302  # a first revision
    add_note(desk, story, kind="correction", text=CORRECTION, state="published")
    first = Version.objects.get_for_object(story).order_by("pk").first()
    revision_url = f"/admin/articles/article/{story.pk}/history/{first.pk}/"

    page = text(desk.get(revision_url))
    assert desk.post(revision_url, form_fields(page)).status_code == 302

    note = StoryNote.objects.get()
    assert note.state == StoryNote.State.PUBLISHED
    story.refresh_from_db()
    assert story.revised_at == note.published_at
    changes_applied()
    assert CORRECTION in text(client.get(story.get_absolute_url()))


def test_hostile_and_bad_input_gets_clear_errors(story, editor):  # noqa: F811
    desk = signed_in(editor)
    for fields, message in [
        ({"kind": "retraction", "text": CORRECTION}, "Select a valid choice"),
        ({"kind": "correction", "text": "x" * 1001}, "Ensure this value has at most 1000"),
        ({"kind": "update", "text": "   "}, "This field is required"),
    ]:
        response = add_note(desk, story, state="published", **fields)
        assert response.status_code == 200
        assert message in text(response)
    assert not StoryNote.objects.exists()
    # Markup in a note is shown as text, never as HTML.
    add_note(
        desk, story, kind="correction", text="<script>alert(1)</script> fixed", state="published"
    )
    changes_applied()
    page = text(desk.get(story.get_absolute_url()))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fixed" in page
    assert "<script>alert(1)" not in page
    assert desk.get("/corrections/?page=abc").status_code == 404
    assert desk.get("/corrections/?page=99").status_code == 404
