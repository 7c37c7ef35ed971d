"""Every reader page: what it lists, what it hides, and when it is a 404."""

import re
from datetime import UTC, datetime, timedelta

import factory
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Article, Author
from library.renditions import interim_name
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import assert_site_404, card_for, changes_applied, text
from tests.test_metadata import HeadReader

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def hidden():
    """Stories readers must never see, all in Movies, tagged and bylined like a live one."""
    author = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    common = {"section": SectionFactory(slug="movies"), "authors": [author], "tags": ["Stunts"]}
    return [
        ArticleFactory(headline="Draft about a stunt", **common),
        ArticleFactory(headline="In-review piece about a stunt", in_review=True, **common),
        ArticleFactory(headline="Scheduled scoop about a stunt", scheduled=True, **common),
    ]


def assert_hidden(page, hidden):
    for article in hidden:
        assert article.headline not in page
        assert article.get_absolute_url() not in page


# Home -------------------------------------------------------------------------------


def test_home_lists_published_stories_and_nothing_else(client, hidden):
    live = ArticleFactory(published=True, headline="Live story about a stunt")

    response = client.get("/")

    assert response.status_code == 200
    page = text(response)
    assert live.headline in page
    assert f'href="{live.get_absolute_url()}"' in page
    assert_hidden(page, hidden)


def test_home_with_no_stories_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet." in text(response)


def test_home_lead_is_the_newest_featured_story_and_is_not_repeated(client):
    ArticleFactory(
        published=True, headline="Old featured story", featured=True, publish_at=hours_ago(9)
    )
    lead = ArticleFactory(
        published=True, headline="New featured story", featured=True, publish_at=hours_ago(5)
    )
    ArticleFactory(published=True, headline="Newest plain story", publish_at=hours_ago(1))
    ArticleFactory(headline="Featured draft", featured=True)
    ArticleFactory(headline="Featured but scheduled", featured=True, scheduled=True)

    response = client.get("/")

    assert response.context["lead"] == lead
    page = text(response)
    lead_section = page.split('aria-label="Lead story"', 1)[1].split("Latest stories", 1)[0]
    assert "New featured story" in lead_section
    latest = page.split('id="latest-heading"', 1)[1]
    assert "New featured story" not in latest
    assert page.count(lead.get_absolute_url()) == 1
    assert "Newest plain story" in latest
    assert "Old featured story" in latest
    assert "Featured draft" not in page
    assert "Featured but scheduled" not in page


def test_home_lead_falls_back_to_the_newest_story(client):
    ArticleFactory(published=True, headline="Older story", publish_at=hours_ago(3))
    newest = ArticleFactory(published=True, headline="Newest story", publish_at=hours_ago(1))

    response = client.get("/")

    assert response.context["lead"] == newest
    latest = text(response).split('id="latest-heading"', 1)[1]
    assert "Newest story" not in latest
    assert "Older story" in latest


def test_home_lists_newest_first(client):
    for hours, name in [(5, "Fifth"), (1, "First"), (3, "Third"), (2, "Second"), (4, "Fourth")]:
        ArticleFactory(published=True, headline=f"{name} story", publish_at=hours_ago(hours))

    page = text(client.get("/"))

    latest = page.split('id="latest-heading"', 1)[1]
    positions = [latest.index(f"{name} story") for name in ["Second", "Third", "Fourth", "Fifth"]]
    assert positions == sorted(positions)


def test_home_pagination(client):
    page_size = settings.NEWSROOM_PAGE_SIZE
    # The lead, one full page under it, and two more for page 2.
    stories = [
        ArticleFactory(published=True, headline=f"Paged story {n:02d}.", publish_at=hours_ago(n))
        for n in range(1, page_size + 4)
    ]

    first = client.get("/")
    second = client.get("/?page=2")

    assert first.status_code == second.status_code == 200
    assert len(first.context["articles"]) == page_size
    assert 'rel="next" href="?page=2"' in text(first)
    page_two = text(second)
    assert "Page 2 of 2" in page_two
    assert 'rel="prev" href="?page=1"' in page_two
    # The lead is not shown again on page 2, and the two oldest stories are there.
    assert 'aria-label="Lead story"' not in page_two
    assert [a.headline for a in second.context["articles"]] == [
        stories[-2].headline,
        stories[-1].headline,
    ]
    assert stories[0].headline not in page_two
    assert_site_404(client.get("/?page=3"))


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1"])
def test_home_past_or_invalid_page_is_a_404(client, page):
    ArticleFactory(published=True)
    ArticleFactory(published=True)
    assert_site_404(client.get(f"/?page={page}"))


# Article ------------------------------------------------------------------------------


@pytest.fixture
def featurette():
    maya = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    daniel = AuthorFactory(name="Daniel Reyes", slug="daniel-reyes")
    return ArticleFactory(
        published=True,
        with_image=True,
        with_trailer=True,
        headline="Tom Cruise leaps from a plane in new featurette",
        standfirst="The star does his own skydive, and thanks the audience on the way down.",
        body="<p>Whatever you think of <em>Tom Cruise</em>, he does it for real.</p>",
        publish_at=timezone.make_aware(datetime(2024, 3, 9, 14, 30)),
        authors=[maya, daniel],
        tags=["Tom Cruise", "Stunts", "Mission: Impossible"],
    )


def test_article_page_shows_the_story(client, featurette):
    response = client.get(featurette.get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    assert len(re.findall(r"<h1\b", page)) == 1
    assert re.search(r"<h1[^>]*>Tom Cruise leaps from a plane in new featurette</h1>", page)
    assert "The star does his own skydive, and thanks the audience on the way down." in page
    assert "<p>Whatever you think of <em>Tom Cruise</em>, he does it for real.</p>" in page
    assert "<title>Tom Cruise leaps from a plane in new featurette · Newsroom</title>" in page
    # Hero image, with its alt text, caption and credit.
    # Its renditions wait for the commit: until then, the interim one its save made.
    interim = default_storage.url(interim_name(featurette.hero.file.name))
    assert f'<img src="{interim}"' in page
    assert featurette.hero.file.url.startswith("/media/articles/")
    assert interim.startswith("/media/renditions/articles/")
    assert 'alt="A stunt double hanging from a helicopter over a canyon."' in page
    assert 'width="64" height="36"' in page
    assert "Filmed on location, without a green screen." in page
    assert "Photo: Studio handout" in page
    # The publish date, in the site's time zone.
    assert '<time datetime="2024-03-09T14:30:00+00:00" data-ago>9 March 2024, 14:30</time>' in page
    # Section link.
    assert '<p class="kicker"><a href="/movies/">Movies</a></p>' in page


def test_article_page_bylines_link_to_author_pages(client, featurette):
    page = text(client.get(featurette.get_absolute_url()))
    # Bylines come in name order (Author.Meta.ordering), not in the order they were added.
    assert (
        '<span class="byline">By <a href="/author/daniel-reyes/" rel="author">Daniel Reyes</a>'
        ' and <a href="/author/maya-okafor/" rel="author">Maya Okafor</a></span>'
    ) in page
    assert client.get("/author/maya-okafor/").status_code == 200


def test_article_page_tags_link_to_tag_pages_sorted_by_name(client, featurette):
    page = text(client.get(featurette.get_absolute_url()))
    tags = re.findall(r'<a href="(/tag/[^"]+/)" rel="tag">([^<]+)</a>', page)
    assert tags == [
        ("/tag/mission-impossible/", "Mission: Impossible"),
        ("/tag/stunts/", "Stunts"),
        ("/tag/tom-cruise/", "Tom Cruise"),
    ]
    for url, _name in tags:
        assert client.get(url).status_code == 200


def test_article_page_trailer_is_a_light_poster_linking_to_the_video(client, featurette):
    page = text(client.get(featurette.get_absolute_url()))
    assert "Watch the trailer" in page
    # Without JavaScript the link opens the video; the player uses the privacy domain.
    assert 'href="https://www.youtube.com/watch?v=avz06PDqDbM"' in page
    assert (
        'data-player="https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0&amp;autoplay=1"'
        in page
    )
    assert "on YouTube" in page
    assert "reader/trailer.js" in page
    # No third-party frame loads before the reader presses play.
    assert "<iframe" not in page


def test_article_page_with_a_vimeo_trailer(client):
    article = ArticleFactory(published=True, trailer_url="https://vimeo.com/76979871")
    page = text(client.get(article.get_absolute_url()))
    assert 'href="https://vimeo.com/76979871"' in page
    assert 'data-player="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"' in page
    assert "on Vimeo" in page


def test_article_page_without_image_or_trailer(client):
    article = ArticleFactory(published=True)
    page = text(client.get(article.get_absolute_url()))
    assert "<figure" not in page
    assert "Watch the trailer" not in page
    assert "trailer.js" not in page


def test_headline_and_standfirst_are_escaped(client):
    article = ArticleFactory(
        published=True,
        headline="Fast & <b>Furious</b> returns",
        standfirst="<script>alert(1)</script> and more",
    )
    page = text(client.get(article.get_absolute_url()))
    assert "Fast &amp; &lt;b&gt;Furious&lt;/b&gt; returns" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and more" in page
    assert "<script>alert(1)" not in page


def test_related_stories_share_tags_and_are_published(client, featurette):
    # In another section, so neither is the story's previous or next (shown there instead).
    tv = SectionFactory(slug="tv")
    both = ArticleFactory(
        published=True, headline="Shares two tags", tags=["Stunts", "Tom Cruise"], section=tv
    )
    one = ArticleFactory(published=True, headline="Shares one tag", tags=["stunts"], section=tv)
    ArticleFactory(published=True, headline="Shares no tags", tags=["Horror"])
    ArticleFactory(headline="Draft sharing tags", tags=["Stunts", "Tom Cruise"])
    ArticleFactory(scheduled=True, headline="Scheduled sharing tags", tags=["Stunts"])

    response = client.get(featurette.get_absolute_url())

    assert response.context["related"] == [both, one]
    related = text(response).split('id="related-heading"', 1)[1]
    assert "Shares two tags" in related
    assert f'href="{both.get_absolute_url()}"' in related
    assert "Shares one tag" in related
    assert "Shares no tags" not in related
    assert "Draft sharing tags" not in related
    assert "Scheduled sharing tags" not in related
    assert featurette.headline not in related


def test_related_stories_show_at_most_four(client):
    article = ArticleFactory(published=True, tags=["Sequels"])
    for n in range(6):
        ArticleFactory(published=True, headline=f"Sequel news {n}", tags=["Sequels"])
    response = client.get(article.get_absolute_url())
    assert len(response.context["related"]) == 4


def test_article_without_tags_has_no_related_box(client):
    article = ArticleFactory(published=True)
    ArticleFactory(published=True)
    page = text(client.get(article.get_absolute_url()))
    assert "More on these topics" not in page
    assert 'rel="tag"' not in page


def test_article_under_the_wrong_section_redirects_permanently(client):
    article = ArticleFactory(published=True, section=SectionFactory(slug="tv"), slug="finale")

    response = client.get("/movies/finale/")

    assert response.status_code == 301
    assert response["Location"] == "/tv/finale/"
    assert client.get("/nonexistent-section/finale/").status_code == 301
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "make",
    [lambda: ArticleFactory(), lambda: ArticleFactory(in_review=True)],
    ids=["draft", "review"],
)
def test_unpublished_article_is_a_404(client, make):
    article = make()
    assert_site_404(client.get(f"/movies/{article.slug}/"))


def test_scheduled_article_is_a_404_until_its_time(client):
    article = ArticleFactory(scheduled=True)
    assert_site_404(client.get(article.get_absolute_url()))

    Article.objects.filter(pk=article.pk).update(publish_at=hours_ago(1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_missing_article_is_a_404(client):
    assert_site_404(client.get("/movies/no-such-story/"))


def test_a_story_returned_to_draft_disappears(client):
    article = ArticleFactory(published=True)
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert_site_404(client.get(article.get_absolute_url()))
    assert article.headline not in text(client.get("/"))


# Section ------------------------------------------------------------------------------


def test_section_page_lists_its_own_published_stories(client, hidden):
    movie = ArticleFactory(published=True, headline="A film story")
    tv = ArticleFactory(published=True, headline="A telly story", section=SectionFactory(slug="tv"))

    response = client.get("/movies/")

    assert response.status_code == 200
    page = text(response)
    assert re.search(r"<h1>Movies</h1>", page)
    assert "Trailers, casting, box office and reviews from the big screen." in page
    assert movie.headline in page
    assert tv.headline not in page
    assert_hidden(page, hidden)
    # The navigation marks every section; the TV page lists the other story.
    tv_page = text(client.get("/tv/"))
    assert tv.headline in tv_page
    assert movie.headline not in tv_page


def test_empty_section_page(client):
    response = client.get("/games/")
    assert response.status_code == 200
    assert "No stories in this section yet." in text(response)


def test_unknown_section_is_a_404(client):
    assert_site_404(client.get("/no-such-section/"))


def test_section_pagination(client):
    for n in range(settings.NEWSROOM_PAGE_SIZE + 1):
        ArticleFactory(
            published=True,
            headline=f"Music story {n}.",
            section=SectionFactory(slug="music"),
            publish_at=hours_ago(n + 1),
        )
    ArticleFactory(published=True, headline="Elsewhere")

    first = client.get("/music/")
    second = client.get("/music/?page=2")

    assert len(first.context["articles"]) == settings.NEWSROOM_PAGE_SIZE
    assert second.status_code == 200
    assert [a.headline for a in second.context["articles"]] == [
        f"Music story {settings.NEWSROOM_PAGE_SIZE}."
    ]
    assert "<title>Music, page 2 · Newsroom</title>" in text(second)


@pytest.mark.parametrize("page", ["999", "abc"])
def test_section_past_or_invalid_page_is_a_404(client, page):
    ArticleFactory(published=True)
    assert_site_404(client.get(f"/movies/?page={page}"))


# Tag ----------------------------------------------------------------------------------


def test_tag_page_lists_tagged_published_stories(client, hidden):
    tagged = ArticleFactory(published=True, headline="Tagged story", tags=["Stunts", "Sequels"])
    other_section = ArticleFactory(
        published=True,
        headline="Tagged TV story",
        tags=["stunts"],
        section=SectionFactory(slug="tv"),
    )
    untagged = ArticleFactory(published=True, headline="Untagged story")
    other_tag = ArticleFactory(published=True, headline="Other tag story", tags=["Sequels"])

    response = client.get("/tag/stunts/")

    assert response.status_code == 200
    page = text(response)
    assert "<h1>Stunts</h1>" in page
    assert "2 stories, newest first." in page
    assert tagged.headline in page
    assert other_section.headline in page
    assert untagged.headline not in page
    assert other_tag.headline not in page
    assert_hidden(page, hidden)


def test_tag_names_are_case_insensitive(client):
    ArticleFactory(published=True, tags=["Tom Cruise"])
    ArticleFactory(published=True, tags=["tom cruise"])
    response = client.get("/tag/tom-cruise/")
    assert "2 stories, newest first." in text(response)


def test_tag_with_only_unpublished_stories_is_empty(client, hidden):
    response = client.get("/tag/stunts/")
    assert response.status_code == 200
    page = text(response)
    assert "0 stories, newest first." in page
    assert "No published stories carry this tag yet." in page


def test_unknown_tag_is_a_404(client):
    assert_site_404(client.get("/tag/no-such-tag/"))


@pytest.mark.parametrize("page", ["999", "abc"])
def test_tag_past_or_invalid_page_is_a_404(client, page):
    ArticleFactory(published=True, tags=["Stunts"])
    assert_site_404(client.get(f"/tag/stunts/?page={page}"))


def test_tag_pagination(client):
    for n in range(settings.NEWSROOM_PAGE_SIZE + 2):
        ArticleFactory(published=True, tags=["Sequels"], publish_at=hours_ago(n + 1))
    second = client.get("/tag/sequels/?page=2")
    assert second.status_code == 200
    assert len(second.context["articles"]) == 2


# Author -------------------------------------------------------------------------------


def test_author_page_lists_their_published_stories(client, hidden):
    maya = Author.objects.get(slug="maya-okafor")
    maya.bio = "Film editor. Covers blockbusters and stunts."
    maya.save()
    theirs = ArticleFactory(published=True, headline="Maya on stunts", authors=[maya])
    shared = ArticleFactory(
        published=True, headline="Shared byline story", authors=[AuthorFactory(), maya]
    )
    someone_else = ArticleFactory(published=True, headline="Someone else's story")

    response = client.get("/author/maya-okafor/")

    assert response.status_code == 200
    page = text(response)
    assert "<h1>Maya Okafor</h1>" in page
    assert "Film editor. Covers blockbusters and stunts." in page
    assert theirs.headline in page
    assert shared.headline in page
    assert someone_else.headline not in page
    assert_hidden(page, hidden)


def test_an_author_page_shows_their_role_photo_or_initial_and_links(client, hidden):
    maya = Author.objects.get(slug="maya-okafor")
    maya.job_title = "Film editor"
    maya.links = "https://bsky.app/profile/maya.example\nhttps://www.maya-writes.example/"
    maya.save()
    ArticleFactory(published=True, headline="Maya on stunts", authors=[maya])
    changes_applied()
    page = text(client.get("/author/maya-okafor/"))
    assert '<p class="kicker">Film editor</p>' in page
    assert 'aria-hidden="true">M</span>' in page  # no photo: her initial, not a hole
    assert '<a href="https://bsky.app/profile/maya.example" rel="me external">Bluesky</a>' in page
    assert (
        '<a href="https://www.maya-writes.example/" rel="me external">maya-writes.example</a>'
        in page
    )
    assert 'href="/author/maya-okafor/feed/"' in page
    head = HeadReader()
    head.feed(page)
    person = head.blocks()["ProfilePage"]["mainEntity"]
    assert person["jobTitle"] == "Film editor"
    assert person["sameAs"][0] == "https://bsky.app/profile/maya.example"


def test_author_with_no_published_stories(client, hidden):
    response = client.get("/author/maya-okafor/")
    assert response.status_code == 200
    assert "No published stories by this author yet." in text(response)


def test_unknown_author_is_a_404(client):
    assert_site_404(client.get("/author/nobody-at-all/"))


@pytest.mark.parametrize("page", ["999", "abc"])
def test_author_past_or_invalid_page_is_a_404(client, page):
    author = AuthorFactory()
    ArticleFactory(published=True, authors=[author])
    assert_site_404(client.get(f"{author.get_absolute_url()}?page={page}"))


def test_author_pagination(client):
    author = AuthorFactory()
    for n in range(settings.NEWSROOM_PAGE_SIZE + 1):
        ArticleFactory(published=True, authors=[author], publish_at=hours_ago(n + 1))
    ArticleFactory(published=True)
    second = client.get(f"{author.get_absolute_url()}?page=2")
    assert second.status_code == 200
    assert len(second.context["articles"]) == 1


# Every page ----------------------------------------------------------------------------


def test_cards_show_section_byline_date_and_image(client):
    author = AuthorFactory(name="Priya Shah")
    article = ArticleFactory(
        published=True,
        with_image=True,
        headline="Five film scores",
        section=SectionFactory(slug="music"),
        authors=[author],
        publish_at=timezone.make_aware(datetime(2024, 5, 1, 9, 0)),
    )
    ArticleFactory(published=True, headline="Newer lead story")  # the home lead
    for url in ["/", "/music/", author.get_absolute_url()]:
        card = card_for(text(client.get(url)), article.get_absolute_url())
        assert f'src="{default_storage.url(interim_name(article.hero.file.name))}"' in card, url
        assert 'alt="A stunt double hanging from a helicopter over a canyon."' in card, url
        assert '<a href="/music/">Music</a>' in card, url
        byline = f'By <a href="{author.get_absolute_url()}" rel="author">Priya Shah</a>'
        assert byline in card, url
        assert "1 May 2024" in card, url


def test_every_page_has_the_section_navigation_and_a_canonical_link(client):
    article = ArticleFactory(published=True, tags=["Stunts"])
    author = article.authors.get()
    for url in [
        "/",
        "/movies/",
        "/tag/stunts/",
        author.get_absolute_url(),
        article.get_absolute_url(),
    ]:
        page = text(client.get(url))
        nav = page.split('aria-label="Sections"', 1)[1].split("</nav>", 1)[0]
        assert re.findall(r'href="(/[a-z]+/)"', nav) == [
            "/movies/",
            "/tv/",
            "/music/",
            "/games/",
            "/celebrity/",
        ], url
        assert f'<link rel="canonical" href="http://testserver{url}">' in page, url


def test_navigation_marks_the_current_section(client):
    article = ArticleFactory(published=True, section=SectionFactory(slug="tv"))
    current = '<a href="/tv/" aria-current="page">TV</a>'
    assert current in text(client.get("/tv/"))
    assert current in text(client.get(article.get_absolute_url()))
    assert 'aria-current="page"' not in text(client.get("/"))
    movies = text(client.get("/movies/"))
    assert '<a href="/movies/" aria-current="page">Movies</a>' in movies
    assert '<a href="/tv/">TV</a>' in movies


def test_dates_are_shown_and_marked_up_in_local_time(client):
    summer = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    article = ArticleFactory(published=True, publish_at=summer)
    page = text(client.get(article.get_absolute_url()))
    assert '<time datetime="2024-07-01T13:00:00+01:00" data-ago>1 July 2024, 13:00</time>' in page


def test_only_the_first_picture_on_a_page_loads_eagerly(client):
    for n in range(3):
        ArticleFactory(published=True, with_image=True, publish_at=hours_ago(n + 1))
    section = text(client.get("/movies/"))
    assert section.count('fetchpriority="high"') == 1
    assert section.count('loading="lazy"') == 2
    assert section.index('fetchpriority="high"') < section.index('loading="lazy"')
    home = text(client.get("/"))
    lead = home.split('aria-label="Lead story"', 1)[1].split("Latest stories", 1)[0]
    assert 'fetchpriority="high"' in lead
    assert home.count('fetchpriority="high"') == 1


def test_author_page_shows_the_authors_photo(client):
    author = AuthorFactory(
        photo=factory.django.ImageField(filename="maya.png", width=96, height=96, format="PNG")
    )
    page = text(client.get(author.get_absolute_url()))
    assert f'<img class="author-photo" src="{author.photo.url}" alt=""' in page


@pytest.mark.parametrize("name", ["Beyoncé", "Pokémon", "鬼滅の刃"])
def test_a_tag_with_accented_or_non_latin_letters_has_a_working_page(client, name):
    article = ArticleFactory(published=True, tags=[name])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    link = re.search(rf'<a href="([^"]+)" rel="tag">{name}</a>', text(response))
    assert link
    tag_page = client.get(link.group(1))
    assert tag_page.status_code == 200
    assert article.headline in text(tag_page)


def test_a_popular_tag_pages_through_the_same_stories_newest_first(client, monkeypatch):
    # Past POPULAR_TAG stories a tag page walks the newest stories instead of the
    # tag's rows; readers must not be able to tell.
    monkeypatch.setattr("reader.lists.POPULAR_TAG", 3)
    for n in range(settings.NEWSROOM_PAGE_SIZE + 2):
        ArticleFactory(published=True, tags=["Sequels"], publish_at=hours_ago(n + 1))
    ArticleFactory(published=True, tags=["Casting"], publish_at=hours_ago(0.5))
    ArticleFactory(scheduled=True, tags=["Sequels"])
    first = client.get("/tag/sequels/")
    second = client.get("/tag/sequels/?page=2")
    headlines = [a.headline for a in first.context["articles"]]
    headlines += [a.headline for a in second.context["articles"]]
    expected = Article.objects.published().filter(tags__slug="sequels").order_by("-publish_at")
    assert headlines == [a.headline for a in expected]
    assert f"{settings.NEWSROOM_PAGE_SIZE + 2} stories, newest first." in text(first)
