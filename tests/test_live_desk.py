"""The live desk: posting, editing, approving and deleting a live story's entries from
the desk, ending its coverage, and the story form's live coverage fields."""

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles import live
from articles.models import Article, LiveEntry
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory
from tests.helpers import changes_applied, form_fields, text
from tests.test_admin import change_url
from tests.test_desk import desk_user, signed_in

pytestmark = pytest.mark.django_db

LIVE_JS = Path(__file__).resolve().parent.parent / "desk" / "static" / "desk" / "live.js"


@pytest.fixture
def editor():
    return desk_user("eddie", "Editor")


@pytest.fixture
def writer():
    return desk_user("wendy", "Writer")


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="The awards night, as it happens",
        coverage_start=timezone.now() - timedelta(minutes=30),
        key_points="Best picture goes to a horror film",
    )


def desk(story):
    return reverse("admin:articles_article_live", args=[story.pk])


def action(name, story, entry):
    return reverse(f"admin:articles_article_live_{name}", args=[story.pk, entry.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def post_entry(client, story, follow=True, **fields):
    """The new-entry box as the page shows it, filled in with ``fields``, posted."""
    data = form_fields(text(client.get(desk(story))), "nr-live-post")
    data.update(fields)
    return client.post(desk(story), data, follow=follow)


def reader_page(client, story):
    changes_applied()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return text(response)


def entry_block(page, entry):
    """The HTML of ``entry``'s item in the desk's list."""
    match = re.search(
        rf'<li class="nr-live__entry[^"]*" id="entry-{entry.pk}">(.*?)</li>', page, re.S
    )
    assert match, f"entry {entry.pk} is not listed"
    return match.group(1)


# Posting -----------------------------------------------------------------------------------


def test_an_editor_s_entry_is_posted_in_one_click_and_readers_see_it(client, story, editor):
    desk_client = signed_in(editor)
    response = post_entry(desk_client, story, body="<p>The envelope is opened.</p>")
    assert response.redirect_chain[-1][0] == desk(story)
    assert messages_of(response) == ["Posted. It is on the site within a few seconds."]
    page = text(response)
    assert "The envelope is opened." in page
    entry = LiveEntry.objects.get()
    assert entry.state == LiveEntry.State.PUBLISHED and entry.created_by == editor
    assert "Waiting for an editor" not in entry_block(page, entry)
    assert "The envelope is opened." in reader_page(client, story)


def test_the_page_says_entries_reach_the_site_within_seconds_and_ctrl_enter_posts(story, editor):
    page = text(signed_in(editor).get(desk(story)))
    assert "An entry is on the site within a few seconds of posting" in page
    assert "Ctrl+Enter (⌘+Enter on a Mac) posts too." in page
    assert re.search(r'<script src="/static/desk/live\.js" nonce="[^"]+"', page)
    script = LIVE_JS.read_text()
    assert "ctrlKey" in script and "metaKey" in script and '"Enter"' in script
    # The body has the story body's editor (django-prose-editor) and its allow-list.
    assert "data-django-prose-editor-configurable" in page
    assert "Spoiler, closed until opened" in html.unescape(page)


def test_the_page_is_csp_safe_every_script_carries_the_nonce(story, editor):
    response = signed_in(editor).get(desk(story))
    page = text(response)
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("nonce=" in tag for tag in scripts), scripts
    assert " onclick=" not in page and " onsubmit=" not in page
    assert "script-src" in response.headers["Content-Security-Policy"]


def test_a_writer_s_entry_waits_for_an_editor_who_approves_it(client, story, writer, editor):
    story.entries_reviewed = True
    story.save()
    response = post_entry(signed_in(writer), story, body="<p>From the press room.</p>")
    assert messages_of(response) == [
        "Posted. It waits for an editor: readers see it once one approves it."
    ]
    entry = LiveEntry.objects.get()
    assert entry.state == LiveEntry.State.WAITING
    mine = entry_block(text(response), entry)
    assert "Waiting for an editor" in mine and "Approve" not in mine
    assert "press room" not in reader_page(client, story)

    editors_page = text(signed_in(editor).get(desk(story)))
    assert "1 entry waits for an editor" in editors_page
    assert "Approve" in entry_block(editors_page, entry)
    response = signed_in(editor).post(action("approve", story, entry), follow=True)
    assert messages_of(response) == [
        "Approved: readers see it now, at the top as the newest entry."
    ]
    assert "Waiting for an editor" not in entry_block(text(response), entry)
    assert "press room" in reader_page(client, story)


def test_a_writer_cannot_approve_or_pin(story, writer):
    story.entries_reviewed = True
    story.save()
    writer_client = signed_in(writer)
    page = text(writer_client.get(desk(story)))
    assert 'name="pinned"' not in page and 'name="key_moment"' not in page
    assert "a writer's entries wait for an editor" in page
    post_entry(writer_client, story, body="<p>Mine.</p>", pinned="on", key_moment="on")
    entry = LiveEntry.objects.get()
    assert not entry.pinned and not entry.key_moment
    response = writer_client.post(action("approve", story, entry), follow=True)
    assert messages_of(response) == ["Only an editor can publish a waiting entry."]
    entry.refresh_from_db()
    assert entry.state == LiveEntry.State.WAITING


def test_an_editor_pins_a_key_moment_with_a_title_picture_and_link(client, story, editor):
    picture = ImageFactory()
    post_entry(
        signed_in(editor),
        story,
        body="<p>The winner walks up.</p>",
        title="Best picture",
        picture=str(picture.pk),
        link="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        pinned="on",
        key_moment="on",
    )
    entry = LiveEntry.objects.get()
    assert (entry.title, entry.picture, entry.pinned, entry.key_moment) == (
        "Best picture",
        picture,
        True,
        True,
    )
    assert entry.link == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_the_byline_defaults_to_the_poster_s_own(story, writer):
    profile = AuthorFactory(name="Wendy Writes", user=writer)
    writer_client = signed_in(writer)
    fields = form_fields(text(writer_client.get(desk(story))), "nr-live-post")
    assert fields["authors"] == str(profile.pk)
    response = post_entry(writer_client, story, body="<p>Hello.</p>")
    assert list(LiveEntry.objects.get().authors.all()) == [profile]
    assert "By Wendy Writes" in text(response)


# Bad input -----------------------------------------------------------------------------------


def test_an_empty_entry_is_refused_and_what_was_typed_stays(story, editor):
    response = post_entry(signed_in(editor), story, body="<p> </p>", title="Half a thought")
    assert response.status_code == 200
    page = text(response)
    assert "Not posted yet: fix what is marked below." in messages_of(response)
    assert "Write something, or add a picture or a link." in page
    assert form_fields(page, "nr-live-post")["title"] == "Half a thought"
    assert not LiveEntry.objects.exists()


def test_a_link_from_another_site_is_refused_and_the_text_stays(story, editor):
    response = post_entry(
        signed_in(editor), story, body="<p>Watch the speech.</p>", link="https://example.com/v/1"
    )
    assert response.status_code == 200
    page = text(response)
    assert 'class="errorlist' in page
    kept = form_fields(page, "nr-live-post")
    assert kept["link"] == "https://example.com/v/1"
    assert "Watch the speech." in kept["body"]
    assert not LiveEntry.objects.exists()


def test_a_picture_number_not_in_the_library_is_refused_in_words(story, editor):
    response = post_entry(signed_in(editor), story, body="<p>Look.</p>", picture="99999")
    assert "No picture in the library has this number" in text(response)
    assert not LiveEntry.objects.exists()


def test_the_page_script_gets_json_for_a_post_and_for_a_refusal(story, editor):
    desk_client = signed_in(editor)
    answer = desk_client.post(
        desk(story), {"body": "<p>Sent by the script.</p>"}, headers={"accept": "application/json"}
    )
    assert answer.status_code == 200
    assert answer.json()["message"] == "Posted. It is on the site within a few seconds."
    assert "Sent by the script." in answer.json()["entries"]
    refused = desk_client.post(
        desk(story), {"body": "<p></p>"}, headers={"accept": "application/json"}
    )
    assert refused.status_code == 400
    (error,) = refused.json()["errors"]
    assert error["label"] == "Entry" and "Write something" in error["messages"][0]
    assert LiveEntry.objects.count() == 1


def test_the_list_is_sent_again_only_when_something_changed(story, editor):
    desk_client = signed_in(editor)
    url = reverse("admin:articles_article_live_entries", args=[story.pk])
    revision = Article.objects.get(pk=story.pk).live_revision
    assert desk_client.get(url, {"revision": revision}).status_code == 204
    live.post(story, editor, body="<p>Another editor's entry.</p>")
    response = desk_client.get(url, {"revision": revision})
    assert response.status_code == 200
    assert "Another editor's entry." in text(response)
    assert int(response["X-Live-Revision"]) > revision


def test_a_story_without_coverage_has_no_post_box(editor):
    plain = ArticleFactory(published=True)
    desk_client = signed_in(editor)
    page = text(desk_client.get(desk(plain)))
    assert "This story is not live coverage" in page
    assert 'id="nr-live-post"' not in page
    response = desk_client.post(desk(plain), {"body": "<p>Hi.</p>"}, follow=True)
    assert messages_of(response) == [
        "Not posted: this story is not live coverage. Give it a coverage start on its form first."
    ]
    assert not LiveEntry.objects.exists()


# Editing in place -------------------------------------------------------------------------------


def test_an_entry_is_edited_in_place(client, story, editor):
    entry = live.post(story, editor, body="<p>The winner is Jane Doh.</p>")
    desk_client = signed_in(editor)
    page = text(desk_client.get(desk(story)))
    assert f'href="{desk(story)}?edit={entry.pk}#entry-{entry.pk}"' in entry_block(page, entry)
    page = text(desk_client.get(desk(story), {"edit": entry.pk}))
    fields = form_fields(page, "nr-live-edit")
    assert "Jane Doh" in fields["edit-body"]
    assert fields["edit-revision"] == str(entry.revision)
    fields["edit-body"] = "<p>The winner is Jane Doe.</p>"
    response = desk_client.post(action("edit", story, entry), fields, follow=True)
    assert messages_of(response) == ["Entry updated."]
    assert "Jane Doe" in entry_block(text(response), entry)
    assert 'id="nr-live-edit"' not in text(response)  # back to the list
    entry.refresh_from_db()
    assert entry.body == "<p>The winner is Jane Doe.</p>"
    assert "Jane Doe." in reader_page(client, story)


def test_an_edit_of_an_entry_changed_since_is_refused_not_saved_over_it(story, editor):
    entry = live.post(story, editor, body="<p>First version.</p>")
    desk_client = signed_in(editor)
    fields = form_fields(text(desk_client.get(desk(story), {"edit": entry.pk})), "nr-live-edit")
    other = desk_user("olga", "Editor")
    live.edit(entry, other, body="<p>Olga's fix.</p>")
    fields["edit-body"] = "<p>My fix.</p>"
    response = desk_client.post(action("edit", story, entry), fields)
    assert response.status_code == 409
    page = text(response)
    assert "this entry changed after you opened it (last edited by olga" in page
    entry.refresh_from_db()
    assert entry.body == "<p>Olga's fix.</p>"
    # Both versions are shown: theirs, and mine still in the box.
    assert "Olga's fix." in html.unescape(page)
    again = form_fields(page, "nr-live-edit")
    assert "My fix." in again["edit-body"]
    assert again["edit-revision"] == str(entry.revision)
    # Saving again, having seen theirs, replaces it.
    response = desk_client.post(action("edit", story, entry), again, follow=True)
    assert messages_of(response) == ["Entry updated."]
    entry.refresh_from_db()
    assert entry.body == "<p>My fix.</p>"


def test_a_writer_edits_only_their_own_entries(story, writer, editor):
    theirs = live.post(story, editor, body="<p>The editor's.</p>")
    mine = live.post(story, writer, body="<p>The writer's.</p>")
    writer_client = signed_in(writer)
    page = text(writer_client.get(desk(story)))
    assert "Edit" not in entry_block(page, theirs) and "Edit" in entry_block(page, mine)
    response = writer_client.post(
        action("edit", story, theirs),
        {"edit-body": "<p>Hijacked.</p>", "edit-revision": theirs.revision},
        follow=True,
    )
    assert messages_of(response) == ["You may change only your own entries."]
    theirs.refresh_from_db()
    assert theirs.body == "<p>The editor's.</p>"


def test_an_edit_of_an_entry_deleted_meanwhile_keeps_the_text_to_post_again(story, editor):
    entry = live.post(story, editor, body="<p>Soon gone.</p>")
    desk_client = signed_in(editor)
    fields = form_fields(text(desk_client.get(desk(story), {"edit": entry.pk})), "nr-live-edit")
    edit_url = action("edit", story, entry)
    live.delete(entry, editor)
    fields["edit-body"] = "<p>Worth keeping.</p>"
    response = desk_client.post(edit_url, fields)
    assert response.status_code == 409
    assert "someone deleted it after you opened the page" in text(response)
    assert "Worth keeping." in form_fields(text(response), "nr-live-post")["body"]


# Deleting ------------------------------------------------------------------------------------


def test_an_editor_deletes_an_entry_after_confirming(client, story, editor):
    entry = live.post(story, editor, body="<p>A libellous claim.</p>")
    desk_client = signed_in(editor)
    asked = desk_client.post(action("delete", story, entry), follow=True)
    assert LiveEntry.objects.filter(pk=entry.pk).exists()  # not without a yes
    assert "Delete this entry?" in entry_block(text(asked), entry)
    assert desk_client.get(action("delete", story, entry)).status_code == 405  # only a POST
    response = desk_client.post(action("delete", story, entry), {"confirmed": "1"}, follow=True)
    assert messages_of(response) == [
        "Entry deleted: it is gone from the site, the feed and the API."
    ]
    assert not LiveEntry.objects.filter(pk=entry.pk).exists()
    assert "libellous" not in text(response)
    assert "libellous" not in reader_page(client, story)


def test_a_writer_cannot_delete_an_entry_readers_have_seen(story, writer):
    entry = live.post(story, writer, body="<p>Seen by readers.</p>")
    writer_client = signed_in(writer)
    assert "Delete" not in entry_block(text(writer_client.get(desk(story))), entry)
    response = writer_client.post(action("delete", story, entry), {"confirmed": "1"}, follow=True)
    assert messages_of(response) == ["Only an editor can delete an entry readers have seen."]
    assert LiveEntry.objects.filter(pk=entry.pk).exists()


def test_a_writer_deletes_their_own_waiting_entry(story, writer):
    story.entries_reviewed = True
    story.save()
    entry = live.post(story, writer, body="<p>Second thoughts.</p>")
    writer_client = signed_in(writer)
    assert "Delete" in entry_block(text(writer_client.get(desk(story))), entry)
    writer_client.post(action("delete", story, entry), {"confirmed": "1"})
    assert not LiveEntry.objects.exists()


# Ending the coverage -----------------------------------------------------------------------------


def test_an_editor_ends_the_coverage_and_the_page_says_when(client, story, editor):
    desk_client = signed_in(editor)
    end_url = reverse("admin:articles_article_live_end", args=[story.pk])
    assert "End coverage" in text(desk_client.get(desk(story)))
    asked = desk_client.post(end_url, follow=True)
    assert "End the coverage now?" in text(asked)
    assert Article.objects.get(pk=story.pk).coverage_end is None
    response = desk_client.post(end_url, {"confirmed": "1"}, follow=True)
    story.refresh_from_db()
    assert story.coverage_end is not None
    assert messages_of(response)[0].startswith("Coverage ended on ")
    page = text(response)
    assert "This coverage ended on" in page and "End coverage" not in page
    assert "This live coverage ended" in reader_page(client, story)


def test_a_writer_cannot_end_the_coverage(story, writer):
    writer_client = signed_in(writer)
    assert "End coverage" not in text(writer_client.get(desk(story)))
    end_url = reverse("admin:articles_article_live_end", args=[story.pk])
    response = writer_client.post(end_url, {"confirmed": "1"}, follow=True)
    assert messages_of(response) == ["Only an editor can end the coverage."]
    assert Article.objects.get(pk=story.pk).coverage_end is None


# Who may open it ----------------------------------------------------------------------------


def test_staff_without_a_role_get_403(story):
    nobody = User.objects.create_user("nobody", "nobody@example.com", "pw", is_staff=True)
    nobody_client = signed_in(nobody)
    assert nobody_client.get(desk(story)).status_code == 403
    assert nobody_client.post(desk(story), {"body": "<p>Hello.</p>"}).status_code == 403
    end_url = reverse("admin:articles_article_live_end", args=[story.pk])
    assert nobody_client.post(end_url, {"confirmed": "1"}).status_code == 403
    assert not LiveEntry.objects.exists()


def test_readers_are_sent_to_sign_in(client, story):
    response = client.get(desk(story))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_is_inside_the_desk_with_breadcrumbs(story, editor):
    page = text(signed_in(editor).get(desk(story)))
    crumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', page, re.S).group(1)
    assert f'href="{change_url(story)}"' in crumbs and "Live desk" in crumbs
    assert "<h1>Live desk: The awards night, as it happens</h1>" in page
    assert "Best picture goes to a horror film" in page  # the key points


# The story form ------------------------------------------------------------------------------


def test_the_story_form_has_the_live_coverage_fields_and_a_link_to_the_desk(story, editor):
    page = text(signed_in(editor).get(change_url(story)))
    assert "Live coverage" in page
    for name in ["coverage_start_0", "coverage_end_0", "key_points", "entries_reviewed"]:
        assert f'name="{name}"' in page, name
    assert f'href="{desk(story)}"' in page and "Open the live desk" in page


def test_a_story_that_is_not_live_has_the_fields_closed_and_no_link(editor):
    plain = ArticleFactory(published=True)
    page = text(signed_in(editor).get(change_url(plain)))
    heading = page.index(">Live coverage<")
    assert page.rfind("<details>", 0, heading) > page.rfind("</details>", 0, heading)
    assert 'name="coverage_start_0"' in page
    assert "Open the live desk" not in page


def test_a_writer_makes_a_story_live_from_the_form(writer):
    draft = ArticleFactory(headline="Festival day one")
    draft.created_by = writer
    draft.save()
    writer_client = signed_in(writer)
    fields = form_fields(text(writer_client.get(change_url(draft))))
    fields.update(
        coverage_start_0="24/12/2030",
        coverage_start_1="18:30:00",
        key_points="Doors open at noon\nThe jury is announced",
        entries_reviewed="on",
        _save="Save",
    )
    response = writer_client.post(change_url(draft), fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.is_live and draft.entries_reviewed
    assert draft.key_point_list == ["Doors open at noon", "The jury is announced"]
    assert "Open the live desk" in text(writer_client.get(change_url(draft)))


def test_a_form_opened_before_the_coverage_ended_keeps_the_end(story, editor):
    desk_client = signed_in(editor)
    fields = form_fields(text(desk_client.get(change_url(story))))
    live.end_coverage(story, desk_user("olga", "Editor"))
    fields.update(standfirst="A new standfirst.", _save="Save")
    response = desk_client.post(change_url(story), fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.standfirst == "A new standfirst."
    assert story.coverage_end is not None  # not saved over with the form's empty box
