"""An editor in a real browser: sign in, write a story with picture, trailer and tags, publish."""

import pytest

from articles.models import Article, Section
from desk.models import Autosave
from tests.factories import YOUTUBE_URL, ArticleFactory, AuthorFactory, ImageFactory, image_bytes

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
    # The trailer's preview shows before any save (its frame is refused offline here).
    page.locator("[data-trailer-preview] iframe[src*='youtube-nocookie.com']").wait_for()
    page.get_by_label("Movies", exact=True).check()
    choose(page, "authors", "Maya Okafor")
    page.fill("#id_tags", "Tom Cruise, Stunts, Mission: Impossible")
    page.click("input[name=_publish] >> nth=0")
    page.wait_for_url("**/admin/articles/article/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    # Leaving the form by saving it sends no autosave that would be offered back later.
    page.wait_for_timeout(500)
    assert not Autosave.objects.exists()

    story = Article.objects.get(headline=HEADLINE)
    assert story.is_published
    assert sorted(story.tags.names()) == ["Mission: Impossible", "Stunts", "Tom Cruise"]
    assert story.hero.file and story.trailer_url == YOUTUBE_URL
    assert story.hero.alt == "A motorbike in mid-air above a fjord."
    assert story.hero.uploaded_by.username == "editor"
    assert [a.slug for a in story.authors.all()] == ["maya-okafor"]
    assert story.created_by.username == "editor"

    # What follows is the reader's page: it must ask nothing of another site by itself.
    page.watched.requests.clear()
    page.watched.errors.clear()
    page.goto(story.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    hero = page.locator(f"img[alt='{story.hero.alt}']").first
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")

    watched = page.watched
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.csp_violations() == []
    assert watched.third_party() == []


def sign_in(page):
    page.goto("/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long desk passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_leaving_a_story_with_unsaved_changes_asks_first(page, desk):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("A headline not saved yet")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    page.locator("#nav-sidebar a", has_text="Sections").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith("/admin/articles/article/add/")
    assert page.input_value("#id_headline") == "A headline not saved yet"


def test_typed_work_survives_a_closed_tab(page, desk, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 0.5
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("A scoop typed, then the tab closed")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("Two paragraphs of reporting.")
    page.wait_for_timeout(1500)  # three autosave turns after the last key
    page.wait_for_function(
        "() => document.getElementById('nr-autosave-status').textContent.includes('Autosaved')"
    )
    page.evaluate("window.onbeforeunload = null")
    page.on("dialog", lambda dialog: dialog.accept())  # leave without saving

    page.goto("/admin/articles/article/add/")  # as if opened again after a crash
    assert "was not saved" in page.locator(".nr-autosave-offer").inner_text()
    page.get_by_role("link", name="Put it back in the form").click()
    assert page.input_value("#id_headline") == "A scoop typed, then the tab closed"
    assert (
        "Two paragraphs of reporting."
        in page.locator("[contenteditable=true].ProseMirror").inner_text()
    )
    assert not Article.objects.exists()  # nothing was published or saved as the story


def test_the_headline_counts_its_characters_as_the_editor_types(page, desk):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Twelve chars")
    assert page.locator("#id_headline_count").inner_text() == "12 of 200 characters"
    page.fill("#id_headline", "x" * 210)  # pasted: nothing is cut off
    assert page.input_value("#id_headline") == "x" * 210
    assert "10 over the limit of 200" in page.locator("#id_headline_count").inner_text()


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
    # Its description shows at once, with how many stories share it: nothing to retype.
    page.wait_for_function("() => document.getElementById('id_hero_alt').value !== ''")
    assert page.input_value("#id_hero_alt") == "A motorbike in mid-air above a fjord."
    assert "No story uses this picture yet" in page.locator(".nr-picture-use").inner_text()
    page.get_by_label("Movies", exact=True).check()
    choose(page, "authors", "Maya Okafor")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    story = Article.objects.get(headline="The motorbike jump, a year on")
    assert story.hero == picture
    assert story.hero.alt == "A motorbike in mid-air above a fjord."  # kept as it was

    watched = page.watched
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.csp_violations() == []


def test_two_editors_on_one_story_choose_field_by_field(page, desk, chromium, live_server):
    from django.contrib.auth.models import User

    story = ArticleFactory(headline="Dead Reckoning, the stunts", standfirst="Old standfirst.")
    User.objects.create_superuser("second", "second@example.com", "another desk passphrase")
    sign_in(page)
    page.goto(f"/admin/articles/article/{story.pk}/change/")

    # A second editor, in a browser of their own, saves a new headline and standfirst.
    other = chromium.new_context(base_url=live_server.url).new_page()
    other.goto("/admin/")
    other.fill("#id_username", "second")
    other.fill("#id_password", "another desk passphrase")
    other.click("input[type=submit]")
    other.wait_for_url("**/admin/")
    other.goto(f"/admin/articles/article/{story.pk}/change/")
    other.fill("#id_headline", "Dead Reckoning: how the cliff jump was done")
    other.fill("#id_standfirst", "Their standfirst.")
    other.click("input[name=_continue]")
    other.wait_for_url(f"**/{story.pk}/change/")
    other.context.close()

    # The first editor, who saw neither change, rewrites the standfirst and saves.
    page.fill("#id_standfirst", "My standfirst.")
    page.click("input[name=_continue]")
    conflict = page.locator("#nr-conflict")
    conflict.wait_for()
    assert conflict.locator("tbody th").all_inner_texts() == ["Standfirst"]
    assert "My standfirst." in conflict.inner_text()
    assert "Their standfirst." in conflict.inner_text()
    # Their headline, which only they changed, is in the form already.
    assert page.input_value("#id_headline") == "Dead Reckoning: how the cliff jump was done"

    # Saving without a choice is held back by the browser, and nothing is saved.
    page.click("input[name=_continue]")
    assert page.locator("input[name=resolve_standfirst]").first.evaluate(
        "radio => radio.validity.valueMissing"
    )
    story.refresh_from_db()
    assert story.standfirst == "Their standfirst."

    conflict.get_by_label("Keep yours").check()
    page.click("input[name=_continue]")
    page.wait_for_function("() => !document.getElementById('nr-conflict')")
    assert "changed successfully" in page.locator(".messagelist").inner_text()
    story.refresh_from_db()
    assert story.standfirst == "My standfirst."
    assert story.headline == "Dead Reckoning: how the cliff jump was done"
    assert page.watched.errors == [], f"console errors: {page.watched.errors}"


def test_an_editor_corrects_a_published_story(page, desk):
    from datetime import timedelta

    from django.utils import timezone

    story = ArticleFactory(
        published=True,
        headline="The cliff jump, explained",
        publish_at=timezone.now() - timedelta(days=1),
    )
    sign_in(page)
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    page.select_option("#id_notes-0-kind", "correction")
    page.fill("#id_notes-0-text", "An earlier version gave the wrong year. It was 2020.")
    assert page.input_value("#id_notes-0-state") == "published"
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    page.goto(story.get_absolute_url())
    note = page.locator(".story-note--correction")
    assert "An earlier version gave the wrong year. It was 2020." in note.inner_text()
    assert page.locator(".story__header time").count() == 2  # published, and updated
    page.goto("/corrections/")
    page.get_by_role("link", name="The cliff jump, explained").click()
    page.wait_for_url(f"**{story.get_absolute_url()}#note-*")
    assert page.watched.errors == [], f"console errors: {page.watched.errors}"


def test_an_editor_hides_a_twist_and_a_reader_opens_it_with_a_key(page, desk):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "The heist film everyone argues about")
    page.fill("#id_standfirst", "Our critic on the slipperiest thriller of the year.")
    editor = page.locator("[contenteditable=true].ProseMirror")
    editor.click()
    page.keyboard.type("The heist goes wrong.")
    page.keyboard.press("Enter")
    page.keyboard.type("Grace was the mole all along.")
    page.locator(".prose-menubar__button[data-name=blockquote]").click()
    styles = page.locator(".prose-menubar__dropdown", has=page.get_by_label("Block style"))
    styles.locator(".prose-menubar__selected").click()
    page.locator("[data-name='nodeClass:blockquote:spoiler']").click()
    assert editor.locator("blockquote.spoiler").inner_text() == "Grace was the mole all along."
    page.get_by_label("Movies", exact=True).check()
    choose(page, "authors", "Maya Okafor")
    page.click("input[name=_publish] >> nth=0")
    page.wait_for_url("**/admin/articles/article/")

    story = Article.objects.get(headline="The heist film everyone argues about")
    assert '<blockquote class="spoiler"><p>Grace was the mole all along.</p></blockquote>' in (
        story.body
    )
    page.goto(story.get_absolute_url())
    twist = page.get_by_text("Grace was the mole all along.")
    assert not twist.is_visible()
    page.locator(".spoiler summary").focus()
    page.keyboard.press("Enter")
    assert twist.is_visible()
    assert page.watched.errors == [], f"console errors: {page.watched.errors}"
