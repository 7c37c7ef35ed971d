"""Renditions: made once after a save, never upscaled, metadata-free, and cleaned up."""

import io

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import ProtectedError
from PIL import Image

from articles.models import Article
from library import renditions as images
from library.models import Image as LibraryImage
from library.tasks import build_renditions
from tests.factories import ArticleFactory, ImageFactory
from tests.helpers import NO_NOTES
from tests.test_admin import ADD_URL, form_errors
from tests.test_images import phone_photo

pytestmark = pytest.mark.django_db


def picture_file(size, name="wide.jpg", colors=None):
    """A JPEG upload; ``colors`` (left, right) splits it down the middle."""
    image = Image.new("RGB", size, (30, 90, 160))
    if colors:
        left, right = colors
        image.paste(left, (0, 0, size[0] // 2, size[1]))
        image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    def make(size=(2000, 1125), focal=(None, None), **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            hero = ImageFactory(
                file=picture_file(size), alt="A picture.", focal_x=focal[0], focal_y=focal[1]
            )
            article = ArticleFactory(published=True, hero=hero, **kwargs)
        article.refresh_from_db()
        return article

    return make


def read(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        image.load()
        return image


def test_a_saved_picture_gets_webp_and_jpeg_widths_and_a_social_crop(story):
    article = story(size=(2000, 1125))
    source = article.hero.file.name

    assert article.hero.renditions["source"] == source
    assert article.hero.renditions["widths"] == [480, 800, 1200, 1600]
    for width in (480, 800, 1200, 1600):
        for ext, kind in (("webp", "WEBP"), ("jpg", "JPEG")):
            image = read(images.rendition_name(source, width, ext))
            assert image.format == kind
            assert image.size == (width, round(1125 * width / 2000))
    social = read(article.hero.renditions["social"])
    assert social.size == (1200, 630)
    assert article.hero.renditions["social_size"] == [1200, 630]


def test_renditions_are_never_upscaled(story):
    article = story(size=(1000, 600))
    assert article.hero.renditions["widths"] == [480, 800]
    assert not default_storage.exists(images.rendition_name(article.hero.file.name, 1200, "jpg"))


def test_a_picture_narrower_than_the_smallest_width_gets_one_at_its_own_width(story):
    article = story(size=(300, 200))
    assert article.hero.renditions["widths"] == [300]
    assert read(images.rendition_name(article.hero.file.name, 300, "webp")).size == (300, 200)


def test_renditions_of_a_phone_photo_carry_no_metadata_and_stand_upright(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(
            hero=ImageFactory(
                file=SimpleUploadedFile("IMG_0001.jpg", phone_photo(), "image/jpeg"),
                alt="A street.",
            ),
        )
    article.refresh_from_db()
    source = article.hero.file.name
    names = [
        images.rendition_name(source, w, ext)
        for w in article.hero.renditions["widths"]
        for ext in ("webp", "jpg")
    ]
    for name in [*names, article.hero.renditions["social"]]:
        image = read(name)
        assert not image.getexif(), name
        assert "exif" not in image.info and "xmp" not in image.info, name
        # The photo is landscape in the file and portrait once turned (orientation 6).
        if name in names:
            assert image.height > image.width, name


def test_renditions_are_made_once(story, django_capture_on_commit_callbacks, monkeypatch):
    article = story()
    saved = []
    real_save = FileSystemStorage.save

    def counting_save(storage, name, *args, **kwargs):
        saved.append(name)
        return real_save(storage, name, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", counting_save)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.headline = "A new headline"
        article.save()
        article.hero.caption = "A new caption"
        article.hero.save()
        # A second story showing the same picture makes nothing new either.
        ArticleFactory(published=True, hero=article.hero)
    # Nothing to make: no rendition task even enqueued (the saves' other tasks aside).
    enqueued = [getattr(callback, "func", None) for callback in callbacks]
    assert build_renditions.enqueue not in enqueued
    call_command("make_renditions", verbosity=0)

    assert saved == []


def test_replacing_the_picture_removes_the_old_renditions_but_keeps_the_original(
    story, django_capture_on_commit_callbacks
):
    article = story()
    old = article.hero.file.name
    old_renditions = [images.rendition_name(old, 480, "webp"), article.hero.renditions["social"]]

    with django_capture_on_commit_callbacks(execute=True):
        article.hero.file = picture_file((900, 500), name="other.jpg")
        article.hero.save()
    article.refresh_from_db()

    assert article.hero.renditions["source"] == article.hero.file.name != old
    assert default_storage.exists(old)  # revisions of the story may still show it
    assert not any(default_storage.exists(name) for name in old_renditions)
    assert default_storage.exists(images.rendition_name(article.hero.file.name, 800, "jpg"))


def test_deleting_an_unused_image_removes_its_renditions_but_keeps_the_original(
    story, django_capture_on_commit_callbacks
):
    article = story()
    image = article.hero
    name = images.rendition_name(image.file.name, 480, "jpg")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert default_storage.exists(name)  # the story went; the library keeps the picture
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not default_storage.exists(name)
    assert default_storage.exists(image.file.name)  # revisions may still show it


def test_an_image_in_use_cannot_be_deleted(story):
    article = story()
    with pytest.raises(ProtectedError):
        article.hero.delete()
    assert default_storage.exists(images.rendition_name(article.hero.file.name, 480, "jpg"))


def test_the_focal_point_moves_the_social_crop(story, django_capture_on_commit_callbacks):
    red, blue = (220, 20, 20), (20, 20, 220)
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(
            hero=ImageFactory(file=picture_file((3000, 630), colors=(red, blue)), alt="Two halves.")
        )
    article.refresh_from_db()
    centred = read(article.hero.renditions["social"]).convert("RGB")
    assert centred.getpixel((10, 300))[0] > 150 and centred.getpixel((1190, 300))[2] > 150

    with django_capture_on_commit_callbacks(execute=True):
        article.hero.focal_x = 0
        article.hero.save()
    article.refresh_from_db()
    left = read(article.hero.renditions["social"]).convert("RGB")
    assert left.size == (1200, 630)
    assert all(left.getpixel((x, 300))[0] > 150 for x in (10, 600, 1190))

    with django_capture_on_commit_callbacks(execute=True):
        article.hero.focal_x = 100
        article.hero.save()
    article.refresh_from_db()
    right = read(article.hero.renditions["social"]).convert("RGB")
    assert all(right.getpixel((x, 300))[2] > 150 for x in (10, 600, 1190))


def test_make_renditions_builds_what_is_missing_for_every_image(settings):
    # Saved with the task's backend doing nothing: images without renditions.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    article = ArticleFactory(hero=ImageFactory(file=picture_file((900, 500)), alt="A picture."))
    ImageFactory(file=picture_file((300, 200), name="small.jpg"), alt="Another picture.")
    assert not default_storage.exists(images.rendition_name(article.hero.file.name, 800, "jpg"))

    call_command("make_renditions", verbosity=0)

    records = dict(LibraryImage.objects.values_list("alt", "renditions"))
    assert records["A picture."]["widths"] == [480, 800]
    assert records["Another picture."]["widths"] == [300]
    assert default_storage.exists(images.rendition_name(article.hero.file.name, 800, "webp"))


def test_the_article_page_offers_webp_and_jpeg_widths_with_sizes(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        still = ImageFactory(file=picture_file((1280, 720)), alt="A still.")
    article = story(size=(2000, 1125), with_trailer=True, trailer_still=still)
    page = client.get(article.get_absolute_url()).content.decode()
    source = article.hero.file.name.rsplit(".", 1)[0]

    hero = page[page.index('class="story__hero"') : page.index("</figure>")]
    assert '<source type="image/webp"' in hero
    for width in (480, 800, 1200, 1600):
        assert f"/media/renditions/{source}/{width}.webp {width}w" in hero
        assert f"/media/renditions/{source}/{width}.jpg {width}w" in hero
    assert hero.count('sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)"') == 2
    assert 'width="2000" height="1125"' in hero
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
    # The trailer's still is a rendition too, and waits until it is scrolled to.
    still_source = still.file.name.rsplit(".", 1)[0]
    poster = page[page.index('class="trailer__frame"') :]
    assert f"/media/renditions/{still_source}/800.webp 800w" in poster
    assert 'alt=""' in poster and 'loading="lazy"' in poster


def test_only_the_lead_loads_eagerly_and_cards_size_to_the_grid(client, story):
    story(), story()
    page = client.get("/").content.decode()
    assert page.count('fetchpriority="high"') == 1
    assert page.count('loading="lazy"') == 1
    # The newest leads the page, beside its text; the other sits in the row of four
    # (a thumbnail on a phone).
    assert page.count('sizes="(min-width: 72rem) 40.8rem,') == 2  # WebP and JPEG
    assert page.count('sizes="(min-width: 72rem) 16.4rem,') == 2
    assert page.count(', 7.5rem"') == 2


def test_without_any_rendition_the_page_shows_the_original(client, settings):
    """A picture stored before saves made an interim rendition (tests/test_renditions_interim.py
    has the reader's view of a new upload), its task not run yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    hero = ImageFactory(file=picture_file((900, 500)), alt="Not yet made.")
    LibraryImage.objects.filter(pk=hero.pk).update(renditions={})
    article = ArticleFactory(published=True, hero=hero)
    page = client.get(article.get_absolute_url()).content.decode()
    hero = page[page.index('class="story__hero"') : page.index("</figure>")]
    assert f'src="{article.hero.file.url}"' in hero
    assert "<source" not in hero and "srcset" not in hero
    assert 'width="900" height="500"' in hero


def test_renditions_of_a_replaced_picture_are_not_offered(story):
    article = story()
    # As when a new picture is saved and its task has not run yet.
    article.hero.renditions = {**article.hero.renditions, "source": "articles/another.jpg"}
    assert article.hero.picture["src"] == article.hero.file.url
    assert not article.hero.picture["webp"]
    assert article.hero.social_image is None


def test_sharing_tags_point_to_the_social_crop(client, story):
    article = story(size=(2000, 1125))
    page = client.get(article.get_absolute_url()).content.decode()
    social = f"http://testserver/media/{article.hero.renditions['social']}"
    assert f'<meta property="og:image" content="{social}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert f'<meta name="twitter:image" content="{social}">' in page
    assert f'"image": ["{social}", "http://testserver{article.hero.file.url}"]' in page


def test_cards_keep_the_focal_point_in_view(client, story):
    story(focal=(20, 30))
    assert 'style="object-position: 20% 30%"' in client.get("/").content.decode()


def test_the_editor_sets_the_focal_point_and_only_the_crops_are_made_again(
    admin_client, post_data, django_capture_on_commit_callbacks, monkeypatch
):
    post_data["hero_image"] = picture_file((1600, 900))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.hero.renditions["social"].endswith("/social-50-50.jpg")

    change_url = f"/admin/articles/article/{article.pk}/change/"
    form = admin_client.get(change_url).content.decode()
    assert "data-focal-preview" in form and "desk/focal_point.js" in form
    saved = []
    real_save = FileSystemStorage.save
    monkeypatch.setattr(
        FileSystemStorage,
        "save",
        lambda storage, name, *a, **kw: saved.append(name) or real_save(storage, name, *a, **kw),
    )
    data = {**post_data, "hero": article.hero_id, "hero_focal_x": "20", "hero_focal_y": "30"}
    del data["hero_image"]
    data["loaded_version"] = article.updated_at.isoformat()
    data.update(NO_NOTES)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url, data)
    assert response.status_code == 302

    article.refresh_from_db()
    assert (article.hero.focal_x, article.hero.focal_y) == (20, 30)
    assert article.hero.renditions["social"].endswith("/social-20-30.jpg")
    assert article.hero.renditions["thumb"].endswith("/thumb-20-30.webp")
    assert sorted(saved) == sorted(
        [article.hero.renditions["social"], article.hero.renditions["thumb"]]
    )


def test_a_focal_point_beyond_the_picture_is_refused(admin_client, post_data):
    post_data["hero_focal_x"] = "140"
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 200
    assert "hero_focal_x" in form_errors(response)
