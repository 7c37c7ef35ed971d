"""Readers' pages go gzipped; nothing that may hold a secret does (BREACH)."""

import gzip

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def story():
    return ArticleFactory(published=True, headline="A page worth compressing " * 4)


def test_a_readers_page_comes_gzipped_and_reads_the_same(client, story):
    plain = client.get(story.get_absolute_url())
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    for _ in range(2):  # built, then from the page cache
        packed = client.get(story.get_absolute_url(), **GZIP)
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 2


def test_the_browsers_copy_still_answers_304_when_compressed(client, story):
    packed = client.get(story.get_absolute_url(), **GZIP)
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP)
    assert again.status_code == 304


def test_feeds_and_the_api_come_gzipped_too(client, story):
    for url in ["/feed/", "/api/v1/stories/"]:
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url


def test_nothing_with_a_secret_is_compressed(client, admin_client, story):
    # The sign-in form holds a CSRF token; an editor's view of the site is theirs.
    assert "Content-Encoding" not in client.get("/admin/login/", **GZIP)
    assert "Content-Encoding" not in admin_client.get("/admin/", **GZIP)
    editor_page = admin_client.get(story.get_absolute_url(), **GZIP)
    assert editor_page.status_code == 200
    assert "Content-Encoding" not in editor_page
