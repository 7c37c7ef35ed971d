"""The image library: one uploaded picture, described once, used by many stories."""

import html
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Revision, Version

from articles.models import Article
from caching.site import site_settings
from library import renditions as images
from library.models import Image as LibraryImage
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, uploaded_image
from tests.helpers import NO_NOTES, changes_applied, text
from tests.test_admin import ADD_URL, change_url, form_errors
from tests.test_desk import desk_user, signed_in

pytestmark = pytest.mark.django_db

IMAGES_URL = "/admin/library/image/"


def image_url(image, view="change"):
    return f"{IMAGES_URL}{image.pk}/{view}/"


@pytest.fixture
def poster():
    return ImageFactory(
        alt="A stuntman clinging to the side of a speeding train.",
        caption="The train sequence took six weeks to film.",
        credit="Paramount Pictures",
    )


@pytest.fixture
def two_stories(poster):
    first = ArticleFactory(published=True, hero=poster, headline="The train stunt, explained")
    second = ArticleFactory(published=True, hero=poster, headline="Ten years of train stunts")
    return first, second


# Readers --------------------------------------------------------------------------------


def test_one_picture_shows_its_alt_caption_and_credit_on_every_story_using_it(
    client, two_stories, poster
):
    for story in two_stories:
        page = html.unescape(text(client.get(story.get_absolute_url())))
        assert f'alt="{poster.alt}"' in page
        assert "The train sequence took six weeks to film." in page
        assert "Photo: Paramount Pictures" in page


def test_correcting_the_credit_in_the_library_reaches_every_cached_page(
    client, two_stories, poster
):
    for story in two_stories:
        assert "Photo: Paramount Pictures" in text(client.get(story.get_absolute_url()))

    poster.credit = "Skydance"
    poster.save()

    for story in two_stories:
        page = text(client.get(story.get_absolute_url()))
        assert "Photo: Skydance" in page and "Paramount Pictures" not in page


@pytest.mark.usefixtures("page_cache_off")
def test_home_page_queries_do_not_grow_with_pictures(client, poster):
    ArticleFactory(published=True, hero=poster)
    ArticleFactory(published=True, hero=poster)
    # Each page built with nothing cached but the site settings (a first visit).
    changes_applied()
    cache.clear()
    site_settings()
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(3):
        ArticleFactory(published=True, hero=ImageFactory())
    changes_applied()
    cache.clear()
    site_settings()
    with CaptureQueriesContext(connection) as many:
        page = text(client.get("/"))
    assert len(many) == len(few)
    assert page.count('class="card__image"') == 5


# The library on the desk ---------------------------------------------------------------


@pytest.mark.parametrize("term", ["Paramount", "stuntman clinging", "hero"])
def test_the_library_finds_a_picture_by_credit_alt_text_or_file_name(admin_client, poster, term):
    ImageFactory(alt="A red carpet at night.", credit="Getty", file__filename="carpet.jpg")
    page = text(admin_client.get(IMAGES_URL, {"q": term}))
    assert "stuntman clinging" in page
    assert "red carpet" not in page


def test_the_library_list_shows_size_and_how_often_each_picture_is_used(
    admin_client, two_stories, poster
):
    ImageFactory(alt="An unused picture of a red carpet.")
    admin_client.get(IMAGES_URL)  # the site settings are cached from the first page on
    changes_applied()
    with CaptureQueriesContext(connection) as few:
        page = text(admin_client.get(IMAGES_URL))
    assert "64 × 36" in page
    assert "2 stories" in page and "unused" in page
    for _ in range(3):
        ArticleFactory(hero=ImageFactory())
    changes_applied()
    with CaptureQueriesContext(connection) as many:
        page = text(admin_client.get(IMAGES_URL))
    assert page.count("1 story") == 3
    assert len(many) == len(few)  # the counts come with the page of images


def test_the_change_page_lists_where_the_picture_is_used(admin_client, two_stories, poster):
    page = text(admin_client.get(image_url(poster)))
    for story in two_stories:
        assert f'<a href="{change_url(story)}">{story.headline}</a>' in page
    assert "data-focal-preview" in page and "desk/focal_point.js" in page


def test_the_focal_point_is_set_on_the_image_page(
    admin_client, poster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            image_url(poster),
            {"alt": poster.alt, "caption": "", "credit": "", "focal_x": "25", "focal_y": "75"},
        )
    assert response.status_code == 302, form_errors(response)
    poster.refresh_from_db()
    assert (poster.focal_x, poster.focal_y) == (25, 75)
    assert poster.renditions["social"].endswith("/social-25-75.jpg")


def test_a_picture_in_use_cannot_be_deleted_and_the_desk_names_the_stories(
    admin_client, two_stories, poster
):
    page = text(admin_client.get(image_url(poster, "delete")))
    assert "would require deleting the following protected related objects" in page
    for story in two_stories:
        assert story.headline in page

    admin_client.post(image_url(poster, "delete"), {"post": "yes"})
    assert LibraryImage.objects.filter(pk=poster.pk).exists()

    response = admin_client.post(
        IMAGES_URL, {"action": "delete_selected", "_selected_action": [poster.pk], "post": "yes"}
    )
    assert two_stories[0].headline in text(response)
    assert LibraryImage.objects.filter(pk=poster.pk).exists()


def test_deleting_an_unused_picture_removes_its_renditions(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file__width=900, file__height=500)
    rendition = images.rendition_name(image.file.name, 480, "webp")
    assert default_storage.exists(rendition)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(image_url(image, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not LibraryImage.objects.exists()
    assert not default_storage.exists(rendition)


def test_a_picture_can_be_added_to_the_library_on_its_own(admin_client, admin_user):
    response = admin_client.post(
        f"{IMAGES_URL}add/",
        {"file": uploaded_image("premiere.jpg"), "alt": "The cast on the red carpet."},
    )
    assert response.status_code == 302, form_errors(response)
    image = LibraryImage.objects.get()
    assert image.uploaded_by == admin_user
    assert (image.width, image.height) == (64, 36)


# The story form -------------------------------------------------------------------------


def test_uploading_on_the_story_form_adds_the_picture_to_the_library(
    admin_client, admin_user, post_data
):
    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 302, form_errors(response)
    image = LibraryImage.objects.get()
    assert Article.objects.get().hero == image
    assert image.alt == "A lone skydiver in free fall against a wide evening sky."
    assert (image.caption, image.credit) == (
        "The stunt was filmed for real, in the air.",
        "Paramount",
    )
    assert image.uploaded_by == admin_user
    assert "1 story" in text(admin_client.get(IMAGES_URL))


def test_a_picture_from_the_library_is_picked_with_its_description(admin_client, post_data, poster):
    del post_data["hero_image"]
    post_data.update(hero=poster.pk, hero_alt="", hero_caption="", hero_credit="")

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get().hero == poster
    poster.refresh_from_db()
    assert poster.alt == "A stuntman clinging to the side of a speeding train."  # untouched
    assert LibraryImage.objects.count() == 1


def test_the_library_picker_searches_by_alt_text(admin_client, poster):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "speeding train", "app_label": "articles", "model_name": "article"}
        | {"field_name": "hero"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(poster.pk)]
    assert "stuntman clinging" in response.json()["results"][0]["text"]


def test_the_story_form_previews_the_picked_picture(admin_client, two_stories, poster):
    page = text(admin_client.get(change_url(two_stories[0])))
    interim = default_storage.url(images.interim_name(poster.file.name))
    assert f'src="{interim}"' in page and poster.file.url not in page
    assert "also used in 1 other story" in page
    picked = admin_client.get(image_url(poster, "picture")).json()
    # What the form fills in at once when an editor picks it (focal_point.js).
    assert picked["alt"] == poster.alt and picked["credit"] == poster.credit
    assert picked["stories"] == 2
    # No renditions yet: the interim one its save made, never broken, never megabytes.
    assert picked["src"] == interim


def test_a_new_alt_text_on_the_story_form_corrects_the_library_picture(
    admin_client, two_stories, poster
):
    story = two_stories[0]
    page = text(admin_client.get(change_url(story)))
    assert f'value="{poster.alt}"' in html.unescape(page)
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "body": story.body,
        "hero": poster.pk,
        "hero_alt": "A stuntman on the roof of a speeding train.",
        "hero_caption": poster.caption,
        "hero_credit": poster.credit,
        "section": story.section_id,
        "authors": [a.pk for a in story.authors.all()],
        "status": story.status,
        "publish_at_0": story.publish_at.strftime("%d/%m/%Y"),
        "publish_at_1": story.publish_at.strftime("%H:%M:%S"),
        "loaded_version": story.updated_at.isoformat(),
        **NO_NOTES,
    }
    response = admin_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)
    poster.refresh_from_db()
    assert poster.alt == "A stuntman on the roof of a speeding train."


def test_an_upload_without_alt_text_saves_nothing_and_keeps_what_was_typed(
    admin_client, post_data, settings
):
    post_data["hero_alt"] = ""

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 200
    assert form_errors(response)["hero_alt"] == [
        "Describe the image for readers who cannot see it."
    ]
    assert post_data["headline"] in text(response)
    assert not Article.objects.exists() and not LibraryImage.objects.exists()
    # Only the editor's own copy, kept for the next try (desk/kept_uploads.py).
    media = settings.MEDIA_ROOT
    stored = [p.relative_to(media).parts[0] for p in media.rglob("*") if p.is_file()]
    assert stored == ["kept"]


def test_a_refused_upload_leaves_no_library_row_and_no_file(admin_client, post_data, settings):
    post_data["hero_image"] = SimpleUploadedFile("poster.jpg", b"GIF89a not really", "image/jpeg")

    response = admin_client.post(ADD_URL, post_data)

    assert "Upload a valid image" in " ".join(form_errors(response)["hero_image"])
    assert post_data["standfirst"] in text(response)
    assert not LibraryImage.objects.exists() and not Article.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# Roles ----------------------------------------------------------------------------------


def test_a_writer_adds_and_picks_pictures_but_cannot_delete_them(post_data, poster):
    writer = signed_in(desk_user("wanda", "Writer"))
    AuthorFactory()

    assert writer.get(IMAGES_URL).status_code == 200
    response = writer.post(
        f"{IMAGES_URL}add/", {"file": uploaded_image("set.jpg"), "alt": "A film set at dawn."}
    )
    assert response.status_code == 302
    assert writer.post(ADD_URL, {**post_data, "status": "draft"}).status_code == 302
    assert writer.get(image_url(poster, "delete")).status_code == 403
    assert writer.post(image_url(poster, "delete"), {"post": "yes"}).status_code == 403
    assert LibraryImage.objects.count() == 3  # the poster, the film set, the skydive


def test_an_editor_may_delete_an_unused_picture(poster):
    editor = signed_in(desk_user("eddie", "Editor"))
    assert editor.post(image_url(poster, "delete"), {"post": "yes"}).status_code == 302
    assert not LibraryImage.objects.exists()


def test_the_library_is_closed_to_visitors(poster):
    assert Client().get(IMAGES_URL).status_code == 302


# The data migration ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_storys_picture_into_one_shared_library_image():
    executor = MigrationExecutor(connection)
    before = [("articles", "0011_image_library")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Section = apps.get_model("articles", "Section")
    Article_ = apps.get_model("articles", "Article")
    section = Section.objects.get_or_create(slug="movies", defaults={"name": "Movies"})[0]

    def story(slug, **hero):
        return Article_.objects.create(
            headline=slug, slug=slug, standfirst="-", section=section, status="published", **hero
        )

    shared = {"hero_image": "articles/2026/11/train.jpg", "hero_width": 800, "hero_height": 450}
    story("first", hero_alt="Old alt", hero_credit="Paramount", **shared)
    story("second", hero_alt="A train.", hero_focal_x=30, **shared)
    story(
        "own",
        hero_image="articles/2026/11/car.jpg",
        hero_width=640,
        hero_height=480,
        hero_alt="A car.",
        hero_caption="Fast.",
    )
    story("none")
    # A revision of "first" from before it got the train picture.
    article_type = ContentType.objects.get_or_create(app_label="articles", model="article")[0]
    revision = Revision.objects.create(date_created=timezone.now())
    old_fields = {"headline": "first", "hero_image": "articles/2026/10/old.jpg"}
    old_fields |= {"hero_alt": "An old poster.", "hero_width": 300, "hero_height": 200}
    Version.objects.create(
        revision=revision,
        object_id=str(Article_.objects.get(slug="first").pk),
        content_type=article_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "articles.article", "pk": 1, "fields": old_fields}]),
        object_repr="first",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("articles", "0012_stories_pictures_into_the_library")])
    apps = executor.loader.project_state(
        [("articles", "0012_stories_pictures_into_the_library")]
    ).apps
    Article_ = apps.get_model("articles", "Article")
    Image_ = apps.get_model("articles", "Image")

    assert Image_.objects.filter(stories__isnull=False).distinct().count() == 2
    first, second, own, none = (
        Article_.objects.get(slug=s) for s in ("first", "second", "own", "none")
    )
    assert first.hero_id == second.hero_id and own.hero_id != first.hero_id
    assert none.hero_id is None
    train = Image_.objects.get(pk=first.hero_id)
    assert train.file.name == "articles/2026/11/train.jpg"
    assert (train.width, train.height) == (800, 450)
    # The description comes from the story changed last.
    assert (train.alt, train.focal_x) == ("A train.", 30)
    assert Image_.objects.get(pk=own.hero_id).caption == "Fast."
    # The old revision now names a library image: restoring it brings the old picture back.
    fields = json.loads(Version.objects.get().serialized_data)[0]["fields"]
    assert "hero_image" not in fields and "hero_alt" not in fields
    old = Image_.objects.get(pk=fields["hero"])
    assert (old.file.name, old.alt, old.width) == (
        "articles/2026/10/old.jpg",
        "An old poster.",
        300,
    )
    assert not old.stories.exists()

    # And back: the stories get their own columns again.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    restored = apps.get_model("articles", "Article").objects.get(slug="own")
    assert (restored.hero_image, restored.hero_alt) == ("articles/2026/11/car.jpg", "A car.")
    fields = json.loads(Version.objects.get().serialized_data)
    assert fields[0]["fields"]["hero_image"] == "articles/2026/10/old.jpg"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
