"""The front page: which story leads, the latest under it, a block per section, and what
each card tells a reader before they open the story (its time, a video, spoilers)."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, Section, SiteSettings
from tests.factories import ArticleFactory
from tests.helpers import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def pin(story):
    SiteSettings(name="Newsroom", description="Film and TV news.", lead=story).save()


def lead_of(client):
    page = text(client.get("/"))
    return page.split('aria-label="Lead story"', 1)[1].split('id="latest-heading"', 1)[0]


# The lead ------------------------------------------------------------------------------


def test_a_featured_story_leads_even_when_plain_stories_are_newer(client):
    ArticleFactory(
        published=True, headline="Older featured", featured=True, publish_at=hours_ago(8)
    )
    ArticleFactory(
        published=True, headline="Newer featured", featured=True, publish_at=hours_ago(4)
    )
    ArticleFactory(published=True, headline="Newest plain", publish_at=hours_ago(1))

    lead = lead_of(client)

    assert "Newer featured" in lead
    assert "Newest plain" not in lead


def test_with_nothing_featured_the_newest_story_leads(client):
    ArticleFactory(published=True, headline="Yesterday's story", publish_at=hours_ago(20))
    ArticleFactory(published=True, headline="This morning's story", publish_at=hours_ago(2))

    assert "This morning&#x27;s story" in lead_of(client)


def test_a_pinned_story_leads_above_newer_featured_ones(client):
    pinned = ArticleFactory(published=True, headline="Pinned interview", publish_at=hours_ago(30))
    ArticleFactory(
        published=True, headline="Fresh featured", featured=True, publish_at=hours_ago(1)
    )
    pin(pinned)

    response = client.get("/")

    assert response.context["lead"] == pinned
    assert "Pinned interview" in lead_of(client)
    assert text(response).count(pinned.get_absolute_url()) == 1  # not listed again below


@pytest.mark.parametrize("state", [{}, {"in_review": True}, {"scheduled": True}])
def test_a_pinned_story_readers_may_not_see_never_leads(client, state):
    hidden = ArticleFactory(headline="Not for readers yet", featured=True, **state)
    ArticleFactory(published=True, headline="The featured story", featured=True)
    SiteSettings(name="Newsroom", description="Film and TV news.", lead=hidden).save()

    page = text(client.get("/"))

    assert "The featured story" in lead_of(client)
    assert "Not for readers yet" not in page


def test_a_pinned_story_that_is_unpublished_gives_the_lead_back(client):
    pinned = ArticleFactory(published=True, headline="Pinned then pulled")
    ArticleFactory(published=True, headline="The featured story", featured=True)
    pin(pinned)
    assert "Pinned then pulled" in lead_of(client)

    pinned.status = Article.Status.DRAFT
    pinned.save()

    assert "Pinned then pulled" not in text(client.get("/"))
    assert "The featured story" in lead_of(client)


def test_the_desk_offers_only_published_stories_to_pin(admin_client):
    ArticleFactory(published=True, headline="A published story")
    draft = ArticleFactory(headline="A draft")

    response = admin_client.post(
        "/admin/articles/sitesettings/add/",
        {"name": "Newsroom", "description": "Film and TV news.", "lead": draft.pk},
    )

    assert response.status_code == 200  # the form again, with the error
    assert "lead" in response.context["adminform"].form.errors
    assert not SiteSettings.objects.exists()


# Under the lead ------------------------------------------------------------------------


def test_the_latest_show_as_cards_then_a_list_of_headlines_then_more(client):
    for n in range(settings.NEWSROOM_PAGE_SIZE + 3):
        ArticleFactory(
            published=True, headline=f"Latest story {n:02d}", publish_at=hours_ago(n + 1)
        )

    page = text(client.get("/"))

    latest = page.split('id="latest-heading"', 1)[1]
    row, rest = latest.split('class="latest-list"', 1)
    assert re.findall(r">Latest story (\d\d)</a>", row) == ["01", "02", "03", "04"]
    headlines = re.findall(r'class="latest-item__headline"[^>]*>Latest story (\d\d)', rest)
    assert headlines == [f"{n:02d}" for n in range(5, settings.NEWSROOM_PAGE_SIZE + 1)]
    assert '<a rel="next" href="?page=2">More of the latest stories</a>' in page


def test_each_section_has_a_block_of_its_stories_not_shown_above(client):
    movies, tv = Section.objects.get(slug="movies"), Section.objects.get(slug="tv")
    # Enough newer stories to fill the lead and the first page.
    for n in range(settings.NEWSROOM_PAGE_SIZE + 1):
        ArticleFactory(published=True, section=movies, publish_at=hours_ago(n + 1))
    older_tv = [
        ArticleFactory(
            published=True, section=tv, headline=f"Older TV {n}", publish_at=hours_ago(50 + n)
        )
        for n in range(6)
    ]
    ArticleFactory(section=tv, headline="A TV draft")

    page = text(client.get("/"))

    block = page.split('id="front-tv"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r">Older TV (\d)</a>", block) == ["0", "1", "2", "3"]
    assert '<a href="/tv/">More in TV</a>' in block
    assert "A TV draft" not in page
    # Every movies story is above already: no block repeats them, and none is empty.
    assert 'id="front-movies"' not in page
    for story in older_tv[:4]:
        assert page.count(story.get_absolute_url()) == 1


# Cards -----------------------------------------------------------------------------------


def test_a_spoiler_story_warns_on_its_card_and_in_the_list(client):
    for n in range(6):
        ArticleFactory(published=True, publish_at=hours_ago(n + 1))
    for hours in (8, 30):  # the lead (the featured one), and one among the headlines
        ArticleFactory(
            published=True,
            featured=hours == 30,
            headline=f"The finale, {hours}",
            standfirst="Who lives, who dies.",
            spoilers=Article.Spoilers.ENDING,
            spoils="The Long Night",
            publish_at=hours_ago(hours if hours != 30 else 0.5),
        )

    page = text(client.get("/"))

    # The cards say it in place of the standfirst; the list of headlines marks it.
    assert page.count("Discusses the ending of The Long Night") == 1
    assert "Who lives, who dies." not in page
    assert page.count('<span class="mark mark--spoiler">Spoilers</span>') == 2


def test_a_story_with_a_video_is_marked_with_its_kind(client):
    ArticleFactory(published=True, with_trailer=True, headline="Trailer story")
    ArticleFactory(
        published=True,
        with_trailer=True,
        video_kind=Article.VideoKind.INTERVIEW,
        headline="Interview story",
        publish_at=hours_ago(2),
    )
    ArticleFactory(published=True, headline="Text only", publish_at=hours_ago(3))

    page = text(client.get("/"))

    marks = re.findall(r'class="mark mark--video">(?:<svg.*?</svg>)?(\w+)</span>', page)
    assert sorted(marks) == ["Interview", "Trailer"]
    assert "Text only</a>" in page


def test_times_carry_the_exact_moment_for_the_script_that_says_how_long_ago(client):
    at = timezone.localtime(hours_ago(2)).replace(second=0, microsecond=0)
    ArticleFactory(published=True, publish_at=at)

    page = text(client.get("/"))

    exact = f"{at.day} {at:%B %Y, %H:%M}"
    assert f'<time datetime="{at.isoformat()}" data-ago>{exact}</time>' in page
    assert re.search(r'<script src="/static/reader/times\.[0-9a-f]*\.?js" defer>', page)
    assert " ago<" not in page  # the page itself never says "ago"


def test_bylines_on_cards_link_to_their_pages(client):
    story = ArticleFactory(published=True)
    author = story.authors.get()

    page = text(client.get("/"))

    assert f'<a href="{author.get_absolute_url()}" rel="author">{author.name}</a>' in page


# Section and tag pages ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/tv/", "/tag/renewals/"])
def test_a_section_or_tag_page_leads_with_its_newest_then_cards_then_headlines(client, url):
    tv = Section.objects.get(slug="tv")
    for n in range(settings.NEWSROOM_PAGE_SIZE + 2):
        ArticleFactory(
            published=True,
            section=tv,
            tags=["Renewals"],
            headline=f"TV story {n:02d}",
            publish_at=hours_ago(n + 1),
        )

    page = text(client.get(url))
    second = text(client.get(f"{url}?page=2"))

    lead = page.split('class="lead"', 1)[1].split('class="front-row', 1)[0]
    assert re.findall(r">TV story (\d\d)</a>", lead) == ["00"]
    row = page.split('class="front-row', 1)[1].split('class="latest-list"', 1)[0]
    assert re.findall(r">TV story (\d\d)</a>", row) == ["01", "02", "03"]
    rest = page.split('class="latest-list"', 1)[1]
    expected = [f"{n:02d}" for n in range(4, settings.NEWSROOM_PAGE_SIZE)]
    assert re.findall(r'class="latest-item__headline"[^>]*>TV story (\d\d)', rest) == expected
    # The next page goes on where the first stopped, as the plain grid.
    assert 'class="lead"' not in second
    assert re.findall(r">TV story (\d\d)</a>", second) == ["12", "13"]
