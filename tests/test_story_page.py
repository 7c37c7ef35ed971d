"""The story page as a reader sees it: one picture at the top, the video named by what it
is, a share row, one row of topics, bylines with a face and a line, and around the story
other stories, none of them twice."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from articles.models import Article, Entity, Section
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, uploaded_image
from tests.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def movies():
    return Section.objects.get(slug="movies")


@pytest.fixture
def featurette(movies):
    return ArticleFactory(
        published=True,
        with_image=True,
        with_trailer=True,
        video_kind=Article.VideoKind.FEATURETTE,
        headline="Cruise & co. leap: “Dead Reckoning” featurette?",
        section=movies,
        tags=["Stunts", "tom cruise"],
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
    )


def page_of(client, story):
    return text(client.get(story.get_absolute_url()))


def part(page, start, end="</section>"):
    return page.split(start, 1)[1].split(end, 1)[0]


def test_the_share_links_carry_the_story_address_and_headline_encoded(client, featurette):
    page = page_of(client, featurette)
    url = quote(f"http://testserver{featurette.get_absolute_url()}", safe="")
    title = quote(featurette.headline, safe="")
    both = quote(f"{featurette.headline} http://testserver{featurette.get_absolute_url()}", safe="")
    links = re.findall(r'class="share__link" href="([^"]+)"', part(page, 'class="share"'))
    assert [link.replace("&amp;", "&") for link in links] == [
        f"https://x.com/intent/post?url={url}&text={title}",
        f"https://www.facebook.com/sharer/sharer.php?u={url}",
        f"https://www.reddit.com/submit?url={url}&title={title}",
        f"https://wa.me/?text={both}",
        f"mailto:?subject={title}&body={url}",
    ]
    assert "%E2%80%9CDead%20Reckoning%E2%80%9D" in title  # the curly quotes, encoded
    # Copy and the native sheet need a script: hidden until share.js shows them.
    assert re.search(r"<li data-share-copy hidden><button[^>]*>Copy link</button>", page)
    assert re.search(r"<li data-share-native hidden>", page)
    assert "reader/share.js" in page


def test_a_still_that_is_the_hero_is_not_shown_again_on_the_poster(client, featurette):
    featurette.trailer_still = featurette.hero
    featurette.save()
    page = page_of(client, featurette)
    hero = featurette.hero.picture["src"]
    assert page.count(f'src="{hero}"') == 1  # the hero, once
    assert "trailer__poster" not in page
    assert "trailer__frame--plain" in page


def test_the_video_s_own_still_is_its_poster(client, featurette):
    still = ImageFactory(file__color="navy", alt="")
    featurette.trailer_still = still
    featurette.save()
    page = page_of(client, featurette)
    frame = part(page, 'class="trailer__frame', "</a>")
    assert f'src="{still.picture["src"]}"' in frame
    assert featurette.hero.picture["src"] not in frame


def test_a_story_without_a_hero_leads_with_its_video_once(client, movies):
    story = ArticleFactory(
        published=True, with_trailer=True, section=movies, body="<p>One.</p><p>Two.</p>"
    )
    page = page_of(client, story)
    assert len(re.findall(r'class="trailer__play"', page)) == 1
    assert page.index('class="trailer__play"') < page.index("<p>One.</p>")


def test_the_video_is_called_what_the_editor_chose(client, featurette):
    page = page_of(client, featurette)
    video = part(page, '<section class="trailer"')
    assert "Watch the featurette" in video
    assert "Play the featurette" in video
    assert 'data-kind="Featurette"' in video
    assert "trailer" not in re.sub(r'class="[^"]*"|id="[^"]*"|aria-labelledby="[^"]*"', "", video)

    featurette.video_kind = Article.VideoKind.INTERVIEW
    featurette.save()
    assert "Play the interview" in page_of(client, featurette)


def test_topics_are_one_row_entities_first_with_no_name_twice(client, featurette):
    cruise = Entity.objects.create(kind="person", name="Tom Cruise", slug="tom-cruise")
    featurette.about.add(cruise)
    page = page_of(client, featurette)
    footer = part(page, '<footer class="story__footer">', "</footer>")
    assert footer.count('class="tag-list"') == 1
    names = re.findall(r'<li><a href="[^"]+"(?: rel="tag")?>([^<]+)</a></li>', footer)
    assert names == ["Tom Cruise", "Stunts"]  # the tag "tom cruise" is the same name
    assert f'href="{cruise.get_absolute_url()}"' in footer


def furniture(page):
    """The story addresses linked around the story: previous/next, related, the second column."""
    around = page.split("</article>", 1)[1].split('<footer class="site-footer">', 1)[0]
    return re.findall(r'href="(/movies/[^"]+/|/tv/[^"]+/)"', around)


def test_no_story_shows_twice_around_a_story(client, movies):
    now = timezone.now()
    story = ArticleFactory(published=True, section=movies, tags=["Stunts", "Sequels"])
    others = [
        ArticleFactory(
            published=True,
            with_image=True,
            section=movies,
            tags=["Stunts", "Sequels"][: 1 + n % 2],
            publish_at=now - timedelta(hours=n),
        )
        for n in range(1, 9)
    ]
    page = page_of(client, story)
    shown = furniture(page)
    assert len(shown) == len(set(shown)) >= 6
    assert story.get_absolute_url() not in shown
    assert 'class="story-nav"' in page and 'id="related-heading"' in page
    assert 'id="latest-heading"' in page
    # Related and latest show their hero's renditions as thumbnails.
    related = part(page, 'id="related-heading"', "</aside>")
    assert related.count('class="mini-card__image"') == related.count('class="mini-card"')
    assert all(o.get_absolute_url() in shown for o in others[:6])


def test_the_byline_at_the_end_has_a_photo_and_a_one_line_bio(client, movies):
    maya = AuthorFactory(
        name="Maya Okafor",
        slug="maya-okafor",
        bio="Film editor. Covers blockbusters, stunts and the people who do them.",
        photo=uploaded_image("maya.jpg"),
    )
    story = ArticleFactory(published=True, section=movies, authors=[maya])
    writers = part(page_of(client, story), '<section class="writers"')
    maya.refresh_from_db()
    assert f'<img class="writer__photo" src="{maya.photo.url}"' in writers
    assert 'href="/author/maya-okafor/" rel="author">Maya Okafor</a>' in writers
    assert '<span class="writer__bio">Film editor.</span>' in writers


def test_the_breadcrumbs_stop_at_the_section_not_the_headline(client, featurette):
    page = page_of(client, featurette)
    trail = part(page, '<nav class="breadcrumbs', "</nav>")
    assert ">Movies</a>" in trail
    assert "Dead Reckoning" not in trail


def test_a_preview_has_no_share_row(admin_client, movies):
    draft = ArticleFactory(section=movies)
    response = admin_client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 200
    assert draft.headline in text(response)
    assert 'class="share"' not in text(response)


def test_a_kept_story_page_follows_an_edit_to_a_story_beside_it(
    client, movies, django_capture_on_commit_callbacks
):
    now = timezone.now()
    story = ArticleFactory(published=True, section=movies, publish_at=now - timedelta(hours=1))
    ArticleFactory(published=True, section=movies, publish_at=now - timedelta(hours=2))
    beside = ArticleFactory(
        published=True, section=movies, headline="Old name", publish_at=now - timedelta(hours=3)
    )
    assert "Old name" in part(page_of(client, story), 'id="latest-heading"', "</aside>")
    assert "Old name" in page_of(client, story)  # kept now
    with django_capture_on_commit_callbacks(execute=True):
        beside.headline = "New name"
        beside.save()
    latest = part(page_of(client, story), 'id="latest-heading"', "</aside>")
    assert "New name" in latest and "Old name" not in latest
