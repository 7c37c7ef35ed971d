"""The story form's short way to publish: its defaults, its Publish button and the desk's home."""

import re

import pytest

from articles.models import Article, Section
from tests.factories import ArticleFactory, AuthorFactory
from tests.helpers import text
from tests.test_admin import ADD_URL, change_url
from tests.test_desk import desk_user, signed_in

pytestmark = pytest.mark.django_db


def test_a_new_story_is_bylined_to_its_writer_and_filed_where_their_last_one_was(post_data):
    writer = desk_user("wendy", "Writer")
    own = AuthorFactory(name="Wendy Writer", slug="wendy-writer", user=writer)
    tv, _ = Section.objects.get_or_create(slug="tv", defaults={"name": "TV", "position": 9})
    ArticleFactory(section=tv, created_by=writer, authors=[own])

    page = text(signed_in(writer).get(ADD_URL))

    assert re.search(rf'<option value="{own.pk}" selected>Wendy Writer</option>', page)
    assert re.search(rf'<input type="radio" name="section" value="{tv.pk}"[^>]* checked', page)


def test_someone_without_a_byline_or_a_story_starts_with_the_desks_newest_section(
    admin_client,
):
    page = text(admin_client.get(ADD_URL))
    assert " selected>" not in page.split('name="authors"')[1].split("</select>")[0]
    assert 'name="section"' in page  # an empty desk: no guess
    assert not re.search(r'<input type="radio" name="section"[^>]* checked', page)
    tv, _ = Section.objects.get_or_create(slug="tv", defaults={"name": "TV", "position": 9})
    ArticleFactory(section=tv)  # someone else's

    page = text(admin_client.get(ADD_URL))
    assert re.search(rf'<input type="radio" name="section" value="{tv.pk}"[^>]* checked', page)


def test_the_publish_button_publishes_without_opening_the_status(admin_client, post_data):
    post_data.update(status=Article.Status.DRAFT, _publish="Publish")
    del post_data["_save"]
    response = admin_client.post(ADD_URL, post_data, follow=True)
    story = Article.objects.get()
    assert story.is_published
    assert "Readers see it at" in text(response)
    # A published story has nothing left to publish: Save alone.
    assert 'name="_publish"' not in text(admin_client.get(change_url(story)))


def test_a_writers_button_sends_the_story_for_review(post_data):
    writer = desk_user("wendy", "Writer")
    client = signed_in(writer)
    page = text(client.get(ADD_URL))
    assert 'value="Send for review" class="nr-publish" name="_publish"' in page
    assert 'value="Publish"' not in page

    post_data.update(status=Article.Status.DRAFT, _publish="Send for review")
    del post_data["_save"]
    assert client.post(ADD_URL, post_data).status_code == 302
    assert Article.objects.get().status == Article.Status.REVIEW


def test_save_comes_before_publish_so_enter_saves(admin_client):
    page = text(admin_client.get(ADD_URL))
    buttons = re.findall(r'<input type="submit" value="([^"]+)"', page)
    assert buttons[:2] == ["Save", "Publish"]


def test_the_desks_home_lists_the_newsroom_first_in_plain_names(admin_client):
    page = text(admin_client.get("/admin/"))
    names = re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>", page)
    assert names[:3] == ["Newsroom", "Picture library", "Tags"]
    assert "Sign-in attempts" in names and "Users and groups" in names
    assert "Taggit" not in page and "Axes" not in page
    newsroom = page.split("Newsroom</a>")[1].split("</table>")[0]
    assert newsroom.index("Stories") < newsroom.index("Sections")


def test_a_headline_another_story_has_is_saved_and_pointed_out(admin_client, post_data):
    other = ArticleFactory(headline=post_data["headline"].upper(), slug="the-first-one")
    response = admin_client.post(ADD_URL, post_data, follow=True)
    page = text(response)
    assert Article.objects.count() == 2  # a warning, not a refusal
    assert "Another story already has this headline" in page
    assert f"/admin/articles/article/{other.pk}/change/" in response.content.decode()

    story = Article.objects.exclude(pk=other.pk).get()
    page = text(admin_client.get(change_url(story)))
    from tests.test_revisions import form_data

    again = text(admin_client.post(change_url(story), form_data(page), follow=True))
    assert "Another story already has this headline" not in again  # only when it changes
