"""Security headers on every response: the Content Security Policy and its friends."""

import re

import pytest

from tests.factories import ArticleFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

PLAYERS = {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}


def policy(response):
    """The Content-Security-Policy header as {directive: [values]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def story():
    return ArticleFactory(published=True, with_image=True, with_trailer=True, tags=["Stunts"])


@pytest.fixture
def reader_urls(story):
    author = story.authors.get()
    return [
        "/",
        "/movies/",
        story.get_absolute_url(),
        "/tag/stunts/",
        author.get_absolute_url(),
        "/movies/no-such-story/",  # the 404 page
    ]


def test_every_reader_page_sends_the_strict_policy(client, reader_urls):
    for url in reader_urls:
        csp = policy(client.get(url))

        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"][0] == "'self'"
        assert "'unsafe-inline'" not in csp["script-src"]
        assert "'unsafe-eval'" not in csp["script-src"]
        assert set(csp["frame-src"]) == PLAYERS
        assert {"'self'", "data:", "https://i.ytimg.com", "https://i.vimeocdn.com"} <= set(
            csp["img-src"]
        )
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]


def test_reader_pages_need_no_inline_script(client, reader_urls):
    """Reader pages load their one script from a file, so no nonce is spent on them.

    JSON-LD blocks are data that browsers never run, so CSP does not apply to them.
    """
    for url in reader_urls:
        response = client.get(url)
        page = text(response)

        for tag in re.findall(r"<script\b[^>]*>", page):
            assert " src=" in tag or tag == '<script type="application/ld+json">', (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", page), url
        assert "'nonce-" not in response["Content-Security-Policy"], url


def test_the_admin_gets_the_same_policy_with_a_nonce_on_its_scripts(admin_client):
    response = admin_client.get("/admin/articles/article/add/")
    nonces = policy(response)["script-src"]

    assert response.status_code == 200
    nonce = next(value for value in nonces if value.startswith("'nonce-"))[7:-1]
    scripts = re.findall(r"<script\b[^>]*>", text(response))
    assert scripts
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag


def test_the_admin_popup_closes_with_a_nonced_inline_script(admin_client):
    """Adding a byline from the article form answers with an inline script that must run."""
    response = admin_client.post(
        "/admin/articles/author/add/?_popup=1&_to_field=id",
        {"name": "Popup Person", "slug": "popup-person", "bio": "", "_popup": "1"},
    )
    page = text(response)

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert re.search(rf'<script[^>]*nonce="{re.escape(nonce)}"', page)


def test_each_response_gets_its_own_nonce(admin_client):
    first = admin_client.get("/admin/")["Content-Security-Policy"]
    second = admin_client.get("/admin/")["Content-Security-Policy"]

    assert re.search(r"'nonce-[^']+'", first)
    assert first != second


def test_the_other_security_headers(client, reader_urls):
    for url in reader_urls:
        response = client.get(url)

        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        features = dict(
            item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
        )
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
            assert features[feature] == "()", feature
        for feature in ["fullscreen", "autoplay", "encrypted-media", "picture-in-picture"]:
            assert features[feature].startswith("(self "), feature
            for origin in PLAYERS:
                assert f'"{origin}"' in features[feature]


def test_static_files_and_the_admin_login_carry_the_headers_too(client):
    for response in [client.get("/admin/login/"), client.get("/favicon.ico")]:
        assert "Content-Security-Policy" in response
        assert "Permissions-Policy" in response


def test_the_trailer_player_the_page_asks_for_is_allowed_by_the_policy(client, story):
    response = client.get(story.get_absolute_url())
    player = re.search(r'data-player="(https://[^/"]+)/', text(response)).group(1)

    assert player in policy(response)["frame-src"]
