"""How the third-party packages behave on Django 6.1."""

import socket
import urllib.request
import warnings
from pathlib import Path

import django
import pytest
import requests
from django.utils.deprecation import RemovedInDjango2028Warning

from articles.models import Article
from tests.factories import VIMEO_URL, YOUTUBE_URL, ArticleFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db


# django-taggit and Django 6.1's deprecation of SQLCompiler.quote_name_unless_alias -------


def test_django_is_6_1():
    assert django.VERSION[:2] == (6, 1)


def test_filtering_by_tag_warns_from_taggit_about_quote_name_unless_alias():
    ArticleFactory(published=True, tags=["Stunts"])

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stories = list(Article.objects.filter(tags__name__in=["Stunts"]))

    assert len(stories) == 1
    deprecations = [w for w in caught if "quote_name_unless_alias" in str(w.message)]
    assert deprecations, [str(w.message) for w in caught]
    for warning in deprecations:
        # Django 6.1 calls it RemovedInDjango2028Warning: a PendingDeprecationWarning.
        assert warning.category is RemovedInDjango2028Warning
        assert issubclass(warning.category, PendingDeprecationWarning)
        assert str(warning.message) == (
            "SQLCompiler.quote_name_unless_alias() is deprecated. Use .quote_name() instead."
        )
        # Reported at taggit's ExtraJoinRestriction.as_sql, the caller.
        assert Path(warning.filename).parts[-2:] == ("taggit", "managers.py")


def test_prefetching_tags_does_not_warn():
    ArticleFactory(published=True, tags=["Stunts"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [list(a.tags.all()) for a in Article.objects.prefetch_related("tags")]
    assert not [w for w in caught if "quote_name_unless_alias" in str(w.message)]


def test_the_pyproject_ignore_is_needed_by_the_tag_page(client):
    """Without the filterwarnings ignore, the tag page would fail the suite (it filters
    stories by tag through taggit's join). Related stories no longer join on tags."""
    article = ArticleFactory(published=True, tags=["Stunts"])
    ArticleFactory(published=True, tags=["Stunts"])

    with warnings.catch_warnings():
        warnings.simplefilter("error", PendingDeprecationWarning)
        with pytest.raises(RemovedInDjango2028Warning, match="quote_name_unless_alias"):
            client.get("/tag/stunts/")
        assert client.get(article.get_absolute_url()).status_code == 200

    # With the ignore from pyproject.toml in force, the tag page works.
    assert client.get("/tag/stunts/").status_code == 200


# django-embed-video never reaches the network ---------------------------------------------


@pytest.fixture
def offline(monkeypatch):
    """Every way embed_video (requests) or anything else could reach the network raises."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests, "head", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return calls


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (YOUTUBE_URL, "https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0&amp;autoplay=1"),
        (VIMEO_URL, "https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"),
    ],
    ids=["youtube", "vimeo"],
)
def test_article_pages_with_trailers_render_offline(client, offline, url, player):
    article = ArticleFactory(published=True, with_image=True, trailer_url=url)
    ArticleFactory(published=True, trailer_url=url)  # also on the home page

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert f'data-player="{player}"' in text(response)
    assert client.get("/").status_code == 200
    assert offline == []


@pytest.mark.parametrize("url", [YOUTUBE_URL, VIMEO_URL], ids=["youtube", "vimeo"])
def test_the_desk_validates_and_previews_trailers_offline(admin_client, offline, post_data, url):
    post_data.update(slug="offline-trailer", trailer_url=url)
    response = admin_client.post("/admin/articles/article/add/", post_data)
    assert response.status_code == 302
    article = Article.objects.get(slug="offline-trailer")

    change = admin_client.get(f"/admin/articles/article/{article.pk}/change/")

    assert change.status_code == 200
    assert article.trailer.embed_url in text(change)
    assert offline == []


# django-embed-video's URL patterns are loose, so trailers are parsed in articles/embeds.py --


@pytest.mark.parametrize(
    "url, what_it_sees",
    [
        # A mistyped ID (one character too many) becomes another video...
        ("https://www.youtube.com/watch?v=avz06PDqDbMx", "avz06PDqDbM"),
        # ...and a channel page becomes a "video" named after its first letters.
        ("https://www.youtube.com/ParamountPictures", "ParamountPi"),
    ],
)
def test_embed_video_reads_addresses_that_are_not_one_video_as_one(url, what_it_sees):
    from django.core.exceptions import ValidationError
    from embed_video.backends import YoutubeBackend

    from articles.embeds import parse_trailer

    assert YoutubeBackend.is_valid(url)
    assert YoutubeBackend(url).code == what_it_sees
    with pytest.raises(ValidationError):
        parse_trailer(url)  # ours refuses both
