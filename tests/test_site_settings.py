"""Site settings: what the desk changes about the site as a whole, without a deploy."""

import io
import json

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.models import SiteSettings
from tests.factories import ArticleFactory, uploaded_image
from tests.helpers import text
from tests.test_metadata import read

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/articles/sitesettings/1/change/"
ADD_URL = "/admin/articles/sitesettings/add/"


def form_data(**changes):
    return {
        "name": "Screen Daily Wire",
        "description": "Film and TV news, all day.",
        "share_image_alt": "",
        "twitter_handle": "",
        "facebook_url": "",
        "instagram_url": "",
        "youtube_url": "",
        **changes,
    }


@pytest.fixture
def story():
    return ArticleFactory(published=True, headline="A sequel is confirmed")


def test_without_a_row_the_site_uses_the_configured_name_and_description(client, story):
    assert not SiteSettings.objects.exists()
    page = text(client.get("/"))
    assert '<a class="site-name" href="/">Newsroom</a>' in page
    assert "Film, TV, music and games news" in page
    head = read(client, story.get_absolute_url())
    assert head.title == "A sequel is confirmed · Newsroom"
    assert head.og("og:site_name") == ["Newsroom"]
    assert "twitter:site" not in head.names
    assert feedparser.parse(client.get("/feed/").content).feed.title == "Newsroom"


def test_the_desk_renames_the_site_and_every_page_and_feed_follows_at_once(
    admin_client, client, story
):
    # Readers' pages first, so the old settings sit in the cache.
    assert read(client, story.get_absolute_url()).og("og:site_name") == ["Newsroom"]
    assert feedparser.parse(client.get("/feed/").content).feed.title == "Newsroom"

    response = admin_client.post(
        ADD_URL, form_data(logo=uploaded_image("logo.png", size=(240, 60), fmt="PNG"))
    )
    assert response.status_code == 302

    page = text(client.get("/"))
    assert 'class="site-logo"' in page and 'alt="Screen Daily Wire"' in page
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<p class="site-footer__name">Screen Daily Wire</p>' in footer
    assert "<p>Film and TV news, all day.</p>" in footer
    head = read(client, story.get_absolute_url())
    assert head.title == "A sequel is confirmed · Screen Daily Wire"
    assert head.og("og:site_name") == ["Screen Daily Wire"]
    publisher = head.blocks()["NewsArticle"]["publisher"]
    assert publisher["name"] == "Screen Daily Wire"
    logo = SiteSettings.objects.get().logo
    assert publisher["logo"]["url"] == "http://testserver" + logo.url
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (240, 60)
    feed = feedparser.parse(client.get("/feed/").content).feed
    assert feed.title == "Screen Daily Wire"
    assert feed.subtitle == "Film and TV news, all day."

    admin_client.post(CHANGE_URL, form_data(name="Wire", description="Shorter."))
    assert read(client, "/").og("og:site_name") == ["Wire"]
    assert feedparser.parse(client.get("/feed/atom/").content).feed.title == "Wire"


def test_a_new_logo_is_stored_without_its_metadata(admin_client):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (120, 40), "navy").save(buffer, "JPEG", exif=exif)
    logo = SimpleUploadedFile("logo.jpg", buffer.getvalue(), content_type="image/jpeg")
    admin_client.post(ADD_URL, form_data(logo=logo))
    with SiteSettings.objects.get().logo.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (120, 40)
        assert not picture.getexif()


def test_a_file_that_is_not_a_picture_is_refused_as_a_logo(admin_client):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = admin_client.post(ADD_URL, form_data(logo=fake))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"]
    assert not SiteSettings.objects.exists()


def test_a_share_image_needs_its_alt_text(admin_client):
    response = admin_client.post(ADD_URL, form_data(share_image=uploaded_image("share.jpg")))
    assert response.status_code == 200
    assert "Describe the image" in text(response)


def test_there_is_only_ever_one_row(admin_client):
    SiteSettings(name="First", description="One.").save()
    SiteSettings(name="Second", description="Two.").save()
    assert list(SiteSettings.objects.values_list("pk", "name")) == [(1, "Second")]

    assert admin_client.get(ADD_URL).status_code == 403
    assert admin_client.get("/admin/articles/sitesettings/1/delete/").status_code == 403
    response = admin_client.get("/admin/articles/sitesettings/")
    assert response.status_code == 302 and response["Location"] == CHANGE_URL
    assert admin_client.get(CHANGE_URL).status_code == 200


def test_before_the_first_save_the_desk_list_opens_the_form_filled_with_todays_values(
    admin_client,
):
    response = admin_client.get("/admin/articles/sitesettings/")
    assert response["Location"] == ADD_URL
    form = admin_client.get(ADD_URL).context["adminform"].form
    assert form.initial["name"] == "Newsroom"


def test_social_accounts_reach_the_cards_the_footer_and_the_publisher(client, story):
    SiteSettings(
        name="Newsroom",
        description="News.",
        twitter_handle="@newsroomfilm",
        facebook_url="https://www.facebook.com/newsroomfilm",
    ).save()
    head = read(client, story.get_absolute_url())
    assert head.names["twitter:site"] == "@newsroomfilm"
    assert head.blocks()["NewsArticle"]["publisher"]["sameAs"] == [
        "https://x.com/newsroomfilm",
        "https://www.facebook.com/newsroomfilm",
    ]
    page = text(client.get("/"))
    assert 'href="https://www.facebook.com/newsroomfilm"' in page


def test_a_story_without_a_picture_shares_the_default_image(client, story):
    SiteSettings(
        name="Newsroom",
        description="News.",
        share_image=uploaded_image("share.jpg", size=(120, 63)),
        share_image_alt="The Newsroom clapperboard.",
    ).save()
    share = "http://testserver" + SiteSettings.objects.get().share_image.url
    head = read(client, story.get_absolute_url())
    assert head.og("og:image") == [share]
    assert head.og("og:image:width") == ["120"]
    assert head.og("og:image:alt") == ["The Newsroom clapperboard."]
    assert head.names["twitter:card"] == "summary_large_image"
    # The story's own picture wins; the structured data names the story's pictures only.
    pictured = ArticleFactory(published=True, with_image=True)
    head = read(client, pictured.get_absolute_url())
    assert head.og("og:image") == ["http://testserver" + pictured.hero.file.url]
    assert "image" not in read(client, story.get_absolute_url()).blocks()["NewsArticle"]


def test_the_news_sitemap_names_the_publication(client, story):
    SiteSettings(name="Screen Wire", description="News.").save()
    page = text(client.get("/news-sitemap.xml"))
    assert "<news:name>Screen Wire</news:name>" in page


@pytest.mark.usefixtures("page_cache_off")  # count the page's own queries, not a cache hit
def test_settings_cost_one_query_after_a_save_and_none_after_that(client, story):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return [q["sql"] for q in captured.captured_queries]

    SiteSettings(name="Screen Wire", description="News.").save()
    cold = queries(story.get_absolute_url())
    warm = queries(story.get_absolute_url())
    assert sum("articles_sitesettings" in sql for sql in cold) == 1
    assert not any("articles_sitesettings" in sql for sql in warm)


def test_the_json_ld_publisher_falls_back_to_the_site_icon(client, story):
    blocks = [json.loads(block) for block in read(client, "/").json_ld]
    publisher = blocks[0]["publisher"]
    assert publisher["name"] == "Newsroom"
    assert publisher["logo"]["url"].endswith(".svg")
