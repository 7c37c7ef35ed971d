"""Trailer URLs: which addresses an editor may paste, and what readers' players load."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from articles.embeds import parse_trailer, validate_trailer_url
from library.renditions import interim_name
from tests.factories import ArticleFactory, ImageFactory
from tests.helpers import text

NOT_A_VIDEO = (
    "This {label} address does not point to a single video. Open the video itself and copy "
    "its address from the browser or the Share button."
)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=avz06PDqDbM",
        "https://youtube.com/watch?v=avz06PDqDbM",
        "http://www.youtube.com/watch?v=avz06PDqDbM",
        "https://m.youtube.com/watch?v=avz06PDqDbM",
        "https://www.youtube.com/watch?v=avz06PDqDbM&t=42s",
        "https://www.youtube.com/watch?feature=share&v=avz06PDqDbM",
        "https://youtu.be/avz06PDqDbM",
        "https://youtu.be/avz06PDqDbM?si=abcdef",
        "https://www.youtube.com/shorts/avz06PDqDbM",
        "https://www.youtube.com/embed/avz06PDqDbM",
        "https://WWW.YOUTUBE.COM/watch?v=avz06PDqDbM",
        "  https://www.youtube.com/watch?v=avz06PDqDbM  ",
    ],
)
def test_youtube_addresses_become_the_privacy_player(url):
    trailer = parse_trailer(url)
    assert trailer.provider == "youtube"
    assert trailer.code == "avz06PDqDbM"
    assert trailer.label == "YouTube"
    assert trailer.embed_url == "https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0"
    assert trailer.player_url == (
        "https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0&autoplay=1"
    )
    assert trailer.watch_url == "https://www.youtube.com/watch?v=avz06PDqDbM"
    assert validate_trailer_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/76979871",
        "https://www.vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871",
        "https://vimeo.com/channels/staffpicks/76979871",
    ],
)
def test_vimeo_addresses_become_the_do_not_track_player(url):
    trailer = parse_trailer(url)
    assert trailer.provider == "vimeo"
    assert trailer.code == "76979871"
    assert trailer.label == "Vimeo"
    assert trailer.embed_url == "https://player.vimeo.com/video/76979871?dnt=1"
    assert trailer.player_url == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert trailer.watch_url == "https://vimeo.com/76979871"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.com/video", "example.com"),
        ("https://youtube.com.evil.example/watch?v=avz06PDqDbM", "youtube.com.evil.example"),
        ("https://evil.example/youtube.com/watch?v=avz06PDqDbM", "evil.example"),
        ("https://notyoutube.com/watch?v=avz06PDqDbM", "notyoutube.com"),
        ("https://vimeo.com.evil.example/76979871", "vimeo.com.evil.example"),
        ("https://www.dailymotion.com/video/x7tgad0", "www.dailymotion.com"),
        ("https://www.youtube.com./watch?v=avz06PDqDbM", "www.youtube.com."),
    ],
)
def test_other_and_lookalike_hosts_are_refused_by_name(url, host):
    with pytest.raises(ValidationError) as excinfo:
        parse_trailer(url)
    assert excinfo.value.messages == [
        f"Trailers can come from YouTube or Vimeo only; {host} is neither."
    ]
    with pytest.raises(ValidationError):
        validate_trailer_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "www.youtube.com/watch?v=avz06PDqDbM",
        "javascript:alert(1)//youtube.com/watch?v=avz06PDqDbM",
        "ftp://youtube.com/watch?v=avz06PDqDbM",
        "avz06PDqDbM",
        "https://",
        "https://[::1",
    ],
)
def test_addresses_that_are_not_web_links_ask_for_the_full_address(url):
    with pytest.raises(ValidationError) as excinfo:
        parse_trailer(url)
    assert excinfo.value.messages == [
        "Paste the full address of a YouTube or Vimeo video, starting with https://."
    ]


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://www.youtube.com/watch?v=short", "YouTube"),
        ("https://www.youtube.com/watch?v=avz06PDqDb", "YouTube"),  # ten characters
        ("https://www.youtube.com/watch?v=avz06PDqDb!", "YouTube"),
        ("https://www.youtube.com/watch?v=", "YouTube"),
        ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "YouTube"),
        ("https://youtu.be/", "YouTube"),
        ("https://vimeo.com/", "Vimeo"),
        ("https://vimeo.com/abc", "Vimeo"),
        ("https://vimeo.com/1234567890123", "Vimeo"),  # thirteen digits
    ],
)
def test_malformed_video_ids_are_refused_with_advice(url, label):
    with pytest.raises(ValidationError) as excinfo:
        parse_trailer(url)
    assert excinfo.value.messages == [NOT_A_VIDEO.format(label=label)]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=avz06PDqDbMx",  # a 12-character id: a typo
        "https://youtu.be/avz06PDqDbM123",
        "https://www.youtube.com/ParamountPictures",  # a channel, read as id "ParamountPi"
    ],
)
def test_youtube_ids_of_the_wrong_length_or_channel_pages_are_refused(url):
    with pytest.raises(ValidationError):
        parse_trailer(url)


def test_the_privacy_enhanced_embed_address_is_accepted():
    trailer = parse_trailer("https://www.youtube-nocookie.com/embed/avz06PDqDbM")
    assert trailer.code == "avz06PDqDbM"


@pytest.mark.django_db
def test_an_empty_trailer_is_allowed():
    assert validate_trailer_url("") is None
    assert validate_trailer_url(None) is None
    article = ArticleFactory(published=True, trailer_url="")
    article.full_clean()
    assert article.trailer is None


def test_an_empty_address_asks_for_the_full_address():
    with pytest.raises(ValidationError) as excinfo:
        parse_trailer("")
    assert "starting with https://" in excinfo.value.messages[0]


# Video addresses alone on a line of the body --------------------------------------------


def players_in(page):
    return re.findall(r'<a class="trailer__play" href="([^"]+)" data-player="([^"]+)"', page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "paragraph",
    [
        "<p>https://youtu.be/avz06PDqDbM</p>",
        '<p><a href="https://www.youtube.com/watch?v=avz06PDqDbM">'
        "https://www.youtube.com/watch?v=avz06PDqDbM</a></p>",
        "<p> https://www.youtube.com/shorts/avz06PDqDbM </p>",
    ],
)
def test_a_youtube_address_alone_in_the_body_becomes_a_poster(client, paragraph):
    article = ArticleFactory(published=True, body=f"<p>Watch this.</p>{paragraph}<p>After.</p>")

    page = text(client.get(article.get_absolute_url()))

    assert players_in(page) == [
        (
            "https://www.youtube.com/watch?v=avz06PDqDbM",
            "https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0&amp;autoplay=1",
        )
    ]
    assert "<iframe" not in page  # nothing from YouTube loads before the reader presses play
    assert "reader/trailer.js" in page
    assert "<p>Watch this.</p>" in page and "<p>After.</p>" in page


@pytest.mark.django_db
def test_a_vimeo_address_alone_in_the_body_becomes_a_poster(client):
    article = ArticleFactory(published=True, body="<p>https://vimeo.com/76979871</p>")
    page = text(client.get(article.get_absolute_url()))
    assert players_in(page) == [
        (
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1",
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "paragraph",
    [
        "<p>See https://youtu.be/avz06PDqDbM for the clip.</p>",  # part of a sentence
        '<p><a href="https://youtu.be/avz06PDqDbM">the new featurette</a></p>',  # worded link
        "<p>https://example.com/video/123</p>",  # not a video host
        "<p>https://www.youtube.com/ParamountPictures</p>",  # a channel, not a video
    ],
)
def test_other_links_in_the_body_stay_links(client, paragraph):
    article = ArticleFactory(published=True, body=paragraph)
    page = text(client.get(article.get_absolute_url()))
    assert players_in(page) == []
    assert "reader/trailer.js" not in page


@pytest.mark.django_db
def test_the_trailer_poster_is_its_own_still_never_the_story_picture(client):
    still = ImageFactory(alt="A still from the trailer")
    article = ArticleFactory(
        published=True, with_image=True, with_trailer=True, trailer_still=still
    )
    page = text(client.get(article.get_absolute_url()))
    poster = re.search(r'<img class="trailer__poster" src="([^"]+)"[^>]* alt=""', page)
    # Before the renditions are made, the still's interim rendition.
    assert poster and poster[1] == default_storage.url(interim_name(still.file.name))
    assert interim_name(article.hero.file.name) not in poster[1]
    assert "ytimg.com" not in page and "vimeocdn" not in page


@pytest.mark.django_db
def test_a_trailer_with_no_still_is_a_plain_frame_with_its_title(client):
    article = ArticleFactory(published=True, with_image=True, with_trailer=True)
    page = text(client.get(article.get_absolute_url()))
    assert "trailer__poster" not in page  # the hero is not shown a second time
    frame = re.search(r'<div class="trailer__frame trailer__frame--plain">(.*?)</div>', page, re.S)
    assert frame and article.headline in frame[1]


@pytest.mark.django_db
def test_the_trailer_sits_after_the_first_paragraph_not_before_the_text(client):
    article = ArticleFactory(
        published=True,
        with_image=True,
        with_trailer=True,
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
    )
    page = text(client.get(article.get_absolute_url()))
    first, trailer, second = (
        page.index("First paragraph."),
        page.index("Watch the trailer"),
        page.index("Second paragraph."),
    )
    assert first < trailer < second


@pytest.mark.django_db
def test_a_trailer_the_body_places_is_shown_there_once(client):
    article = ArticleFactory(
        published=True,
        with_trailer=True,
        body="<p>First.</p><p>Second.</p><p>https://youtu.be/avz06PDqDbM</p><p>Last.</p>",
    )
    page = text(client.get(article.get_absolute_url()))
    assert len(players_in(page)) == 1
    assert page.index("Second.") < page.index('data-player="') < page.index("Last.")
    assert "Watch the trailer" not in page  # no second frame after the first paragraph
