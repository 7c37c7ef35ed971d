"""Schemathesis, a tool we did not write, against the API served by a live server.

It reads /api/v1/schema/, sends a few hundred requests made from it (valid ones,
invalid ones, links followed between answers) and checks every answer: no 5xx, a
documented status and media type, a body that matches the schema, bad input refused.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from api.models import ApiKey
from articles.models import Entity, LiveEntry, StoryNote
from tests.factories import ArticleFactory, AuthorFactory

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def content(transactional_db):
    maya = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    story = ArticleFactory(
        published=True, with_image=True, with_trailer=True, authors=[maya], tags=["Stunts"]
    )
    StoryNote.objects.create(
        article=story,
        kind="update",
        text="The studio has since confirmed the date.",
        state="published",
        published_at=timezone.now(),
    )
    cruise = Entity(kind="person", name="Tom Cruise", slug="tom-cruise", imdb_id="nm0000129")
    cruise.save()
    story.about.add(cruise)
    story.mentions.add(Entity.objects.create(kind="film", name="Top Gun", slug="top-gun"))
    ending = ArticleFactory(
        published=True, spoilers="ending", spoils="Dead Reckoning", tags=["Sequels"]
    )
    # Both published stories are live, so an id followed from a list has entries.
    for live_story in (story, ending):
        live_story.coverage_start = timezone.now()
        live_story.save()
        LiveEntry(article=live_story, body="<p>The doors open.</p>", key_moment=True).save()
    ArticleFactory(headline="A draft nobody may read", tags=["Secret"])
    ArticleFactory(scheduled=True, headline="A scheduled story")


@pytest.mark.skipif(not SCHEMATHESIS.exists(), reason="schemathesis is not installed")
def test_schemathesis_finds_no_failure(live_server, content, tmp_path):
    key = ApiKey(name="schemathesis", requests_per_minute=1_000_000)
    secret = key.issue()
    key.save()

    run = subprocess.run(  # noqa: S603 - our own command line
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks",
            "all",
            "--max-examples",
            "40",
            "--seed",
            "1",
            "--workers",
            "1",
            "--header",
            f"Authorization: Bearer {secret}",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout, run.stdout[-3000:]
    generated = int(re.search(r"(\d+) generated", run.stdout).group(1))
    assert generated >= 300, run.stdout[-2000:]
