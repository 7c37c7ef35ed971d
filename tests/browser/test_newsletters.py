"""The sign-up form in a real browser: axe on the pages carrying it, and a sign-up."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Entity
from newsletters.models import Newsletter, Subscription
from tests.factories import ArticleFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def hub(transactional_db):
    Newsletter.objects.create(name="Daily", sender="daily@example.com", is_default=True)
    tom = Entity.objects.create(kind="person", name="Tom Cruise", slug="tom-cruise")
    story = ArticleFactory(published=True, tags=["Stunts"])
    story.about.add(tom)
    return story


def serious(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_the_pages_with_the_form_pass_axe_and_a_reader_signs_up(page, hub):
    for path in ("/", hub.get_absolute_url(), hub.section.get_absolute_url(), "/tag/stunts/"):
        page.goto(path)
        assert page.get_by_label("Your e-mail address").count() == 1, path
        assert serious(page) == [], path

    page.goto("/people/tom-cruise/")
    assert page.get_by_role("heading", name="Follow Tom Cruise").count() == 1
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert serious(page) == [], scheme
    page.get_by_label("Your e-mail address").fill("reader@example.com")
    page.get_by_role("button", name="Follow").click()
    page.wait_for_url("**/newsletters/sign-up/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    assert serious(page) == []
    assert page.watched.csp_violations() == []
    assert Subscription.objects.filter(kind="entity", consent_page="/people/tom-cruise/").exists()
