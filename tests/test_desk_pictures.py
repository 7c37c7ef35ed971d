"""Pictures on the desk are small: list thumbnails and previews come from renditions,
never the megabytes of the original an editor uploaded."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as Pillow

from library.models import Image
from library.renditions import make_renditions
from tests.factories import ArticleFactory
from tests.helpers import text
from tests.test_admin import CHANGELIST_URL, change_url

pytestmark = pytest.mark.django_db


def camera_picture(n):
    """A 3000x2000 photo-like JPEG (noise does not compress), as a camera would give."""
    noise = Pillow.effect_noise((3000, 2000), 60).convert("RGB")
    tinted = Pillow.blend(noise, Pillow.new("RGB", noise.size, (40 * n % 255, 90, 160)), 0.5)
    buffer = io.BytesIO()
    tinted.save(buffer, "JPEG", quality=92)
    return ContentFile(buffer.getvalue(), name=f"camera-{n}.jpg")


@pytest.fixture
def library():
    """Ten camera pictures in the library, with their renditions made."""
    images = []
    for n in range(10):
        image = Image(alt=f"Still number {n} from the set.", credit="Studio")
        image.file.save(f"camera-{n}.jpg", camera_picture(n), save=False)
        image.save()
        Image.objects.filter(pk=image.pk).update(renditions=make_renditions(image.file.name))
        images.append(Image.objects.get(pk=image.pk))
    return images


def image_bytes_on(page):
    """The bytes of every picture ``page`` makes the browser download (its src)."""
    total = 0
    for src in set(re.findall(r'<img[^>]*\ssrc="/media/([^"]+)"', page)):
        with default_storage.open(src) as file:
            total += len(file.read())
    return total


def test_a_story_list_of_fifty_pictured_stories_costs_under_300_kb_of_pictures(
    admin_client, library
):
    for n in range(50):
        ArticleFactory(published=True, hero=library[n % 10], headline=f"Story {n}")
    page = text(admin_client.get(CHANGELIST_URL))
    assert page.count('class="nr-thumb"') == 50
    assert all(image.file.url not in page for image in library)
    assert image_bytes_on(page) < 300_000
    originals = sum(image.file.size for image in library)
    assert originals > 3_000_000  # what the list used to download


def test_the_picture_library_list_shows_thumbnails_too(admin_client, library):
    page = text(admin_client.get("/admin/library/image/"))
    assert page.count('class="nr-thumb"') == 10
    assert all(image.file.url not in page for image in library)
    assert image_bytes_on(page) < 100_000


def test_the_story_forms_preview_is_a_rendition(admin_client, library):
    story = ArticleFactory(hero=library[0])
    page = text(admin_client.get(change_url(story)))
    preview = re.search(r'<img class="nr-hero-preview" src="([^"]+)"', page).group(1)
    assert "/renditions/" in preview
    assert library[0].file.url not in page
