"""An editor restores an old revision in a real browser: the picture's description comes back."""

import pytest
import reversion
from reversion.models import Version

from tests.browser.test_editor import sign_in
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.browser

GOOD_CAPTION = "Filmed on location, without a green screen."
BAD_CAPTION = "Filmed in a car park in Slough."


@pytest.fixture
def story(transactional_db, django_user_model):
    django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "a long desk passphrase"
    )
    image = ImageFactory(caption=GOOD_CAPTION, credit="Paramount")
    story = ArticleFactory(published=True, hero=image)
    with reversion.create_revision():
        story.save()
    # Someone then writes a wrong caption and credit on the shared picture.
    image.caption, image.credit = BAD_CAPTION, "Nobody"
    image.save()
    with reversion.create_revision():
        story.save()
    return story


def test_restoring_a_revision_brings_back_the_pictures_caption_and_credit(page, story):
    sign_in(page)
    first = Version.objects.get_for_object(story).order_by("pk").first()
    page.goto(f"/admin/articles/article/{story.pk}/history/{first.pk}/")
    page.wait_for_load_state("networkidle")

    # The form shows the picture as the revision had it, and says what the restore does.
    assert page.input_value("#id_hero_caption") == GOOD_CAPTION
    assert page.input_value("#id_hero_credit") == "Paramount"
    assert "puts back the picture's caption and credit" in page.locator(".messagelist").inner_text()
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    story.hero.refresh_from_db()
    assert (story.hero.caption, story.hero.credit) == (GOOD_CAPTION, "Paramount")
    page.goto(story.get_absolute_url())
    assert GOOD_CAPTION in page.locator("main").inner_text()
