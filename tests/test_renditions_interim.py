"""The interim rendition: what readers are sent between an upload's save and the worker.

Tasks wait in a queue here (Django's dummy backend), as they do in production until
the worker takes them; ``queue.run()`` is the worker.
"""

import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import task_backends
from PIL import Image

from articles.models import Article
from library.models import Image as LibraryImage
from library.renditions import INTERIM_WIDTH, interim_name, rendition_name
from tests.factories import ArticleFactory, ImageFactory
from tests.helpers import card_for
from tests.test_admin import ADD_URL, form_errors
from tests.test_images import phone_photo
from tests.test_page_cache import served_from_cache, warm
from tests.test_renditions import picture_file

pytestmark = pytest.mark.django_db

LOADED = re.compile(r"<(?:img|source)\b[^>]*>")
ATTRIBUTE = re.compile(r'\b(src|srcset)="([^"]*)"')


class Queue:
    """The tasks enqueued so far, and a worker to run them."""

    def __init__(self):
        self.backend = task_backends["default"]

    def waiting(self, name):
        return [tuple(r.args) for r in self.backend.results if r.task.name == name]

    def run(self):
        results = list(self.backend.results)
        self.backend.clear()
        for result in results:
            result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return Queue()


@pytest.fixture
def uploaded(admin_client, post_data, queue, django_capture_on_commit_callbacks):
    """A story published from the desk with a new 3000x2000 picture, the worker not yet run."""
    post_data["hero_image"] = picture_file((3000, 2000), name="premiere.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert queue.waiting("build_renditions") == [(article.hero_id,)]
    return article


def loaded(html):
    """Every picture URL ``html`` asks a browser to load (``src``, ``srcset``), in order."""
    urls = []
    for tag in LOADED.findall(html):
        for name, value in ATTRIBUTE.findall(tag):
            value = unescape(value)
            if name == "src":
                urls.append(value)
            else:
                urls += [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]
    return urls


def stored(url):
    return url.removeprefix(settings.MEDIA_URL)


def width_of(url):
    with default_storage.open(stored(url)) as file, Image.open(file) as picture:
        return picture.width


def interim_of(image):
    """The interim rendition ``image``'s record names, as stored."""
    with default_storage.open(image.renditions["interim"]["name"]) as file:
        picture = Image.open(file)
        picture.load()
        return picture


def hero_of(page):
    return page[page.index('class="story__hero"') : page.index("</figure>")]


def test_right_after_an_upload_readers_get_the_interim_never_the_original(client, uploaded):
    hero = uploaded.hero
    original = hero.file.url
    interim = default_storage.url(interim_name(hero.file.name))
    story = client.get(uploaded.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()

    for page, picture in [
        (story, hero_of(story)),
        (home, card_for(home, uploaded.get_absolute_url())),
    ]:
        assert loaded(picture) == [interim, interim]  # its src and its one-candidate srcset
        assert f'srcset="{interim} {INTERIM_WIDTH}w"' in picture
        assert "<source" not in picture  # no WebP until the worker has made them
        assert 'width="3000" height="2000"' in picture  # the layout keeps the picture's shape
        media = [url for url in loaded(page) if url.startswith(settings.MEDIA_URL)]
        assert original not in media
        assert all(width_of(url) <= INTERIM_WIDTH for url in media)
        # Only the share tags in the head name the original, for the networks' crawlers
        # (they keep a copy of their own): nothing a reader's browser loads.
        assert original not in page[page.index("</head>") :]
    assert width_of(interim) == INTERIM_WIDTH == 480
    assert default_storage.size(stored(interim)) < hero.file.size / 10


def test_the_desk_and_the_api_show_the_interim_too(admin_client, client, uploaded):
    hero = uploaded.hero
    interim = default_storage.url(interim_name(hero.file.name))
    assert hero.thumbnail_url == interim
    assert hero.desk_preview == {"src": interim, "srcset": f"{interim} 480w"}
    assert hero.social_image is None  # no crop yet: the share tags keep the original
    form = admin_client.get(f"/admin/articles/article/{uploaded.pk}/change/").content.decode()
    assert f'src="{interim}"' in form and hero.file.url not in form

    picture = client.get(f"/api/v1/stories/{uploaded.pk}/").json()["hero"]
    assert picture["src"] == f"http://testserver{interim}"
    assert picture["srcset_jpeg"] == f"http://testserver{interim} 480w"
    assert picture["renditions"] == [] and picture["social"] is None
    assert picture["url"] == f"http://testserver{hero.file.url}"  # named as the original


def test_once_the_worker_has_made_the_renditions_the_kept_pages_are_purged(client, uploaded, queue):
    url = uploaded.get_absolute_url()
    warm(client, url, "/")

    queue.run()  # the worker

    hero = LibraryImage.objects.get()
    assert hero.renditions["widths"] == [480, 800, 1200, 1600]
    source = hero.file.name
    for page_url in (url, "/"):
        assert not served_from_cache(client, page_url), page_url  # purged, made again
    page = client.get(url).content.decode()
    picture = hero_of(page)
    for width in (480, 800, 1200, 1600):
        for ext in ("webp", "jpg"):
            name = rendition_name(source, width, ext)
            assert f"{default_storage.url(name)} {width}w" in picture
    assert default_storage.url(interim_name(source)) not in page
    assert hero.file.url not in loaded(page)


def test_the_interim_is_never_taken_for_the_finished_renditions(
    uploaded, queue, django_capture_on_commit_callbacks
):
    hero = uploaded.hero
    interim = hero.renditions
    # A correction saved before the worker has run asks for the renditions again.
    hero.alt = "A red carpet, from the back of the crowd."
    with django_capture_on_commit_callbacks(execute=True):
        hero.save()
    assert queue.waiting("build_renditions") == [(hero.pk,), (hero.pk,)]
    # So does the same row loaded back (a backup restored, a revision reverted: a raw
    # save), and the interim record stays, describing the file it names.
    data = serializers.serialize("json", [LibraryImage.objects.get()])
    with django_capture_on_commit_callbacks(execute=True):
        for row in serializers.deserialize("json", data):
            row.save()
    assert queue.waiting("build_renditions") == [(hero.pk,)] * 3
    assert LibraryImage.objects.get().renditions == interim

    queue.run()
    assert LibraryImage.objects.get().renditions["thumb"]


def test_replacing_the_picture_replaces_its_interim(
    client, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=picture_file((1600, 900), name="first.jpg"), alt="First.")
        article = ArticleFactory(published=True, hero=image)
    first = image.renditions["interim"]["name"]
    assert default_storage.exists(first)

    image.file = picture_file((900, 1600), name="second.jpg", colors=((200, 0, 0), (0, 0, 200)))
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    image.refresh_from_db()
    second = image.renditions["interim"]["name"]
    assert second == interim_name(image.file.name) != first
    assert width_of(default_storage.url(second)) == INTERIM_WIDTH
    hero = hero_of(client.get(article.get_absolute_url()).content.decode())
    assert loaded(hero) == [default_storage.url(second)] * 2
    assert 'width="900" height="1600"' in hero

    queue.run()  # the old file's renditions go, the new one's are made
    assert not default_storage.exists(first)
    assert default_storage.exists(second)


def test_deleting_the_picture_removes_its_interim(queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=picture_file((1600, 900)), alt="Gone soon.")
    interim = image.renditions["interim"]["name"]
    assert default_storage.exists(interim)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    queue.run()  # the renditions it was waiting for are not made; the interim goes
    assert not default_storage.exists(interim)
    assert not default_storage.exists(rendition_name(image.file.name, 480, "jpg"))
    assert default_storage.exists(image.file.name)  # the original stays for revisions


@pytest.mark.parametrize(
    ("size", "expected"),
    [((2000, 1125), (480, 270)), ((300, 200), (300, 200)), ((481, 300), (480, 299))],
)
def test_the_interim_is_480_wide_or_the_pictures_own_width(queue, size, expected):
    image = ImageFactory(file=picture_file(size), alt="A picture.")
    interim = interim_of(image)
    assert interim.size == expected
    assert interim.format == "JPEG" and not interim.getexif()


def test_a_phone_photo_gets_an_upright_interim(queue):
    image = LibraryImage(file=SimpleUploadedFile("IMG_0001.jpg", phone_photo()), alt="Upright.")
    image.full_clean()
    image.save()
    assert interim_of(image).size == (40, 60)


def test_a_large_phone_photo_is_decoded_wide_enough_for_its_interim(queue):
    """Stored sideways (2400x1600, to be turned a quarter): upright it is 1600 wide, and
    its draft is decoded at a half, not an eighth (200 wide upright)."""
    picture = Image.new("RGB", (2400, 1600), (30, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    image = ImageFactory(file=ContentFile(buffer.getvalue(), name="side.jpg"), alt="Sideways.")
    assert (image.width, image.height) == (1600, 2400)
    assert interim_of(image).size == (480, 720)


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_transparent_png_gets_its_interim_on_white(queue, mode):
    picture = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    picture.paste((200, 0, 0, 255), (0, 0, 400, 600))
    if mode == "P":
        picture = picture.convert("P", palette=Image.Palette.ADAPTIVE)
        picture.info["transparency"] = picture.getpixel((799, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = ImageFactory(file=ContentFile(buffer.getvalue(), name="logo.png"), alt="A logo.")
    interim = interim_of(image)
    assert interim.size == (480, 360)
    assert interim.getpixel((470, 10)) == (255, 255, 255)  # the transparent half
    assert interim.getpixel((10, 10))[0] > 150  # the red half


def test_an_animated_gif_has_no_interim_and_keeps_moving(queue):
    frames = [Image.new("RGB", (600, 400), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    image = ImageFactory(file=ContentFile(buffer.getvalue(), name="loop.gif"), alt="Moving.")
    assert "interim" not in image.renditions
    assert image.picture == {"webp": "", "jpeg": "", "src": image.file.url}
