"""The story body: whatever an editor pastes, readers get only safe markup."""

import re

import pytest

from articles.models import Article
from articles.richtext import sanitize_html
from tests.factories import ArticleFactory
from tests.helpers import story_body, text

pytestmark = pytest.mark.django_db

HOSTILE_BODY = """
<h2 style="color:red">What we know</h2>
<p onclick="steal()">The cast is <strong>back</strong>, and the tone is <em>darker</em>.
Read <a href="https://example.com/interview" target="_blank">the interview</a>
or <a href="javascript:alert(1)">x</a> or <a href="JaVaScRiPt:alert(2)">y</a>.</p>
<script>alert(1)</script>
<img src=x onerror=alert(1)>
<iframe src="https://evil.example/frame"></iframe>
<style>body { display: none }</style>
<svg onload="alert(3)"></svg>
<p style="position:fixed;top:0">Styled paragraph</p>
<ul><li>First point</li><li>Second point</li></ul>
<ol><li>Step one</li></ol>
<blockquote><p>A quote worth keeping.</p></blockquote>
<h3>Smaller heading</h3>
<p>Write to <a href="mailto:desk@example.com">the desk</a>.</p>
"""

FORBIDDEN = ["<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "style=", "<img"]


def assert_safe(body):
    lowered = body.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, needle
    assert "<style" not in lowered
    assert "<svg" not in lowered
    assert "alert(1)" not in body


def assert_allowed_markup_survives(body):
    assert "<h2>What we know</h2>" in body
    assert "<h3>Smaller heading</h3>" in body
    assert "<strong>back</strong>" in body
    assert "<em>darker</em>" in body
    assert (
        '<a href="https://example.com/interview" rel="noopener noreferrer">the interview</a>'
        in body
    )
    assert '<a href="mailto:desk@example.com" rel="noopener noreferrer">the desk</a>' in body
    assert "<ul><li>First point</li><li>Second point</li></ul>" in body
    assert "<ol><li>Step one</li></ol>" in body
    assert "<blockquote><p>A quote worth keeping.</p></blockquote>" in body
    assert "<p>Styled paragraph</p>" in body
    assert "target=" not in body


def test_sanitize_html_keeps_the_toolbar_markup_and_drops_the_rest():
    cleaned = sanitize_html(HOSTILE_BODY)
    assert_safe(cleaned)
    assert_allowed_markup_survives(cleaned)


@pytest.mark.parametrize("empty", ["", None, "<p></p>", "  <p></p>  ", "<script>x()</script>"])
def test_an_empty_body_is_stored_empty(empty):
    assert sanitize_html(empty) == ""


def test_a_body_saved_through_the_model_reaches_readers_clean(client):
    article = ArticleFactory(published=True, body=HOSTILE_BODY)

    article.refresh_from_db()
    assert_safe(article.body)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    body = story_body(text(response))
    assert_safe(body)
    assert_allowed_markup_survives(body)


def test_a_body_updated_and_saved_again_is_sanitised_again(client):
    article = ArticleFactory(published=True)
    article.body = "<p>Fine</p><script>alert(1)</script>"
    article.save()
    body = story_body(text(client.get(article.get_absolute_url())))
    assert body == "<p>Fine</p>"


def test_a_body_posted_through_the_admin_reaches_readers_clean(admin_client, client, post_data):
    post_data.update(slug="sequel-confirmed", body=HOSTILE_BODY, trailer_url="")
    response = admin_client.post("/admin/articles/article/add/", post_data)
    assert response.status_code == 302

    article = Article.objects.get(slug="sequel-confirmed")
    assert_safe(article.body)
    page = text(client.get(article.get_absolute_url()))
    body = story_body(page)
    assert_safe(body)
    assert_allowed_markup_survives(body)
    # Outside the story body, the page runs only its own files (no trailer here): the
    # share row's and the times' scripts, from this site's static files, and structured
    # data, which browsers never execute. Nothing inline, nothing from another host.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts
    assert set(scripts) == {
        '<script type="application/ld+json">',
        '<script src="/static/reader/share.js" defer>',
        '<script src="/static/reader/times.js" defer>',
    }


def test_a_link_without_a_title_gets_no_empty_title_attribute():
    body = sanitize_html(
        '<p><a href="https://example.com/a" title="">a</a> '
        '<a href="https://example.com/b" title="The interview">b</a></p>'
    )
    assert 'title=""' not in body
    assert 'title="The interview"' in body
