"""Two editors on one story: changes merged field by field, never silently overwritten."""

import re

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import text
from tests.test_admin import change_url
from tests.test_desk import desk_user, edit_data, editor, messages_of, signed_in, writer  # noqa: F401

pytestmark = pytest.mark.django_db


def hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page)[1]


def opened(client, article):
    """The change form as ``client`` opened it: the story's values and the form's tokens."""
    page = text(client.get(change_url(article)))
    return edit_data(
        article,
        tags=", ".join(sorted(article.tags.names())),
        loaded_version=hidden(page, "loaded_version"),
        loaded_values=hidden(page, "loaded_values"),
    )


def again(form, page, **choices):
    """The same form posted again from the refused page, with the editor's choices."""
    form = dict(form)
    for name in ("loaded_version", "loaded_values", "clashing"):
        form[name] = hidden(page, name)
    form.update({f"resolve_{name}": choice for name, choice in choices.items()})
    return form


@pytest.fixture
def story(writer):  # noqa: F811
    return ArticleFactory(
        created_by=writer,
        headline="First headline",
        standfirst="First standfirst.",
        body="<p>Start.</p>",
        tags=["stunts"],
    )


@pytest.fixture
def both_open(story, writer, editor):  # noqa: F811
    """Wendy and Eddie open the story; Eddie saves a new headline and body first."""
    wendy, eddie = signed_in(writer), signed_in(editor)
    wendy_form, eddie_form = opened(wendy, story), opened(eddie, story)
    eddie_form.update(headline="Eddie's headline", body="<p>Eddie's body.</p>")
    assert eddie.post(change_url(story), eddie_form).status_code == 302
    return wendy, wendy_form


def test_fields_both_changed_are_shown_side_by_side_and_nothing_is_saved(story, both_open):
    wendy, form = both_open
    form.update(standfirst="Wendy's standfirst.", body="<p>Wendy's body.</p>")

    response = wendy.post(change_url(story), form)

    assert response.status_code == 200
    page = text(response)
    assert "eddie saved this story on" in page
    assert "you both changed Body" in page
    conflict = re.search(r'<fieldset class="module nr-conflict".*?</fieldset>', page, re.S)[0]
    # Only the body clashes: the headline only he changed, the standfirst only she did.
    assert re.findall(r'<th scope="row">([^<]+)</th>', conflict) == ["Body"]
    assert "Wendy&#x27;s body." in conflict and "Eddie&#x27;s body." in conflict
    assert 'name="resolve_body" value="mine" required>' in conflict
    assert 'name="resolve_body" value="theirs" required>' in conflict
    # His headline is now in her form; her standfirst and body are still there.
    assert 'value="Eddie&#x27;s headline"' in page
    assert "Wendy&#x27;s standfirst." in page
    story.refresh_from_db()
    assert (story.headline, story.standfirst, story.body) == (
        "Eddie's headline",
        "First standfirst.",
        "<p>Eddie's body.</p>",
    )


def test_saving_again_without_choosing_is_refused(story, both_open):
    wendy, form = both_open
    form.update(body="<p>Wendy's body.</p>")
    page = text(wendy.post(change_url(story), form))

    response = wendy.post(change_url(story), again(form, page))

    assert response.status_code == 200
    assert "choose, for Body, whether to keep yours or take theirs" in text(response)
    assert 'name="resolve_body"' in text(response)  # the choice is still offered
    story.refresh_from_db()
    assert story.body == "<p>Eddie's body.</p>"


def test_keep_mine_saves_mine_and_keeps_their_other_changes(story, both_open):
    wendy, form = both_open
    form.update(standfirst="Wendy's standfirst.", body="<p>Wendy's body.</p>")
    page = text(wendy.post(change_url(story), form))
    # The form now shows his headline; posting it back is what her browser does.
    form["headline"] = "Eddie's headline"

    assert wendy.post(change_url(story), again(form, page, body="mine")).status_code == 302

    story.refresh_from_db()
    assert story.headline == "Eddie's headline"
    assert story.standfirst == "Wendy's standfirst."
    assert story.body == "<p>Wendy's body.</p>"


def test_take_theirs_saves_theirs_for_that_field_only(story, both_open):
    wendy, form = both_open
    form.update(standfirst="Wendy's standfirst.", body="<p>Wendy's body.</p>")
    page = text(wendy.post(change_url(story), form))

    assert wendy.post(change_url(story), again(form, page, body="theirs")).status_code == 302

    story.refresh_from_db()
    assert story.body == "<p>Eddie's body.</p>"
    assert story.standfirst == "Wendy's standfirst."


def test_changes_to_different_fields_merge_and_save_at_once(story, both_open):
    wendy, form = both_open
    form.update(standfirst="Wendy's standfirst.")  # her form still holds the old headline

    response = wendy.post(change_url(story), form, follow=True)

    assert response.redirect_chain  # saved
    story.refresh_from_db()
    assert story.headline == "Eddie's headline"  # not overwritten by her old copy
    assert story.body == "<p>Eddie's body.</p>"
    assert story.standfirst == "Wendy's standfirst."
    assert any(
        "their changes to Headline, Body are kept, with yours" in m for m in messages_of(response)
    )


def test_their_tags_and_bylines_are_kept_when_she_did_not_touch_them(story, writer, editor):  # noqa: F811
    wendy, eddie = signed_in(writer), signed_in(editor)
    wendy_form, eddie_form = opened(wendy, story), opened(eddie, story)
    critic = AuthorFactory(name="A Critic")
    eddie_form.update(tags="stunts, box office", authors=[critic.pk])
    assert eddie.post(change_url(story), eddie_form).status_code == 302

    wendy_form.update(headline="Wendy's headline")
    assert wendy.post(change_url(story), wendy_form).status_code == 302

    story.refresh_from_db()
    assert story.headline == "Wendy's headline"
    assert sorted(story.tags.names()) == ["box office", "stunts"]
    assert [author.name for author in story.authors.all()] == ["A Critic"]


def test_a_form_opened_without_the_snapshot_asks_about_every_field_that_differs(story, both_open):
    wendy, form = both_open
    form.update(standfirst="Wendy's standfirst.", loaded_values="forged-or-missing")

    page = text(wendy.post(change_url(story), form))

    conflict = re.search(r'<fieldset class="module nr-conflict".*?</fieldset>', page, re.S)[0]
    # Who changed what is unknown: every field where hers and his differ is asked about.
    assert re.findall(r'<th scope="row">([^<]+)</th>', conflict) == [
        "Headline",
        "Standfirst",
        "Body",
    ]
    story.refresh_from_db()
    assert story.standfirst == "First standfirst."


def test_a_third_save_while_she_chooses_is_caught_too(story, both_open, editor):  # noqa: F811
    wendy, form = both_open
    form.update(body="<p>Wendy's body.</p>")
    page = text(wendy.post(change_url(story), form))
    # Eddie saves once more while Wendy reads the conflict view.
    eddie = signed_in(editor)
    story.refresh_from_db()
    assert (
        eddie.post(change_url(story), opened(eddie, story) | {"body": "<p>Third.</p>"}).status_code
        == 302
    )

    response = wendy.post(change_url(story), again(form, page, body="mine"))

    assert response.status_code == 200
    assert "Third." in text(response)  # his newest body is what she now sees as theirs
    story.refresh_from_db()
    assert story.body == "<p>Third.</p>"
    assert Article.objects.filter(body="<p>Wendy's body.</p>").count() == 0


def test_their_schedule_is_put_in_her_form_while_she_chooses(story, editor):  # noqa: F811
    # Two editors: writers cannot set the publish time or "featured".
    wendy, eddie = signed_in(desk_user("erin", "Editor")), signed_in(editor)
    wendy_form, eddie_form = opened(wendy, story), opened(eddie, story)
    eddie_form.update(
        status=Article.Status.REVIEW,
        publish_at_0="24/12/2030",
        publish_at_1="18:30:00",
        featured="on",
        body="<p>Eddie's body.</p>",
    )
    assert eddie.post(change_url(story), eddie_form).status_code == 302
    wendy_form.update(body="<p>Wendy's body.</p>")

    page = text(wendy.post(change_url(story), wendy_form))

    # His status, publish time and "featured" are in her boxes, so saving keeps them.
    assert re.search(r'name="publish_at_0" value="24/12/2030"', page)
    assert re.search(r'name="publish_at_1" value="18:30:00"', page)
    assert re.search(r'<input type="checkbox" name="featured"[^>]* checked', page)
    assert re.search(r'<option value="review" selected>', page)
    form = again(wendy_form, page, body="mine") | {
        "status": "review",
        "publish_at_0": "24/12/2030",
        "publish_at_1": "18:30:00",
        "featured": "on",
    }
    assert wendy.post(change_url(story), form).status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW and story.featured
    assert story.body == "<p>Wendy's body.</p>"
