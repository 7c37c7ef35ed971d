"""Autosave: what an editor types is kept on the server, for that editor alone, and
offered back on the same form; the story itself changes only with Save."""

import pytest

from articles.models import Article
from desk.models import Autosave
from tests.factories import ArticleFactory
from tests.helpers import text
from tests.test_admin import ADD_URL, change_url
from tests.test_desk import desk_user, signed_in

pytestmark = pytest.mark.django_db


def autosave_url(story=None):
    if story is None:
        return "/admin/articles/article/autosave/"
    return f"/admin/articles/article/{story.pk}/autosave/"


def test_typed_work_is_kept_and_offered_back_but_the_story_is_unchanged(admin_client, client):
    story = ArticleFactory(published=True, headline="The saved headline")
    answer = admin_client.post(
        autosave_url(story), {"headline": "A better headline, half typed", "body": "<p>New</p>"}
    )
    assert answer.status_code == 200 and "saved_at" in answer.json()

    # Readers and the database still have the story as saved.
    assert Article.objects.get(pk=story.pk).headline == "The saved headline"
    assert "A better headline" not in text(client.get(story.get_absolute_url()))

    page = text(admin_client.get(change_url(story)))
    assert "You have work on this story that was not saved" in page
    assert 'value="The saved headline"' in page

    restored = text(admin_client.get(change_url(story) + "?restore_autosave=1"))
    assert 'value="A better headline, half typed"' in restored
    assert "is back in the form" in restored


def test_an_autosaved_picture_description_is_put_back_over_the_librarys(admin_client):
    story = ArticleFactory(with_image=True)
    admin_client.post(autosave_url(story), {"hero_alt": "My own words for the picture."})
    restored = admin_client.get(change_url(story) + "?restore_autosave=1")
    form = restored.context["adminform"].form
    assert form["hero_alt"].value() == "My own words for the picture."
    assert form["hero_caption"].value() == story.hero.caption  # not autosaved: the library's


def test_saving_the_story_removes_its_autosave(admin_client, post_data):
    admin_client.post(autosave_url(), {"headline": "Half a headline"})
    assert "was not saved" in text(admin_client.get(ADD_URL))
    assert admin_client.post(ADD_URL, post_data).status_code == 302
    assert not Autosave.objects.exists()
    assert "was not saved" not in text(admin_client.get(ADD_URL))


def test_an_autosave_is_only_offered_to_the_editor_who_typed_it(admin_client):
    story = ArticleFactory()
    admin_client.post(autosave_url(story), {"headline": "Mine only"})
    other = signed_in(desk_user("second-editor", "Editor"))
    assert other.get(change_url(story)).status_code == 200
    page = text(other.get(change_url(story) + "?restore_autosave=1"))
    assert "Mine only" not in page and "was not saved" not in page


def test_discarding_unsaved_work(admin_client):
    story = ArticleFactory()
    admin_client.post(autosave_url(story), {"headline": "Throw this away"})
    response = admin_client.post(f"/admin/articles/article/{story.pk}/autosave/discard/")
    assert response.status_code == 302
    assert not Autosave.objects.exists()
    assert "was not saved" not in text(admin_client.get(change_url(story)))


def test_an_autosave_older_than_the_last_save_is_not_offered(admin_client):
    story = ArticleFactory()
    admin_client.post(autosave_url(story), {"headline": "Typed before a save elsewhere"})
    story.headline = "Saved from another tab"
    story.save()
    assert "was not saved" not in text(admin_client.get(change_url(story)))


def test_autosave_needs_a_post_and_the_right_to_edit(admin_client):
    story = ArticleFactory(published=True)
    assert admin_client.get(autosave_url(story)).status_code == 405
    assert admin_client.post(autosave_url(story), {}).status_code == 400
    writer = signed_in(desk_user("writer", "Writer"))
    assert writer.post(autosave_url(story), {"headline": "Not yours"}).status_code == 403
    assert not Autosave.objects.exists()
