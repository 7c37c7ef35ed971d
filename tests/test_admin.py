"""The editors' desk: listing, filtering, writing and publishing stories in the admin."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from library.renditions import interim_name
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    uploaded_image,
)
from tests.helpers import NO_NOTES, text

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def headlines_listed(response):
    return {article.headline for article in response.context["cl"].result_list}


def form_errors(response):
    """Field name -> error messages of the admin form in ``response``."""
    return {
        name: list(errors) for name, errors in response.context["adminform"].form.errors.items()
    }


# The changelist -------------------------------------------------------------------------


def test_changelist_shows_headline_section_status_and_bylines(admin_client):
    ArticleFactory(
        published=True,
        headline="Live headline",
        section=SectionFactory(slug="tv"),
        authors=[AuthorFactory(name="Daniel Reyes")],
    )
    ArticleFactory(headline="Draft headline")
    ArticleFactory(in_review=True, headline="Review headline")
    ArticleFactory(scheduled=True, headline="Scheduled headline")
    pictured = ArticleFactory(published=True, with_image=True, headline="Pictured headline")

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    page = text(response)
    for headline in ["Live headline", "Draft headline", "Review headline", "Scheduled headline"]:
        assert headline in page
    assert ">TV</td>" in page
    assert ">Daniel Reyes</td>" in page
    assert ">Published</td>" in page
    assert ">Draft</td>" in page
    assert ">In review</td>" in page
    assert "Scheduled<br><small>" in page
    # The pictured story's thumbnail is being made: until then its interim rendition,
    # never the full-size original.
    interim = default_storage.url(interim_name(pictured.hero.file.name))
    assert f'<img class="nr-thumb" src="{interim}"' in page
    assert pictured.hero.file.url not in page
    assert "No image" in page


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("draft", {"Draft headline"}),
        ("review", {"Review headline"}),
        ("scheduled", {"Scheduled headline"}),
        ("live", {"Live headline"}),
    ],
)
def test_changelist_status_filter(admin_client, state, expected):
    ArticleFactory(published=True, headline="Live headline")
    ArticleFactory(headline="Draft headline")
    ArticleFactory(in_review=True, headline="Review headline")
    ArticleFactory(scheduled=True, headline="Scheduled headline")

    response = admin_client.get(CHANGELIST_URL, {"state": state})

    assert response.status_code == 200
    assert headlines_listed(response) == expected


def test_changelist_section_featured_author_and_tag_filters(admin_client, author):
    tv = SectionFactory(slug="tv")
    ArticleFactory(headline="On TV", section=tv)
    ArticleFactory(headline="Featured one", featured=True)
    ArticleFactory(headline="By Maya", authors=[author])
    ArticleFactory(headline="About stunts", tags=["Stunts"])
    stunts = Tag.objects.get(name="Stunts")

    by_section = admin_client.get(CHANGELIST_URL, {"section__id__exact": tv.pk})
    featured = admin_client.get(CHANGELIST_URL, {"featured__exact": "1"})
    by_author = admin_client.get(CHANGELIST_URL, {"authors__id__exact": author.pk})
    by_tag = admin_client.get(CHANGELIST_URL, {"tags__id__exact": stunts.pk})

    assert headlines_listed(by_section) == {"On TV"}
    assert headlines_listed(featured) == {"Featured one"}
    assert headlines_listed(by_author) == {"By Maya"}
    assert headlines_listed(by_tag) == {"About stunts"}


def test_changelist_search(admin_client):
    ArticleFactory(headline="Skydive stunt featurette", standfirst="Up in the air.")
    ArticleFactory(headline="Renewal season", standfirst="Which shows return, and the skydive.")
    ArticleFactory(headline="Box office weekend", standfirst="Numbers.")

    assert headlines_listed(admin_client.get(CHANGELIST_URL, {"q": "skydive"})) == {
        "Skydive stunt featurette",
        "Renewal season",
    }
    assert headlines_listed(admin_client.get(CHANGELIST_URL, {"q": "box office"})) == {
        "Box office weekend"
    }
    assert headlines_listed(admin_client.get(CHANGELIST_URL, {"q": "nothing-like-it"})) == set()


def test_changelist_date_hierarchy(admin_client):
    ArticleFactory(published=True, headline="This year")
    ArticleFactory(
        published=True,
        headline="Long ago",
        publish_at=timezone.make_aware(datetime(2019, 6, 1, 12, 0)),
    )
    response = admin_client.get(CHANGELIST_URL, {"publish_at__year": "2019"})
    assert headlines_listed(response) == {"Long ago"}


def test_readers_cannot_reach_the_desk(client):
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Writing a story ------------------------------------------------------------------------


def test_add_form_loads_with_every_field(admin_client):
    response = admin_client.get(ADD_URL)

    assert response.status_code == 200
    page = text(response)
    for name in [
        "headline",
        "slug",
        "standfirst",
        "body",
        "hero_image",
        "hero_alt",
        "hero_caption",
        "hero_credit",
        "trailer_url",
        "section",
        "authors",
        "tags",
        "status",
        "publish_at_0",
        "featured",
    ]:
        assert f'name="{name}"' in page, name
    # The body is edited with django-prose-editor.
    assert "prose-editor" in page
    assert 'enctype="multipart/form-data"' in page


def test_posting_the_add_form_publishes_the_story_everywhere(admin_client, post_data, settings):
    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.slug == "tom-cruise-skydive-featurette"
    assert article.is_published
    assert [a.name for a in article.authors.all()] == ["Maya Okafor"]
    assert sorted(article.tags.names()) == ["Mission: Impossible", "Stunts", "Tom Cruise"]
    assert (article.hero.width, article.hero.height) == (160, 90)
    assert article.hero.file.name.startswith("articles/")
    assert (settings.MEDIA_ROOT / article.hero.file.name).is_file()
    assert LogEntry.objects.filter(object_id=str(article.pk)).exists()

    story = admin_client.get("/movies/tom-cruise-skydive-featurette/")
    assert story.status_code == 200
    page = text(story)
    assert '<h1 class="story__headline">Tom Cruise leaps from a plane' in page
    image_url = article.hero.file.url
    assert image_url.startswith("/media/articles/") and image_url.endswith(".jpg")
    # Until the renditions are made (tasks wait for the commit): the interim one.
    interim = default_storage.url(interim_name(article.hero.file.name))
    assert f'<img src="{interim}" srcset="{interim} 160w"' in page
    assert 'alt="A lone skydiver in free fall' in page
    assert "The stunt was filmed for real, in the air." in page
    assert "Photo: Paramount" in page
    assert "avz06PDqDbM" in page
    assert "https://www.youtube-nocookie.com/embed/avz06PDqDbM" in page
    assert "<strong>for real</strong>" in page
    for slug, name in [
        ("tom-cruise", "Tom Cruise"),
        ("stunts", "Stunts"),
        ("mission-impossible", "Mission: Impossible"),
    ]:
        assert f'<a href="/tag/{slug}/" rel="tag">{name}</a>' in page

    # The file behind that URL is the uploaded JPEG, in the (temporary) MEDIA_ROOT.
    stored = settings.MEDIA_ROOT / image_url.removeprefix(settings.MEDIA_URL)
    assert stored.read_bytes()[:2] == b"\xff\xd8"

    for url in [
        "/",
        "/movies/",
        "/tag/tom-cruise/",
        "/tag/stunts/",
        "/tag/mission-impossible/",
        "/author/maya-okafor/",
    ]:
        listing = admin_client.get(url)
        assert listing.status_code == 200, url
        assert 'href="/movies/tom-cruise-skydive-featurette/"' in text(listing), url


def test_tags_typed_in_another_case_reuse_the_existing_topic(admin_client, post_data, client):
    ArticleFactory(published=True, headline="Older stunt story", tags=["Stunts", "Tom Cruise"])
    post_data["tags"] = "stunts, TOM CRUISE"

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 302, form_errors(response)
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Stunts", "Tom Cruise"]
    page = text(client.get("/tag/stunts/"))
    assert "2 stories, newest first." in page
    assert "Older stunt story" in page
    assert post_data["headline"] in page


def test_posting_a_png_works_too(admin_client, post_data):
    post_data["hero_image"] = uploaded_image("poster.png", size=(40, 60), fmt="PNG")
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert (article.hero.width, article.hero.height) == (40, 60)


def test_an_image_without_alt_text_shows_an_error_and_saves_nothing(
    admin_client, post_data, settings
):
    post_data["hero_alt"] = ""

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 200
    assert form_errors(response) == {
        "hero_alt": ["Describe the image for readers who cannot see it."]
    }
    assert "Describe the image for readers who cannot see it." in text(response)
    assert not Article.objects.exists()
    assert not Tag.objects.exists()
    assert not (settings.MEDIA_ROOT / "articles").exists()  # no orphan upload either


def test_a_file_that_is_not_a_picture_is_refused(admin_client, post_data):
    post_data["hero_image"] = SimpleUploadedFile("hero.jpg", b"not a picture", "image/jpeg")
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 200
    assert "hero_image" in form_errors(response)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/video",
        "https://youtube.com.evil.example/watch?v=avz06PDqDbM",
        "https://www.dailymotion.com/video/x7tgad0",
    ],
)
def test_a_trailer_from_another_site_shows_an_error_and_saves_nothing(admin_client, post_data, url):
    post_data["trailer_url"] = url

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == ["trailer_url"]
    assert not Article.objects.exists()
    # The editor sees the message next to the field, and what they typed is kept.
    assert errors["trailer_url"][0] in text(response)
    assert response.context["adminform"].form["trailer_url"].value() == url


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.com/video", "example.com"),
        ("https://youtube.com.evil.example/watch?v=avz06PDqDbM", "youtube.com.evil.example"),
    ],
)
def test_a_foreign_trailer_error_names_youtube_and_vimeo(admin_client, post_data, url, host):
    post_data["trailer_url"] = url
    response = admin_client.post(ADD_URL, post_data)
    assert form_errors(response) == {
        "trailer_url": [f"Trailers can come from YouTube or Vimeo only; {host} is neither."]
    }


def test_a_youtube_address_without_a_video_is_refused_with_advice(admin_client, post_data):
    post_data["trailer_url"] = "https://www.youtube.com/watch?v=short"
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 200
    assert form_errors(response) == {
        "trailer_url": [
            "This YouTube address does not point to a single video. Open the video itself "
            "and copy its address from the browser or the Share button."
        ]
    }
    assert not Article.objects.exists()


def test_an_empty_slug_is_filled_from_the_headline(admin_client, post_data):
    post_data["slug"] = ""
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302, form_errors(response)
    assert (
        Article.objects.get().slug
        == "tom-cruise-leaps-from-a-plane-in-new-dead-reckoning-featurette"
    )


def test_a_slug_already_taken_is_refused(admin_client, post_data):
    ArticleFactory(slug="tom-cruise-skydive-featurette")
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 200
    assert "slug" in form_errors(response)
    assert Article.objects.count() == 1


def test_a_section_is_required_and_bylines_too(admin_client, post_data):
    post_data["section"] = ""
    post_data["authors"] = []
    response = admin_client.post(ADD_URL, post_data)
    assert set(form_errors(response)) == {"section", "authors"}
    assert not Article.objects.exists()


def test_a_draft_saved_in_the_admin_is_not_on_the_site(admin_client, post_data):
    post_data["status"] = Article.Status.DRAFT
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.publish_at is None
    assert admin_client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in text(admin_client.get("/"))


def test_a_future_publish_time_schedules_the_story(admin_client, post_data):
    when = timezone.localtime(timezone.now() + timedelta(days=3))
    post_data["publish_at_0"] = when.strftime("%d/%m/%Y")
    post_data["publish_at_1"] = when.strftime("%H:%M:%S")

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.is_scheduled
    assert admin_client.get(article.get_absolute_url()).status_code == 404
    listed = admin_client.get(CHANGELIST_URL)
    assert "Scheduled<br><small>" in text(listed)


# The change form ------------------------------------------------------------------------


def test_change_form_previews_the_image_and_the_trailer(admin_client):
    article = ArticleFactory(published=True, with_image=True, with_trailer=True)

    response = admin_client.get(change_url(article))

    assert response.status_code == 200
    page = text(response)
    interim = default_storage.url(interim_name(article.hero.file.name))
    assert (
        f'<img class="nr-hero-preview" src="{interim}" srcset="{interim} 64w" sizes="480px" '
        f'alt="A stunt double hanging from a helicopter over a canyon.">'
    ) in page
    # The trailer is a poster: the player loads only when the editor presses play.
    assert "<iframe" not in page
    player = "https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0&amp;autoplay=1"
    assert f'data-player="{player}"' in page
    assert 'href="https://www.youtube.com/watch?v=avz06PDqDbM"' in page
    assert "Open on YouTube" in page


def test_change_form_without_image_or_trailer_explains_the_previews(admin_client):
    article = ArticleFactory()
    page = text(admin_client.get(change_url(article)))
    assert "Pick a picture from the library or upload one." in page
    assert "Paste a YouTube or Vimeo address above: its preview shows here." in page
    assert "<iframe" not in page


def test_editing_a_story_keeps_its_image(admin_client):
    article = ArticleFactory(published=True, with_image=True, authors=[AuthorFactory()])
    data = {
        "headline": "A new headline",
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "hero": article.hero_id,
        "hero_alt": article.hero.alt,
        "hero_caption": article.hero.caption,
        "hero_credit": article.hero.credit,
        "trailer_url": "",
        "section": article.section.pk,
        "authors": [a.pk for a in article.authors.all()],
        "tags": "",
        "status": "published",
        "publish_at_0": timezone.localtime(article.publish_at).strftime("%d/%m/%Y"),
        "publish_at_1": timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
        "loaded_version": article.updated_at.isoformat(),
        **NO_NOTES,
    }
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    image = article.hero.file.name
    article.refresh_from_db()
    assert article.headline == "A new headline"
    assert article.hero.file.name == image


def test_view_on_site_only_for_live_stories(admin_client):
    live = ArticleFactory(published=True)
    draft = ArticleFactory()
    scheduled = ArticleFactory(scheduled=True)
    review = ArticleFactory(in_review=True)

    live_page = text(admin_client.get(change_url(live)))
    assert "View on site" in live_page

    for article in [draft, scheduled, review]:
        assert "View on site" not in text(admin_client.get(change_url(article))), article.status


def test_view_on_site_link_opens_the_reader_page(admin_client):
    live = ArticleFactory(published=True)
    page = text(admin_client.get(change_url(live)))
    link = re.search(r'<a href="([^"]+)" class="viewsitelink">', page)
    assert link, "no View on site link"
    assert link.group(1) == live.get_absolute_url()
    assert admin_client.get(link.group(1)).status_code == 200


# Bulk actions ----------------------------------------------------------------------------


def run_action(admin_client, action, articles):
    return admin_client.post(
        CHANGELIST_URL,
        {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"},
        follow=True,
    )


def test_publish_action_puts_drafts_live_now(admin_client, client):
    drafts = [ArticleFactory(headline="First draft"), ArticleFactory(in_review=True)]

    response = run_action(admin_client, "publish", drafts)

    assert response.status_code == 200
    assert "Published 2 stories." in text(response)
    for article in drafts:
        article.refresh_from_db()
        assert article.is_published
        assert client.get(article.get_absolute_url()).status_code == 200
    assert "First draft" in text(client.get("/"))


def test_publish_action_keeps_a_future_time(admin_client):
    when = timezone.now() + timedelta(days=1)
    draft = ArticleFactory(publish_at=when)

    response = run_action(admin_client, "publish", [draft])

    assert "Published 1 story." in text(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.publish_at == when
    assert draft.is_scheduled


def test_publish_action_on_published_stories_changes_nothing(admin_client):
    live = ArticleFactory(published=True)
    before = live.publish_at

    response = run_action(admin_client, "publish", [live])

    assert "The selected stories were already published." in text(response)
    live.refresh_from_db()
    assert live.publish_at == before


def test_return_to_draft_action_takes_stories_off_the_site(admin_client, client):
    live = [ArticleFactory(published=True), ArticleFactory(published=True)]

    response = run_action(admin_client, "return_to_draft", live)

    assert "Returned 2 stories to draft; readers no longer see them." in text(response)
    for article in live:
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert client.get(article.get_absolute_url()).status_code == 404


def test_the_actions_are_offered_on_the_changelist(admin_client):
    ArticleFactory()
    page = text(admin_client.get(CHANGELIST_URL))
    assert '<option value="publish">Publish the selected stories now</option>' in page
    assert '<option value="return_to_draft">Return the selected stories to draft</option>' in page


# Sections and authors --------------------------------------------------------------------


def test_a_section_cannot_be_added_at_a_reserved_address(admin_client):
    response = admin_client.post(
        "/admin/articles/section/add/",
        {"name": "Tags", "slug": "tag", "description": "", "position": 9},
    )
    assert response.status_code == 200
    assert "is already a page of the site" in text(response)
    assert not Section.objects.filter(slug="tag").exists()


def test_a_new_section_gets_its_page(admin_client, client):
    response = admin_client.post(
        "/admin/articles/section/add/",
        {"name": "Podcasts", "slug": "podcasts", "description": "Listen in.", "position": 9},
    )
    assert response.status_code == 302
    page = client.get("/podcasts/")
    assert page.status_code == 200
    assert "Listen in." in text(page)
    assert 'href="/podcasts/"' in text(client.get("/"))


def test_author_and_section_changelists_load(admin_client):
    AuthorFactory(name="Maya Okafor")
    authors = admin_client.get("/admin/articles/author/")
    sections = admin_client.get("/admin/articles/section/")
    assert authors.status_code == sections.status_code == 200
    assert "Maya Okafor" in text(authors)
    assert "Celebrity" in text(sections)
    assert admin_client.get("/admin/articles/author/add/").status_code == 200


def test_desk_pages_name_their_icon(admin_client):
    """Otherwise every desk page makes the browser ask for /favicon.ico as well."""
    for url in ["/admin/", ADD_URL, CHANGELIST_URL]:
        assert text(admin_client.get(url)).count('rel="icon"') == 1, url
