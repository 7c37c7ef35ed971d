"""Revisions: every save is kept, editors compare and restore them, deleted stories come back."""

import html
import re

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from library.models import Image
from tests.factories import uploaded_image
from tests.helpers import text
from tests.test_admin import ADD_URL, CHANGELIST_URL, change_url

pytestmark = pytest.mark.django_db


def versions_of(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def form_data(page, **changes):
    """The fields a change (or revision) page shows, as its form would post them back."""
    data = {}
    for name, value in re.findall(
        r'<input type="(?:text|hidden)" name="([\w-]+)" value="([^"]*)"', page
    ):
        data[name] = value
    for name, value in re.findall(
        r'<textarea name="([\w-]+)"[^>]*>\n?(.*?)</textarea>', page, flags=re.DOTALL
    ):
        data[name] = value
    radios = r'<input type="radio" name="([\w-]+)" value="([^"]*)"[^>]* checked'
    for name, value in re.findall(radios, page):
        data[name] = value
    for name, block in re.findall(r'<select name="([\w-]+)"[^>]*>(.*?)</select>', page, re.DOTALL):
        data[name] = re.findall(r'<option value="([^"]+)" selected', block)
        if name not in ("authors", "about", "mentions"):
            data[name] = data[name][0] if data[name] else ""
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = "Save"
    data.update(changes)
    return {k: html.unescape(v) if isinstance(v, str) else v for k, v in data.items()}


@pytest.fixture
def story(admin_client, post_data):
    """A story written in the admin, then edited: new tags, new picture, new headline."""
    post_data["tags"] = "Tom Cruise, Stunts"
    post_data["hero_image"] = uploaded_image("first.jpg")
    admin_client.post(ADD_URL, post_data)
    article = Article.objects.get()
    page = text(admin_client.get(change_url(article)))
    response = admin_client.post(
        change_url(article),
        form_data(
            page,
            headline="A sharper headline",
            tags="Sequels",
            hero_image=uploaded_image("second.jpg"),
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    return article


def test_every_save_keeps_a_revision_with_who_made_it(story, admin_user):
    versions = versions_of(story)
    assert len(versions) == 2
    assert all(v.revision.user == admin_user for v in versions)
    assert versions[0].field_dict["headline"] != versions[1].field_dict["headline"]


def test_the_history_lists_revisions_and_offers_a_comparison(admin_client, story):
    page = text(admin_client.get(f"/admin/articles/article/{story.pk}/history/"))
    assert page.count(f"/admin/articles/article/{story.pk}/history/") >= 2
    assert "Compare two revisions" in page


def test_comparing_two_revisions_shows_what_changed(admin_client, story):
    first, second = versions_of(story)
    response = admin_client.get(
        f"/admin/articles/article/{story.pk}/history/compare/",
        {"older": first.pk, "newer": second.pk},
    )
    page = text(response)
    assert response.status_code == 200
    assert '<th scope="row">Headline</th>' in page
    assert "<ins>A sharper headline</ins>" in page or "<ins>A</ins>" in page
    assert "<del>Stunts, Tom Cruise</del>" in page and "<ins>Sequels</ins>" in page
    assert '<th scope="row">Hero image</th>' in page
    assert "Standfirst</th>" not in page  # unchanged fields are left out


def test_comparing_without_choosing_explains(admin_client, story):
    response = admin_client.get(
        f"/admin/articles/article/{story.pk}/history/compare/", {"older": "x"}, follow=True
    )
    assert "Pick two revisions of this story to compare." in text(response)


def test_restoring_a_revision_brings_back_tags_and_image_as_a_new_revision(admin_client, story):
    first_image = Image.objects.get(pk=versions_of(story)[0].field_dict["hero_id"]).file.name
    revision_url = f"/admin/articles/article/{story.pk}/history/{versions_of(story)[0].pk}/"

    page = text(admin_client.get(revision_url))
    assert "Tom Cruise" in page and "Stunts" in page  # the form shows the old tags
    response = admin_client.post(revision_url, form_data(page))

    assert response.status_code == 302
    story.refresh_from_db()
    assert sorted(story.tags.names()) == ["Stunts", "Tom Cruise"]
    assert story.hero.file.name == str(first_image)
    assert story.hero.file.storage.exists(story.hero.file.name)
    assert story.headline == "Tom Cruise leaps from a plane in new Dead Reckoning featurette"
    assert len(versions_of(story)) == 3  # the restore is itself a revision


def test_a_deleted_story_can_be_recovered(admin_client, story, client):
    admin_client.post(f"/admin/articles/article/{story.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists()

    recover_list = text(admin_client.get("/admin/articles/article/recover/"))
    assert "A sharper headline" in recover_list
    version = Version.objects.get_deleted(Article).get()
    recover_url = f"/admin/articles/article/recover/{version.pk}/"
    page = text(admin_client.get(recover_url))
    response = admin_client.post(recover_url, form_data(page))

    assert response.status_code == 302
    recovered = Article.objects.get()
    assert recovered.headline == "A sharper headline"
    assert recovered.tags.names()[0] == "Sequels"
    assert client.get(recovered.get_absolute_url()).status_code == 200


def test_bulk_actions_keep_revisions_too(admin_client, story):
    admin_client.post(
        CHANGELIST_URL, {"action": "return_to_draft", "_selected_action": [story.pk], "index": 0}
    )
    latest = versions_of(story)[-1]
    assert latest.field_dict["status"] == Article.Status.DRAFT
    assert latest.revision.get_comment() == "Returned to draft with the bulk action."


# Revisions respect the roles ------------------------------------------------------------------


def test_a_writer_cannot_republish_by_restoring_an_old_revision(admin_client, story):
    from tests.test_desk import desk_user, signed_in

    # The editor takes the story off the site; a writer now owns the draft.
    admin_client.post(
        CHANGELIST_URL, {"action": "return_to_draft", "_selected_action": [story.pk], "index": 0}
    )
    writer = desk_user("wendy", "Writer")
    Article.objects.filter(pk=story.pk).update(created_by=writer)
    published_revision = versions_of(story)[1]
    assert published_revision.field_dict["status"] == Article.Status.PUBLISHED
    url = f"/admin/articles/article/{story.pk}/history/{published_revision.pk}/"
    client = signed_in(writer)

    response = client.post(url, form_data(text(client.get(url)), status="published"))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW  # restored, but sent for review


def test_a_writer_cannot_restore_over_another_writers_published_story(admin_client, story):
    from tests.test_desk import desk_user, signed_in

    writer = desk_user("wendy", "Writer")
    client = signed_in(writer)
    url = f"/admin/articles/article/{story.pk}/history/{versions_of(story)[0].pk}/"

    assert client.get(url).status_code == 403
    assert client.post(url, {"headline": "Hijacked"}).status_code == 403
    story.refresh_from_db()
    assert story.headline == "A sharper headline"


def test_only_editors_recover_deleted_stories(admin_client, story):
    from tests.test_desk import desk_user, signed_in

    admin_client.post(f"/admin/articles/article/{story.pk}/delete/", {"post": "yes"})
    version = Version.objects.get_deleted(Article).get()
    client = signed_in(desk_user("wendy", "Writer"))

    assert client.get("/admin/articles/article/recover/").status_code == 403
    assert client.post(f"/admin/articles/article/recover/{version.pk}/", {}).status_code == 403
    assert not Article.objects.exists()


def test_restoring_a_revision_keeps_the_pictures_renditions(
    admin_client, post_data, client, django_capture_on_commit_callbacks
):
    """The first revision is kept before the picture's renditions exist; restoring it
    must not send readers back to the full-size original."""
    post_data["hero_image"] = uploaded_image("skydive.jpg", size=(1600, 900))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(ADD_URL, post_data)
    story = Article.objects.get()
    made = Image.objects.get().renditions
    assert made["source"] == story.hero.file.name and made["widths"]
    other = Article.objects.create(
        headline="Another stunt",
        slug="another-stunt",
        standfirst="Same picture.",
        section=story.section,
        hero=story.hero,
        status=Article.Status.PUBLISHED,
    )

    revision_url = f"/admin/articles/article/{story.pk}/history/{versions_of(story)[0].pk}/"
    page = text(admin_client.get(revision_url))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(revision_url, form_data(page, headline="Restored"))
    assert response.status_code == 302

    assert Image.objects.get().renditions == made
    for url in (story.get_absolute_url(), other.get_absolute_url()):
        page = text(client.get(url))
        assert "/renditions/" in page
        assert f'content="http://testserver{story.hero.file.url}"' not in page  # share tags


def test_restoring_an_older_file_of_a_picture_makes_its_renditions_again(
    admin_client, story, django_capture_on_commit_callbacks
):
    image = story.hero
    first_file = image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        image.file = uploaded_image("replaced.jpg", size=(1600, 900))
        image.save()
    assert Image.objects.get(pk=image.pk).renditions["source"] != first_file

    version = Version.objects.get_for_object(image).order_by("pk").last()
    with django_capture_on_commit_callbacks(execute=True):
        version.revision.revert()
    image.refresh_from_db()
    assert image.file.name == first_file
    assert image.renditions["source"] == first_file


def test_the_comparison_keeps_the_bodys_paragraphs_apart(admin_client, story):
    page = text(admin_client.get(change_url(story)))
    admin_client.post(
        change_url(story),
        form_data(
            page,
            body="<p>He trained for months.</p><h2>The jump</h2><p>Falling at 200 km/h.</p>",
        ),
    )
    older, newer = versions_of(story)[-2:]
    page = text(
        admin_client.get(
            f"/admin/articles/article/{story.pk}/history/compare/",
            {"older": older.pk, "newer": newer.pk},
        )
    )
    body = re.search(r'<th scope="row">Body</th><td>(.*?)</td>', page, re.DOTALL).group(1)
    newer_text = re.sub(r"</?(?:ins|span)>", "", re.sub(r"<del>.*?</del>", "", body, flags=re.S))
    assert newer_text == "He trained for months.\n\nThe jump\n\nFalling at 200 km/h."


def test_the_history_gives_each_revision_to_the_second_and_who_saved_it(admin_client, story):
    admin_user = versions_of(story)[0].revision.user
    admin_user.first_name, admin_user.last_name = "Ada", "Editor"
    admin_user.save()
    page = text(admin_client.get(f"/admin/articles/article/{story.pk}/history/"))
    for version in versions_of(story):
        stamp = timezone.localtime(version.revision.date_created).strftime("%H:%M:%S")
        assert stamp in page
    assert "Ada Editor" in page


def test_restoring_brings_back_the_pictures_description_and_says_who_else_shows_it(
    admin_client, post_data
):
    admin_client.post(ADD_URL, post_data)
    story = Article.objects.get()
    Article.objects.create(
        headline="Another stunt",
        slug="another-stunt",
        standfirst="Same picture.",
        section=story.section,
        hero=story.hero,
    )
    page = text(admin_client.get(change_url(story)))
    admin_client.post(
        change_url(story), form_data(page, hero_caption="A wrong caption", hero_credit="Nobody")
    )
    revision_url = f"/admin/articles/article/{story.pk}/history/{versions_of(story)[0].pk}/"

    page = text(admin_client.get(revision_url))
    assert (
        "Restoring this revision also puts back the picture&#x27;s caption and credit as they "
        "were then, in the library. The picture is shared: 1 other story will show it so too."
    ) in page
    assert admin_client.post(revision_url, form_data(page)).status_code == 302

    story.hero.refresh_from_db()
    assert story.hero.caption == "The stunt was filmed for real, in the air."
    assert story.hero.credit == "Paramount"
    first, *_, restored = versions_of(story)
    compared = text(
        admin_client.get(
            f"/admin/articles/article/{story.pk}/history/compare/",
            {"older": first.pk, "newer": restored.pk},
        )
    )
    assert "Caption</th>" not in compared and "Credit</th>" not in compared


def test_a_revision_that_leaves_the_picture_alone_says_nothing_of_it(admin_client, story):
    page = text(admin_client.get(change_url(story)))
    admin_client.post(change_url(story), form_data(page, standfirst="A new standfirst."))
    older = versions_of(story)[-2]
    page = text(admin_client.get(f"/admin/articles/article/{story.pk}/history/{older.pk}/"))
    assert "puts back the picture" not in page


def test_historys_notes_use_the_forms_labels(admin_client, story):
    page = text(admin_client.get(change_url(story)))
    admin_client.post(
        change_url(story),
        form_data(page, standfirst="A new standfirst.", hero_caption="A new caption"),
    )
    history = text(admin_client.get(f"/admin/articles/article/{story.pk}/history/"))
    assert "Changed Standfirst and Caption." in history
    for internal in ("loaded_values", "loaded_version", "clashing", "kept_upload", "hero_"):
        assert internal not in history
