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
    # The trailer's poster shows before any save; its player waits for play.
    page.locator("[data-trailer-preview] a.trailer__play").wait_for()
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


def leaving_asks(page):
    """Leave the story form by the sidebar, as an editor would; what the browser asked."""
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    # Browsers ask only on a page the person has used: a click first, where nothing changes.
    page.locator("#content h1").first.click()
    page.locator("#nav-sidebar a", has_text="Sections").first.click()
    page.wait_for_timeout(500)
    page.remove_listener("dialog", answer)
    return asked


def settled(page):
    """The form as an editor sees it once everything on it has loaded."""
    page.wait_for_load_state("load")
    page.locator("[contenteditable=true].ProseMirror").wait_for()
    page.wait_for_timeout(800)  # the picker's description, the entity suggestions


@pytest.fixture
def full_story(desk):
    """A saved story with everything the form's own scripts fill in at load."""
    from articles.models import Author

    story = ArticleFactory(
        headline="Dead Reckoning, the stunts",
        hero=ImageFactory(file__width=320, file__height=180),
        trailer_url=YOUTUBE_URL,
        trailer_still=ImageFactory(file__width=320, file__height=180, alt="The cliff."),
        authors=[Author.objects.get(slug="maya-okafor")],
        tags=["Stunts"],
    )
    return story


def test_an_untouched_story_form_lets_the_editor_leave(page, desk, full_story, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 0.3
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    settled(page)
    assert leaving_asks(page) == []
    assert page.url.endswith("/admin/articles/section/")

    page.goto(f"/admin/articles/article/{full_story.pk}/change/")
    settled(page)
    # The picture's description is what the library holds, not emptied or retyped.
    assert page.input_value("#id_hero_alt") == full_story.hero.alt
    assert leaving_asks(page) == []
    assert page.url.endswith("/admin/articles/section/")
    # Nor is anything autosaved, to be offered back next time as work not saved.
    assert not Autosave.objects.exists()
    assert page.watched.errors == [], f"console errors: {page.watched.errors}"


def test_what_a_person_changes_is_asked_about_wherever_it_is(page, desk, full_story):
    sign_in(page)
    url = f"/admin/articles/article/{full_story.pk}/change/"
    page.goto(url)
    settled(page)
    page.get_by_label("Movies", exact=True).check()  # the same section again: nothing changed
    page.locator("[contenteditable=true].ProseMirror").click()  # and nothing typed
    assert leaving_asks(page) == []

    page.goto(url)
    settled(page)
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type(" One more sentence.")
    assert leaving_asks(page) == ["beforeunload"]
    assert page.url.endswith(url)

    page.goto(url)  # the question was asked again, and answered "leave"
    settled(page)
    page.get_by_text("Status and scheduling").click()  # folded until opened
    page.locator("#id_featured").check()
    assert leaving_asks(page) == ["beforeunload"]


def test_work_put_back_in_the_form_is_not_taken_for_new_changes(page, desk, full_story):
    from django.contrib.auth.models import User

    editor = User.objects.get(username="editor")
    Autosave.objects.create(
        user=editor,
        article=full_story,
        fields={"headline": "Dead Reckoning, the stunts, retold", "hero_alt": "My own alt text."},
    )
    sign_in(page)
    page.goto(f"/admin/articles/article/{full_story.pk}/change/")
    page.get_by_role("link", name="Put it back in the form").click()
    settled(page)
    assert page.input_value("#id_headline") == "Dead Reckoning, the stunts, retold"
    # The autosaved description stays: the library's is not poured over it.
    assert page.input_value("#id_hero_alt") == "My own alt text."
    assert page.locator("#id_hero_alt_count").inner_text() == "16 of 250 characters"
    assert leaving_asks(page) == []  # the autosave still holds it: nothing is lost


def test_no_question_after_a_save(page, desk):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "Saved, then left")
    page.fill("#id_standfirst", "A standfirst.")
    page.get_by_label("Movies", exact=True).check()
    choose(page, "authors", "Maya Okafor")
    page.click("input[name=_continue]")
    page.wait_for_url("**/change/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    settled(page)
    assert leaving_asks(page) == []


def test_a_refused_form_still_holds_unsaved_work(page, desk):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "A headline far too long " * 10)
    page.fill("#id_standfirst", "A standfirst.")
    page.get_by_label("Movies", exact=True).check()
    choose(page, "authors", "Maya Okafor")
    page.click("input[name=_save]")
    page.locator("#nr-error-summary").wait_for()
    settled(page)
    assert leaving_asks(page) == ["beforeunload"]  # nothing of it is saved yet


LONG_ALT = "A stuntman on a motorbike leaves a Norwegian cliff edge, the fjord far below him."


def test_the_counters_follow_a_picture_picked_from_the_library(page, desk):
    ImageFactory(file__width=320, file__height=180, alt=LONG_ALT, caption="Filmed in 2020.")
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_hero_alt", "Typed before the picture was chosen, short.")
    assert page.locator("#id_hero_alt_count").inner_text() == "43 of 250 characters"
    choose(page, "hero", "Norwegian")
    page.wait_for_function(f"() => document.getElementById('id_hero_alt').value === {LONG_ALT!r}")
    assert page.locator("#id_hero_alt_count").inner_text() == f"{len(LONG_ALT)} of 250 characters"
    assert page.locator("#id_hero_caption_count").inner_text() == "15 of 300 characters"
    assert page.locator("#id_hero_credit_count").inner_text() == "14 of 150 characters"


def test_an_upload_already_in_the_library_brings_its_description(page, desk, tmp_path):
    from django.core.files.base import ContentFile

    same = image_bytes(size=(320, 180), color=(10, 20, 30))
    ImageFactory(file=ContentFile(same, name="poster.jpg"), alt=LONG_ALT, caption="")
    picture = tmp_path / "poster-copy.jpg"
    picture.write_bytes(same)
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "The same poster again")
    page.fill("#id_standfirst", "A standfirst.")
    page.get_by_label("Movies", exact=True).check()
    choose(page, "authors", "Maya Okafor")
    page.set_input_files("#id_hero_image", str(picture))
    page.fill("#id_hero_alt", "Typed for the upload.")
    page.click("input[name=_save]")
    assert "already in the library" in page.locator(".field-hero_image .errorlist").inner_text()
    page.wait_for_function(f"() => document.getElementById('id_hero_alt').value === {LONG_ALT!r}")
    assert page.locator("#id_hero_alt_count").inner_text() == f"{len(LONG_ALT)} of 250 characters"
    page.locator("[data-focal-preview] img").wait_for(state="visible")  # the picture shows


def test_the_trailer_preview_loads_the_player_only_on_play(page, desk, full_story):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.watched.requests.clear()
    page.fill("#id_headline", "A trailer, pasted")
    page.fill("#id_trailer_url", YOUTUBE_URL)
    play = page.locator("[data-trailer-preview] a.trailer__play")
    play.wait_for()
    assert "Play the trailer" in play.inner_text() and "YouTube" in play.inner_text()
    title = page.locator("[data-trailer-preview] .trailer__title")
    assert title.inner_text() == "A trailer, pasted"
    page.wait_for_timeout(500)
    assert page.locator("[data-trailer-preview] iframe").count() == 0
    assert page.watched.third_party() == []
    choose(page, "trailer_still", "The cliff.")  # a still from the library: the poster
    page.locator("[data-trailer-preview] img.trailer__poster").wait_for(state="attached")
    play.click()
    frame = page.locator("[data-trailer-preview] iframe[src*='youtube-nocookie.com']")
    frame.wait_for(state="attached")
    assert "autoplay=1" in frame.get_attribute("src")
    assert page.locator("[data-trailer-preview] a.trailer__play").count() == 0

    # A saved story shows its trailer's still as the poster, from this site.
    page.evaluate("window.onbeforeunload = null")
    page.on("dialog", lambda dialog: dialog.accept())
    page.watched.requests.clear()
    page.goto(f"/admin/articles/article/{full_story.pk}/change/")
    settled(page)
    page.locator("[data-trailer-preview] img.trailer__poster").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-trailer-preview] img.trailer__poster');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert page.locator("[data-trailer-preview] iframe").count() == 0
    assert page.watched.third_party() == []
    page.locator("[data-trailer-preview] a.trailer__play").click()
    page.locator("[data-trailer-preview] iframe[src*='youtube-nocookie.com']").wait_for(
        state="attached"
    )
    assert page.watched.errors == [], f"console errors: {page.watched.errors}"
