"""The desk's roles and workflow: writers submit, editors publish, and the server enforces it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from articles.models import Article, OldSlug, StatusChange
from tests.factories import ArticleFactory
from tests.helpers import NO_NOTES, text
from tests.test_admin import ADD_URL, CHANGELIST_URL, change_url

pytestmark = pytest.mark.django_db


def desk_user(name, role):
    user = User.objects.create_user(name, f"{name}@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def writer():
    return desk_user("wendy", "Writer")


@pytest.fixture
def editor():
    return desk_user("eddie", "Editor")


def edit_data(article, **changes):
    """The change form as the browser would post it, for ``article``, with ``changes``."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        # The picture as the form shows it: the library image and its description.
        "hero": article.hero_id or "",
        "hero_alt": article.hero.alt if article.hero else "",
        "hero_caption": article.hero.caption if article.hero else "",
        "hero_credit": article.hero.credit if article.hero else "",
        "trailer_url": "",
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.all()],
        "tags": "",
        "status": article.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "loaded_version": article.updated_at.isoformat(),  # the version the editor opened
        "_save": "Save",
        **NO_NOTES,
    }
    data.update(changes)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# The roles exist ---------------------------------------------------------------------------


def test_the_migration_makes_the_writer_and_editor_roles():
    writer = set(Group.objects.get(name="Writer").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article"} <= writer
    assert "publish_article" not in writer and "delete_article" not in writer
    assert {"publish_article", "delete_article"} <= editor


# Writers -----------------------------------------------------------------------------------


def test_a_writer_is_not_offered_publishing(writer):
    page = text(signed_in(writer).get(ADD_URL))
    assert '<option value="review">In review</option>' in page
    assert 'value="published"' not in page
    assert 'name="publish_at_0"' not in page  # no scheduling either
    assert 'name="featured"' not in page


def test_a_writer_forging_published_gets_review_and_is_told_why(writer, post_data, client):
    post_data["publish_at_0"] = "01/01/2020"
    post_data["publish_at_1"] = "10:00:00"
    response = signed_in(writer).post(ADD_URL, post_data, follow=True)

    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.publish_at is None  # the forged time was not taken either
    assert article.created_by == writer
    assert any("Only editors can publish" in m for m in messages_of(response))
    assert client.get("/").context["lead"] is None


def test_a_writer_can_submit_for_review(writer, post_data):
    post_data["status"] = Article.Status.REVIEW
    signed_in(writer).post(ADD_URL, post_data)
    assert Article.objects.get().status == Article.Status.REVIEW


def test_a_writer_cannot_take_their_own_published_story_off_the_site(writer):
    article = ArticleFactory(published=True, created_by=writer)
    response = signed_in(writer).post(
        change_url(article), edit_data(article, status="draft", headline="Edited by the writer")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Edited by the writer"  # their own story: they may edit it
    assert article.status == Article.Status.PUBLISHED  # but not unpublish it


def test_a_writer_cannot_edit_another_writers_published_story(writer):
    other = desk_user("otto", "Writer")
    article = ArticleFactory(published=True, created_by=other, headline="Otto's story")

    writer_client = signed_in(writer)
    page = writer_client.get(change_url(article))
    assert page.status_code == 200 and 'name="_save"' not in text(page)  # read-only view
    forged = writer_client.post(change_url(article), edit_data(article, headline="Hijacked"))

    assert forged.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Otto's story"


def test_a_writer_may_edit_another_writers_draft(writer):
    article = ArticleFactory(created_by=desk_user("otto", "Writer"))
    response = signed_in(writer).post(change_url(article), edit_data(article, headline="Tidied"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Tidied"


@pytest.mark.parametrize("action", ["publish", "return_to_draft"])
def test_a_writer_cannot_run_the_publishing_actions(writer, action):
    draft = ArticleFactory(created_by=writer)
    live = ArticleFactory(published=True, created_by=writer)
    client = signed_in(writer)

    assert f'value="{action}"' not in text(client.get(CHANGELIST_URL))
    client.post(
        CHANGELIST_URL, {"action": action, "_selected_action": [draft.pk, live.pk], "index": 0}
    )

    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert live.status == Article.Status.PUBLISHED


def test_a_writer_cannot_delete(writer):
    article = ArticleFactory(created_by=writer)
    response = signed_in(writer).post(
        f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


# Editors -----------------------------------------------------------------------------------


def test_an_editor_publishes_from_the_form(editor, post_data, client):
    response = signed_in(editor).post(ADD_URL, post_data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_published
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_editor_schedules_a_story(editor, post_data, client):
    later = timezone.localtime() + timedelta(days=2)
    post_data["publish_at_0"] = later.strftime("%d/%m/%Y")
    post_data["publish_at_1"] = later.strftime("%H:%M:%S")
    signed_in(editor).post(ADD_URL, post_data)

    article = Article.objects.get()
    assert article.is_scheduled
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Scheduled" in text(signed_in(editor).get(CHANGELIST_URL))


def test_an_editor_unpublishes_with_the_action(editor, client):
    live = ArticleFactory(published=True)
    signed_in(editor).post(
        CHANGELIST_URL, {"action": "return_to_draft", "_selected_action": [live.pk], "index": 0}
    )
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert client.get(live.get_absolute_url()).status_code == 404


def test_an_editor_can_edit_anyones_published_story(editor, writer):
    article = ArticleFactory(published=True, created_by=writer)
    signed_in(editor).post(change_url(article), edit_data(article, headline="Sharper headline"))
    article.refresh_from_db()
    assert article.headline == "Sharper headline"


def test_the_review_queue_lists_what_waits_for_an_editor(editor):
    ArticleFactory(in_review=True, headline="Waiting for you")
    ArticleFactory(headline="Still a draft")
    page = text(signed_in(editor).get(CHANGELIST_URL + "?state=review"))
    assert "Waiting for you" in page and "Still a draft" not in page


# Anonymous ---------------------------------------------------------------------------------


def test_nobody_signed_out_can_write_or_publish(client, post_data):
    response = client.post(ADD_URL, post_data)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Article.objects.exists()


# Who moved what, and when ------------------------------------------------------------------


def test_every_move_is_recorded_and_shown_on_the_story(writer, editor, post_data):
    post_data["status"] = Article.Status.REVIEW
    signed_in(writer).post(ADD_URL, post_data)
    article = Article.objects.get()
    signed_in(editor).post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk], "index": 0}
    )

    moves = list(StatusChange.objects.order_by("changed_at", "id"))
    assert [(m.from_status, m.to_status, m.changed_by) for m in moves] == [
        ("", "review", writer),
        ("review", "published", editor),
    ]
    page = text(signed_in(editor).get(change_url(article)))
    assert "<strong>In review</strong> by wendy" in page
    assert "<strong>Published</strong> by eddie" in page


# Old addresses keep working ----------------------------------------------------------------


def test_a_published_storys_old_address_redirects_forever(editor, client):
    article = ArticleFactory(published=True, slug="first-slug")
    old_url = article.get_absolute_url()
    signed_in(editor).post(change_url(article), edit_data(article, slug="second-slug"))
    article.refresh_from_db()
    signed_in(editor).post(change_url(article), edit_data(article, slug="third-slug"))
    article.refresh_from_db()

    for url in [old_url, old_url.replace("first-slug", "second-slug")]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_moved_section_redirects_too(client):
    article = ArticleFactory(published=True)
    response = client.get(f"/celebrity/{article.slug}/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_renaming_a_draft_leaves_no_old_address(editor):
    article = ArticleFactory(slug="draft-slug")
    signed_in(editor).post(change_url(article), edit_data(article, slug="better-slug"))
    assert not OldSlug.objects.exists()


def test_an_old_address_of_an_unpublished_story_is_not_found(client):
    article = ArticleFactory(published=True, slug="was-live")
    article.slug = "now-draft"
    article.save()
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(f"/{article.section.slug}/was-live/").status_code == 404
