"""An editor in a real browser: sign in, write a story with picture, trailer and tags, publish."""

import pytest

from articles.models import Article, Section
from tests.factories import YOUTUBE_URL, AuthorFactory, ImageFactory, image_bytes

pytestmark = pytest.mark.browser

HEADLINE = "Tom Cruise rides a motorbike off a cliff, twice"


@pytest.fixture
def desk(transactional_db, django_user_model):
    Section.objects.get_or_create(slug="movies", defaults={"name": "Movies", "position": 1})
    AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "a long desk passphrase"
    )


def choose(page, field, text):
    """Pick ``text`` in one of the admin's autocomplete (select2) boxes."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def test_an_editor_writes_and_publishes_a_story(page, desk, tmp_path):
    picture = tmp_path / "cliff.jpg"
    picture.write_bytes(image_bytes(size=(320, 180)))

    page.goto("/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long desk passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_standfirst", "The stunt took a year of practice and six thousand jumps.")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("He rode off the edge of a Norwegian mountain, for real.")
    page.set_input_files("#id_hero_image", str(picture))
    page.fill("#id_hero_alt", "A motorbike in mid-air above a fjord.")
    page.fill("#id_trailer_url", YOUTUBE_URL)
    choose(page, "section", "Movies")
    choose(page, "authors", "Maya Okafor")
    page.fill("#id_tags", "Tom Cruise, Stunts, Mission: Impossible")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    story = Article.objects.get(headline=HEADLINE)
    assert story.is_published
    assert sorted(story.tags.names()) == ["Mission: Impossible", "Stunts", "Tom Cruise"]
    assert story.hero.file and story.trailer_url == YOUTUBE_URL
    assert story.hero.alt == "A motorbike in mid-air above a fjord."
    assert story.hero.uploaded_by.username == "editor"
    assert [a.slug for a in story.authors.all()] == ["maya-okafor"]
    assert story.created_by.username == "editor"

    page.goto(story.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    hero = page.locator(f"img[alt='{story.hero.alt}']").first
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")

    watched = page.watched
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.csp_violations() == []
    assert watched.third_party() == []


def test_an_editor_reuses_a_library_picture_on_a_new_story(page, desk):
    picture = ImageFactory(
        file__width=320, file__height=180, alt="A motorbike in mid-air above a fjord."
    )

    page.goto("/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long desk passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "The motorbike jump, a year on")
    page.fill("#id_standfirst", "The same cliff, from a new angle.")
    choose(page, "hero", "motorbike")
    preview = page.locator("[data-focal-preview] img")
    preview.wait_for(state="visible")
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-focal-preview] img');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    choose(page, "section", "Movies")
    choose(page, "authors", "Maya Okafor")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    story = Article.objects.get(headline="The motorbike jump, a year on")
    assert story.hero == picture
    assert story.hero.alt == "A motorbike in mid-air above a fjord."  # kept as it was

    watched = page.watched
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.csp_violations() == []
