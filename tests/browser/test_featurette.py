"""The featurette from the desk's home to published in at most ten clicks.

Counted as an editor does it: every click (a button, a link, a box to type in, the
file chooser), and every box typed in. Tab is never used to move between boxes.
"""

import pytest

from articles.models import Article, Section
from tests.browser.test_editor import sign_in
from tests.factories import YOUTUBE_URL, ArticleFactory, AuthorFactory, image_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "a long desk passphrase"
    )
    Section.objects.get_or_create(slug="news", defaults={"name": "News", "position": 1})
    movies, _ = Section.objects.get_or_create(
        slug="movies", defaults={"name": "Movies", "position": 2}
    )
    byline = AuthorFactory(name="Maya Okafor", slug="maya-okafor", user=user)
    AuthorFactory(name="Someone Else", slug="someone-else")
    # Her last story was filed in Movies.
    ArticleFactory(section=movies, created_by=user, authors=[byline])
    return user


class Counted:
    def __init__(self, page):
        self.page, self.clicks, self.typed = page, 0, 0

    def click(self, selector):
        self.clicks += 1
        self.page.click(selector)

    def type(self, text):
        self.typed += 1
        self.page.keyboard.type(text)


def test_the_featurette_is_published_in_ten_clicks(page, editor, tmp_path):
    picture = tmp_path / "skydive.jpg"
    picture.write_bytes(image_bytes(size=(1200, 800)))
    sign_in(page)
    do = Counted(page)

    do.click("a.addlink[href$='/articles/article/add/']")  # the desk's home: Stories › Add
    page.wait_for_load_state("load")
    do.type("Tom Cruise jumps from a plane in a new featurette")  # the headline has the focus
    do.click("#id_standfirst")
    do.type("A new featurette shows the star's skydive, shot for real.")
    do.click("[contenteditable=true].ProseMirror")
    do.type("He jumped more than five hundred times to get the shot.")
    do.clicks += 1  # the file chooser; Playwright fills it without opening the dialog
    page.set_input_files("#id_hero_image", str(picture))
    do.click("#id_hero_alt")
    do.type("A skydiver in free fall over a desert at dusk.")
    do.click("#id_hero_caption")
    do.type("The jump, filmed from a second plane.")
    do.click("#id_hero_credit")
    do.type("Paramount")
    do.click("#id_trailer_url")
    do.type(YOUTUBE_URL)
    do.click("#id_tags")
    do.type("Tom Cruise, Stunts, Mission: Impossible")
    do.click("input[name=_publish] >> nth=-1")
    page.wait_for_url("**/admin/articles/article/")

    assert (do.clicks, do.typed) == (10, 8)
    story = Article.objects.get(headline="Tom Cruise jumps from a plane in a new featurette")
    assert story.is_published
    assert story.section.slug == "movies"  # where her last story was filed
    assert [a.name for a in story.authors.all()] == ["Maya Okafor"]  # her own byline
    assert story.hero.alt == "A skydiver in free fall over a desert at dusk."
    assert story.hero.credit == "Paramount"
    assert sorted(story.tags.names()) == ["Mission: Impossible", "Stunts", "Tom Cruise"]
    assert story.trailer_url == YOUTUBE_URL
    assert story.video_kind == Article.VideoKind.FEATURETTE  # from the headline's word
    assert "Readers see it at" in page.locator(".messagelist").inner_text()


def test_a_kind_the_editor_picked_is_kept_whatever_the_headline_says(page, editor):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.keyboard.type("An interview")
    assert page.is_checked("input[name=video_kind][value=interview]")
    page.get_by_label("Clip", exact=True).check()
    page.keyboard.type(" about the new trailer")
    page.locator("#id_headline").press_sequentially(" and its featurette")
    assert page.is_checked("input[name=video_kind][value=clip]")


def test_enter_in_a_box_saves_and_never_publishes(page, editor):
    sign_in(page)
    page.goto("/admin/articles/article/add/")
    page.keyboard.type("A draft, not for readers yet")
    page.fill("#id_standfirst", "Saved with Enter.")
    page.locator("#id_hero_alt").press("Enter")  # implicit submission: the first button
    page.wait_for_url("**/admin/articles/article/")
    story = Article.objects.get(headline="A draft, not for readers yet")
    assert story.status == Article.Status.DRAFT


def test_the_forms_object_tools_stay_on_one_row(page, editor):
    story = ArticleFactory(published=True, headline="A story with every tool above its form")
    sign_in(page)
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/admin/articles/article/{story.pk}/change/")
        tops = page.eval_on_selector_all(
            ".object-tools li", "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
        )
        assert len(tops) >= 3 and len(set(tops)) == 1, (width, tops)  # Preview, History, View
        crumbs = page.locator(".breadcrumbs").bounding_box()
        assert tops[0] >= crumbs["y"] + crumbs["height"]  # below the breadcrumbs, not on them
