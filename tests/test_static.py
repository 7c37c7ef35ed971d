"""The site as shipped with DEBUG off: collectstatic, hashed file names, WhiteNoise."""

import re

import pytest
from django.core.management import call_command

from tests.factories import ArticleFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_pages_use_hashed_static_files_after_collectstatic(settings, tmp_path, client):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (settings.STATIC_ROOT / "staticfiles.json").is_file()
    article = ArticleFactory(published=True, with_trailer=True)

    home = client.get("/")
    story = client.get(article.get_absolute_url())

    assert home.status_code == story.status_code == 200
    css = re.search(r'href="(/static/reader/site\.[0-9a-f]{12}\.css)"', text(home))
    assert css, "the home page does not link the hashed stylesheet"
    assert css.group(1) in text(story)
    assert re.search(r'href="/static/reader/icon\.[0-9a-f]{12}\.svg"', text(story))
    assert re.search(r'src="/static/reader/trailer\.[0-9a-f]{12}\.js"', text(story))

    # WhiteNoise serves the hashed file, compressed and cached for ever.
    stylesheet = client.get(css.group(1), headers={"accept-encoding": "br, gzip"})
    assert stylesheet.status_code == 200
    assert stylesheet["Content-Type"].startswith("text/css")
    assert "immutable" in stylesheet["Cache-Control"]
    assert stylesheet["Content-Encoding"] in {"br", "gzip"}
    # Reading it to the end lets the test client close the file (and keeps the database
    # connection: closing the response by hand would fire request_finished).
    assert b"".join(stylesheet.streaming_content)

    # Browsers asking for /favicon.ico are sent to the hashed icon.
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 302
    assert re.fullmatch(r"/static/reader/icon\.[0-9a-f]{12}\.svg", favicon["Location"])

    # And a 404 still renders with the hashed stylesheet.
    missing = client.get("/movies/no-such-story/")
    assert missing.status_code == 404
    assert css.group(1) in text(missing)
