"""Finding the next story: previous/next in the section, breadcrumbs, related stories, tag pages."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, SectionFactory
from tests.helpers import text
from tests.test_metadata import read

pytestmark = pytest.mark.django_db


class CrumbReader(HTMLParser):
    """The links inside <nav aria-label="Breadcrumb">, as (text, href, aria-current)."""

    def __init__(self):
        super().__init__()
        self.navs = 0
        self.lists = []
        self.crumbs = []
        self._depth = 0
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Breadcrumb":
            self.navs += 1
            self._depth = 1
        elif self._depth:
            if tag == "nav":
                self._depth += 1
            elif tag in ("ol", "ul"):
                self.lists.append(tag)
            elif tag == "a":
                self._link = [attrs["href"], attrs.get("aria-current"), ""]

    def handle_endtag(self, tag):
        if self._depth and tag == "nav":
            self._depth -= 1
        elif self._link and tag == "a":
            href, current, name = self._link
            self.crumbs.append((name.strip(), href, current))
            self._link = None

    def handle_data(self, data):
        if self._link:
            self._link[2] += data


def crumbs(client, url):
    reader = CrumbReader()
    reader.feed(text(client.get(url)))
    assert reader.navs == 1 and reader.lists == ["ol"], url
    return reader.crumbs


def structured_trail(client, url):
    items = read(client, url).blocks()["BreadcrumbList"]["itemListElement"]
    return [(item["name"], item["item"].removeprefix("http://testserver")) for item in items]


@pytest.fixture
def movies():
    """Five live Movies stories an hour apart (0 is the newest), around a draft, a
    scheduled story and a TV story published in between."""
    section = SectionFactory(slug="movies")
    now = timezone.now()
    stories = [
        ArticleFactory(
            published=True,
            section=section,
            headline=f"Movies story {n}",
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(5)
    ]
    ArticleFactory(section=section, headline="A draft", publish_at=now - timedelta(minutes=90))
    ArticleFactory(
        section=section,
        scheduled=True,
        headline="Scheduled",
    )
    ArticleFactory(
        published=True,
        section=SectionFactory(slug="tv"),
        headline="TV in between",
        publish_at=now - timedelta(minutes=150),
    )
    return stories


def neighbours(client, story):
    context = client.get(story.get_absolute_url()).context
    return context["previous"], context["next"]


def test_previous_and_next_are_the_older_and_newer_stories_of_the_same_section(client, movies):
    previous, next_ = neighbours(client, movies[2])
    assert (previous, next_) == (movies[3], movies[1])

    page = text(client.get(movies[2].get_absolute_url()))
    nav = page.split('<nav class="story-nav" aria-label="More in Movies">', 1)[1].split("</nav>")[0]
    assert f'href="{movies[3].get_absolute_url()}"' in nav
    assert f'href="{movies[1].get_absolute_url()}"' in nav
    assert "Previous in Movies" in nav and "Next in Movies" in nav


def test_drafts_scheduled_stories_and_other_sections_are_skipped(client, movies):
    # Between 0 and 1 sits a draft; between 1 and 2 the TV story; the scheduled one is newest.
    assert neighbours(client, movies[0]) == (movies[1], None)
    assert neighbours(client, movies[1]) == (movies[2], movies[0])


def test_the_ends_of_the_section_have_one_neighbour_and_a_lone_story_none(client, movies):
    assert neighbours(client, movies[4]) == (None, movies[3])
    page = text(client.get(movies[4].get_absolute_url()))
    assert "Previous in Movies" not in page and "Next in Movies" in page

    alone = ArticleFactory(published=True, section=SectionFactory(slug="games"))
    assert neighbours(client, alone) == (None, None)
    assert 'class="story-nav"' not in text(client.get(alone.get_absolute_url()))


def test_stories_published_the_same_second_still_take_turns(client):
    when = timezone.now() - timedelta(hours=1)
    first, second, third = (ArticleFactory(published=True, publish_at=when) for _ in range(3))
    assert neighbours(client, second) == (first, third)


def test_a_preview_of_an_unpublished_story_has_no_neighbours(admin_client, movies):
    draft = ArticleFactory(section=movies[0].section)
    response = admin_client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert (response.context["previous"], response.context["next"]) == (None, None)


def test_the_article_page_shows_the_breadcrumbs_its_structured_data_states(client, movies):
    """Its trail stops at the section: the headline is right below it, not repeated."""
    story = movies[0]
    url = story.get_absolute_url()
    assert crumbs(client, url) == [("Home", "/", None), ("Movies", "/movies/", None)]
    shown = [(name, href) for name, href, _ in crumbs(client, url)]
    assert structured_trail(client, url) == [*shown, (story.headline, url)]


@pytest.mark.parametrize(
    ("url", "name"),
    [("/movies/", "Movies"), ("/tag/stunts/", "Stunts"), ("/author/maya-okafor/", "Maya Okafor")],
)
def test_list_pages_show_their_breadcrumbs(client, author, url, name):
    ArticleFactory(published=True, authors=[author], tags=["Stunts"])
    assert crumbs(client, url) == [("Home", "/", None), (name, url, "page")]
    assert structured_trail(client, url) == [("Home", "/"), (name, url)]


def test_related_stories_are_weighted_by_shared_tags(client):
    story = ArticleFactory(published=True, tags=["Stunts", "Sequels", "Cruise"])
    now = timezone.now()
    tv = SectionFactory(slug="tv")  # not the story's neighbours, which show as such
    one = ArticleFactory(
        published=True, tags=["Stunts"], publish_at=now - timedelta(minutes=1), section=tv
    )
    three = ArticleFactory(
        published=True,
        tags=["Stunts", "Sequels", "Cruise"],
        publish_at=now - timedelta(days=9),
        section=tv,
    )
    two = ArticleFactory(
        published=True, tags=["Sequels", "Cruise"], publish_at=now - timedelta(days=3), section=tv
    )
    ArticleFactory(tags=["Stunts", "Sequels", "Cruise"])  # a draft
    assert client.get(story.get_absolute_url()).context["related"] == [three, two, one]


def test_a_tag_page_counts_its_stories_and_lists_the_newest_first(client):
    now = timezone.now()
    old, new, mid = (
        ArticleFactory(published=True, tags=["Stunts"], publish_at=now - timedelta(days=days))
        for days in (9, 1, 4)
    )
    ArticleFactory(tags=["Stunts"])  # a draft: not counted
    response = client.get("/tag/stunts/")
    assert list(response.context["articles"]) == [new, mid, old]
    assert "3 stories, newest first." in text(response)
