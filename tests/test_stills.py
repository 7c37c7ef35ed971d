"""A trailer's still: the provider's thumbnail kept in the library, shown on the
trailer's frame instead of the story's hero, fetched after the save and never by a
reader's browser."""

import re

import pytest

from articles import stills
from articles.models import Article
from library.models import Image
from tests.factories import ArticleFactory, ImageFactory, image_bytes
from tests.helpers import text

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=avz06PDqDbM"
OTHER_YOUTUBE = "https://youtu.be/dQw4w9WgXcQ"


@pytest.fixture
def provider(settings, monkeypatch):
    """The stills switched on, with YouTube's and Vimeo's answers made up here."""
    settings.NEWSROOM_TRAILER_STILLS = True
    asked = []
    answers = {}

    def download(url):
        asked.append(url)
        if url in answers:
            return answers[url]
        raise stills.NoStill(f"{url}: 404")

    monkeypatch.setattr(stills, "download", download)
    return answers, asked


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Saves whose on-commit work (the still's task) runs, as it does on the site."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def still_of(story):
    return Article.objects.get(pk=story.pk).trailer_still


def test_a_saved_trailer_gets_the_providers_picture_as_its_still(provider, client, committed):
    answers, asked = provider
    answers["https://i.ytimg.com/vi/avz06PDqDbM/sddefault.jpg"] = image_bytes(
        (640, 480), "JPEG", (200, 30, 30)
    )
    with committed():
        story = ArticleFactory(published=True, with_image=True, trailer_url=YOUTUBE)

    still = still_of(story)
    assert still is not None
    # Largest first: maxresdefault was missing, so the next size was taken.
    assert asked[:2] == [
        "https://i.ytimg.com/vi/avz06PDqDbM/maxresdefault.jpg",
        "https://i.ytimg.com/vi/avz06PDqDbM/sddefault.jpg",
    ]
    assert (still.width, still.height) == (640, 480)
    assert still.credit == "YouTube"
    assert story.headline in still.alt

    page = text(client.get(story.get_absolute_url()))
    poster = re.search(r'<img class="trailer__poster" src="([^"]+)"', page)
    assert poster and poster[1] != story.hero.file.url
    assert poster[1].startswith("/media/")  # our own copy: the reader's browser asks no one else
    assert "ytimg.com" not in page


def test_a_vimeo_still_comes_from_its_oembed_description(provider, committed):
    answers, _asked = provider
    oembed = "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F76979871&width=1280"
    answers[oembed] = b'{"thumbnail_url": "https://i.vimeocdn.com/video/452001751-1280.jpg"}'
    answers["https://i.vimeocdn.com/video/452001751-1280.jpg"] = image_bytes(
        (1280, 720), "JPEG", (10, 90, 160)
    )
    with committed():
        story = ArticleFactory(trailer_url="https://vimeo.com/76979871")
    assert still_of(story).credit == "Vimeo"


def test_offline_the_trailer_keeps_a_plain_frame_and_the_save_succeeds(provider, client, committed):
    with committed():
        story = ArticleFactory(published=True, with_image=True, trailer_url=YOUTUBE)

    assert still_of(story) is None
    assert not Image.objects.exclude(pk=story.hero_id).exists()
    page = text(client.get(story.get_absolute_url()))
    assert "trailer__frame--plain" in page
    assert "trailer__poster" not in page  # never the hero a second time
    assert 'href="https://www.youtube.com/watch?v=avz06PDqDbM"' in page


def test_a_page_that_is_not_a_picture_is_not_kept(provider, committed):
    answers, _asked = provider
    for name in ("maxresdefault", "sddefault", "hqdefault"):
        answers[f"https://i.ytimg.com/vi/avz06PDqDbM/{name}.jpg"] = b"<html>Not found</html>"
    with committed():
        story = ArticleFactory(trailer_url=YOUTUBE)
    assert still_of(story) is None
    assert not Image.objects.exists()


def test_the_editors_still_is_never_replaced(provider, committed):
    answers, asked = provider
    answers["https://i.ytimg.com/vi/avz06PDqDbM/maxresdefault.jpg"] = image_bytes(
        (1280, 720), "JPEG", (0, 0, 0)
    )
    chosen = ImageFactory(alt="Cruise on the motorbike ramp")
    with committed():
        story = ArticleFactory(trailer_url=YOUTUBE, trailer_still=chosen)
    story.standfirst = "Edited."
    with committed():
        story.save()

    assert still_of(story) == chosen
    assert asked == []


def test_another_trailer_drops_the_old_still_and_fetches_its_own(provider, committed):
    answers, _asked = provider
    answers["https://i.ytimg.com/vi/avz06PDqDbM/maxresdefault.jpg"] = image_bytes(
        (1280, 720), "JPEG", (1, 2, 3)
    )
    answers["https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg"] = image_bytes(
        (1280, 720), "JPEG", (250, 250, 0)
    )
    with committed():
        story = ArticleFactory(trailer_url=YOUTUBE)
    first = still_of(story)

    story = Article.objects.get(pk=story.pk)
    story.trailer_url = OTHER_YOUTUBE
    with committed():
        story.save()

    second = still_of(story)
    assert second is not None and second != first
    assert "youtube-dQw4w9WgXcQ" in second.file.name


def test_no_still_is_fetched_when_the_site_is_told_not_to(settings, monkeypatch, committed):
    settings.NEWSROOM_TRAILER_STILLS = False
    monkeypatch.setattr(stills, "download", lambda url: pytest.fail(f"asked {url}"))
    with committed():
        story = ArticleFactory(trailer_url=YOUTUBE)
    assert still_of(story) is None
