"""Spoilers: blocks closed until a reader opens them, warnings readers see first, and no
summary of a story that gives anything away."""

import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Entity
from articles.richtext import sanitize_html
from reader.spoilers import close_spoilers
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers import changes_applied, form_fields, text
from tests.test_admin import change_url
from tests.test_desk import editor, signed_in  # noqa: F401
from tests.test_metadata import HeadReader

pytestmark = pytest.mark.django_db

TWIST = "Grace was the mole all along"
BODY = (
    "<p>The heist goes wrong in the second act.</p>"
    f'<blockquote class="spoiler"><p>{TWIST}, and the briefcase was empty.</p></blockquote>'
    "<p>Go and see it.</p>"
)


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="The heist film everyone argues about",
        standfirst="Our critic on the slipperiest thriller of the year.",
        body=BODY,
        publish_at=timezone.now() - timedelta(hours=1),
    )


def test_the_sanitiser_keeps_spoiler_blocks_and_no_other_class_or_tag():
    cleaned = sanitize_html(
        '<blockquote class="spoiler big"><p class="red">Twist</p></blockquote>'
        '<blockquote class="pullquote"><p>Quote</p></blockquote>'
        "<details open><summary>Pasted</summary><p>Box</p></details>"
    )
    assert cleaned == (
        '<blockquote class="spoiler"><p>Twist</p></blockquote>'
        "<blockquote><p>Quote</p></blockquote>"
        "Pasted<p>Box</p>"
    )


def test_spoiler_blocks_become_closed_details_and_nested_quotes_stay_quotes():
    body = (
        '<blockquote class="spoiler"><p>Twist</p><blockquote><p>Said in the film</p>'
        "</blockquote></blockquote><blockquote><p>Plain quote</p></blockquote>"
    )
    shown = close_spoilers(body, "Heist")
    assert shown.count('<details class="spoiler">') == 1 and " open" not in shown
    assert '<summary><span class="spoiler__label">Spoiler for Heist</span>' in shown
    assert shown.endswith(
        "</blockquote></div></details><blockquote><p>Plain quote</p></blockquote>"
    )


def test_readers_get_the_block_closed_in_the_page_without_a_script(client, story):
    page = text(client.get(story.get_absolute_url()))
    block = re.search(r'<details class="spoiler">.*?</details>', page, re.S)[0]
    assert "<summary>" in block and TWIST in block
    assert '<details class="spoiler" open' not in page


def test_no_summary_surface_quotes_a_spoiler_block(client, story):
    changes_applied()
    head = HeadReader()
    head.feed(text(client.get(story.get_absolute_url())))
    surfaces = [
        *head.og("og:description"),
        head.names["description"],
        head.names.get("twitter:description", ""),
        head.blocks()["NewsArticle"]["description"],
    ]
    for url in ("/feed/", "/feed/atom/", f"/{story.section.slug}/feed/"):
        feed = feedparser.parse(client.get(url).content)
        surfaces += [entry.summary for entry in feed.entries]
    search = text(client.get("/search/?q=mole"))
    assert story.headline in search  # found by what the block says…
    surfaces.append(re.search(r'<ol class="results">.*', search, re.S)[0])  # …never quoted
    surfaces.append(text(client.get("/news-sitemap.xml")))
    surfaces.append(text(client.get("/")))
    for surface in surfaces:
        assert "mole" not in surface and "briefcase" not in surface


def test_a_spoiling_story_warns_first_and_its_summaries_are_the_warning(client, story):
    story.spoilers, story.spoils = "ending", "The Long Con"
    story.save()
    changes_applied()
    warning = "Discusses the ending of The Long Con"

    page = text(client.get(story.get_absolute_url()))
    shown = page[page.index('<article class="story">') :]
    assert shown.index(warning) < shown.index(story.standfirst) < shown.index("story__body")
    assert '<span class="spoiler__label">Spoiler for The Long Con</span>' in page
    home = text(client.get("/"))
    card = re.search(
        rf'<article class="card[^"]*">(?:(?!</article>).)*{story.headline}.*?</article>', home, re.S
    )[0]
    assert warning in card and story.standfirst not in card
    head = HeadReader()
    head.feed(page)
    assert head.og("og:description") == [warning]
    assert head.blocks()["NewsArticle"]["description"] == warning
    feed = feedparser.parse(client.get("/feed/").content)
    assert feed.entries[0].summary == warning


def test_the_desk_sets_a_warning_and_explains_a_half_filled_one(story, editor):  # noqa: F811
    desk = signed_in(editor)
    form = form_fields(text(desk.get(change_url(story))))

    response = desk.post(change_url(story), {**form, "spoilers": "spoilers", "spoils": " "})
    assert "Name what the story spoils" in text(response)
    response = desk.post(change_url(story), {**form, "spoils": "The Long Con"})
    assert "Choose the warning readers see" in text(response)
    response = desk.post(change_url(story), {**form, "spoilers": "bogus", "spoils": "X"})
    assert "Select a valid choice" in text(response)
    story.refresh_from_db()
    assert story.spoiler_warning == ""

    form = form_fields(text(desk.get(change_url(story))))
    response = desk.post(
        change_url(story), {**form, "spoilers": "spoilers", "spoils": "The Long Con"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.spoiler_warning == "Spoilers for The Long Con"


def test_a_story_holding_a_closed_block_says_so_at_the_top_and_what_it_spoils(
    client, story, django_capture_on_commit_callbacks
):
    heist = Entity.objects.create(kind="film", name="The Long Con", slug="the-long-con")
    with django_capture_on_commit_callbacks(execute=True):
        story.about.add(heist)
    page = text(client.get(story.get_absolute_url()))
    note = "This story holds spoilers for The Long Con, hidden until you open them."
    start = page.index('<header class="story__header">')
    header = page[start : page.index("</header>", start)]
    assert note in header
    # The block itself names it too: what the story is about, no editor's words needed.
    assert '<span class="spoiler__label">Spoiler for The Long Con</span>' in page
    # What the editor says it spoils comes first.
    story.spoils = "the second act"
    story.save()
    changes_applied()
    page = text(client.get(story.get_absolute_url()))
    assert "This story holds spoilers for the second act" in page


def test_a_story_alone_in_its_section_still_leads_somewhere(client, story):
    elsewhere = ArticleFactory(
        published=True,
        headline="Elsewhere on the site",
        section=SectionFactory(slug="games"),
        publish_at=timezone.now() - timedelta(hours=2),
    )
    changes_applied()
    response = client.get(story.get_absolute_url())
    page = text(response)
    assert response.context["related"] == [] and response.context["previous"] is None
    rail = page[page.index('id="latest-heading"') :]
    assert rail.startswith('id="latest-heading" class="section-heading">Latest stories</h2>')
    assert f'href="{elsewhere.get_absolute_url()}"' in rail
    assert "latest" in response["xkey"].split()  # a newer story anywhere changes it
