"""A reader's visit in a real browser: pages, search, the trailer, accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Credit, Entity, Page, Section
from tests.factories import YOUTUBE_URL, ArticleFactory, AuthorFactory

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "article": "/movies/cruise-jumps/",
    "section": "/movies/",
    "tag": "/tag/tom-cruise/",
    "author": "/author/maya-okafor/",
    "search": "/search/?q=cruise",
    "person-hub": "/people/tom-cruise/",
    "site-page": "/about/",
    "not-found": "/no-such-page/",
}


@pytest.fixture
def story(transactional_db):
    movies, _ = Section.objects.get_or_create(
        slug="movies", defaults={"name": "Movies", "position": 1}
    )
    byline = AuthorFactory(
        name="Maya Okafor",
        slug="maya-okafor",
        job_title="Film editor",
        links="https://bsky.app/profile/maya.example",
    )
    Page.objects.create(title="About us", slug="about", body="<p>We cover film and TV.</p>")
    story = ArticleFactory(
        headline="Tom Cruise jumps from a plane for real",
        slug="cruise-jumps",
        section=movies,
        published=True,
        with_image=True,
        trailer_url=YOUTUBE_URL,
        authors=[byline],
        tags=["Tom Cruise", "Stunts", "Mission: Impossible"],
    )
    cruise = Entity.objects.create(
        kind="person", name="Tom Cruise", slug="tom-cruise", imdb_id="nm0000129"
    )
    film = Entity.objects.create(kind="film", name="Dead Reckoning", slug="dead-reckoning")
    Credit.objects.create(person=cruise, work=film, role="actor", character="Ethan Hunt")
    story.about.add(cruise)
    story.mentions.add(film)
    return story


def assert_clean(page):
    watched = page.watched
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.csp_violations() == [], "the Content Security Policy was broken"
    assert watched.third_party() == [], "a third-party host was asked for something"


def test_a_reader_finds_and_reads_the_story(page, story):
    page.goto("/")
    page.get_by_role("link", name=story.headline).first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == story.headline

    # The topic row names him once, as his hub (the tag of the same name gives way).
    page.get_by_role("link", name="Tom Cruise", exact=True).first.click()
    page.wait_for_url("**/people/tom-cruise/")
    assert page.get_by_role("link", name=story.headline).count() >= 1

    page.goto("/search/?q=parachute")
    page.goto("/")
    search = page.get_by_role("searchbox").first
    search.fill("plane")
    search.press("Enter")
    page.wait_for_url("**/search/?q=plane")
    assert page.get_by_role("link", name=story.headline).count() >= 1

    assert_clean(page)


def test_the_trailer_loads_from_youtube_nocookie_only_when_asked(page, story):
    page.goto(story.get_absolute_url())
    assert page.locator("iframe").count() == 0
    assert_clean(page)  # the poster alone asked nothing of YouTube

    page.get_by_role("link", name="Play the trailer").click()

    player = page.locator("iframe")
    player.wait_for(state="attached")
    assert player.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert page.watched.csp_violations() == []


@pytest.mark.parametrize("name", PAGES.keys())
def test_each_reader_page_passes_axe_in_light_and_dark(page, story, name):
    axe = Axe()
    response = page.goto(PAGES[name])
    assert response.status == (404 if name == "not-found" else 200)

    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = axe.run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], f"{name} page, {scheme} mode"

    # A missing page is the one place the browser logs an error: its 404 status.
    if name == "not-found":
        page.watched.errors = [e for e in page.watched.errors if "404" not in e]
    assert_clean(page)


def test_on_a_wide_screen_the_lead_picture_sits_beside_its_headline(page, story):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    picture = page.locator(".card--lead img").bounding_box()
    headline = page.locator(".card--lead .card__headline").bounding_box()
    # Side by side, tops in the same band: not the picture above-right of empty space.
    assert picture["x"] + picture["width"] <= headline["x"]
    assert headline["y"] < picture["y"] + picture["height"]


@pytest.fixture
def long_featurette(transactional_db):
    """Shaped like the demo featurette at its longest: a four-line headline, a six-line
    standfirst, a hero with a caption and credit, a featurette, tags and entities."""
    movies, _ = Section.objects.get_or_create(
        slug="movies", defaults={"name": "Movies", "position": 1}
    )
    return ArticleFactory(
        headline="Tom Cruise leaps from a plane in new Dead Reckoning featurette, again",
        standfirst=(
            "A behind-the-scenes film for Mission: Impossible – Dead Reckoning Part One shows "
            "the star doing his own skydive, thanking the audience on the way down, and "
            "explaining why the crew spent a year rehearsing one jump from a helicopter."
        ),
        section=movies,
        published=True,
        with_image=True,
        trailer_url=YOUTUBE_URL,
        video_kind="featurette",
        authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
        tags=["Tom Cruise", "Stunts"],
        body="<p>Whatever you think of Tom Cruise, he does it for real.</p><p>And again.</p>",
    )


def test_on_a_phone_the_story_starts_on_the_first_screen(phone, long_featurette):
    phone.goto(long_featurette.get_absolute_url())
    standfirst = phone.locator(".story__standfirst").bounding_box()
    assert standfirst["height"] >= 6 * 20  # six lines, as the demo's longest
    first = phone.locator(".story__body > p").first.bounding_box()
    assert first["y"] < 844, f"the first paragraph starts at {first['y']}"
    # One picture at the top, and the search behind a link.
    assert phone.locator(".story__hero img").count() == 1
    assert phone.locator(".trailer__poster").count() == 0
    assert phone.get_by_role("searchbox").is_hidden()
    assert phone.locator(".site-search-link").is_visible()
    # The second column comes after the story on a phone, never above its text.
    rail = phone.locator(".story-rail")
    if rail.count():
        assert rail.bounding_box()["y"] > phone.locator(".story").bounding_box()["y"]
    assert phone.get_by_role("link", name="Play the featurette").count() == 1
    assert_clean(phone)  # nothing asked of another host before a click


def test_the_share_row_copies_the_link_and_asks_nobody_else(page, long_featurette):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(long_featurette.get_absolute_url())
    copy = page.get_by_role("button", name="Copy link")
    copy.click()
    page.get_by_role("button", name="Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(long_featurette.get_absolute_url())
    assert (
        page.get_by_role("link", name="WhatsApp")
        .get_attribute("href")
        .startswith("https://wa.me/?text=")
    )
    assert_clean(page)


def test_on_a_wide_screen_the_latest_stories_sit_beside_the_story(page, long_featurette):
    ArticleFactory(published=True, with_image=True, section=long_featurette.section)
    ArticleFactory(published=True, with_image=True, section=long_featurette.section)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(long_featurette.get_absolute_url())
    story = page.locator(".story").bounding_box()
    rail = page.locator(".story-rail").bounding_box()
    assert rail["x"] >= story["x"] + story["width"]
    assert rail["y"] < story["y"] + 200


def test_on_a_phone_the_front_page_shows_several_stories_and_says_how_long_ago(phone, story):
    for n in range(8):
        ArticleFactory(published=True, with_image=True, headline=f"Another story number {n}")
    phone.goto("/")
    lead = phone.locator(".card--lead .card__headline").bounding_box()
    assert lead["y"] + lead["height"] < 844
    # Below the lead, the latest as thumbnails beside their headlines: more than one
    # story starts on the first screen.
    tops = [card.bounding_box()["y"] for card in phone.locator(".front-row .card").all()]
    assert sum(1 for top in tops if top < 844) >= 2, tops
    # The script words today's times; the exact moment stays in the title.
    first = phone.locator(".front-row time").first
    assert first.inner_text() == "1 hour ago"
    assert first.get_attribute("title")
    assert_clean(phone)
