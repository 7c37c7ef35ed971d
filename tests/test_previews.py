"""Previews: the desk sees unpublished stories as readers will, and can share them for a while."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory
from tests.helpers import text
from tests.test_admin import change_url

pytestmark = pytest.mark.django_db


def preview_url(article):
    return f"/admin/articles/article/{article.pk}/preview/"


def share_link(admin_client, article):
    page = text(admin_client.get(change_url(article)))
    match = re.search(r'value="http://testserver(/preview/[^"]+/)"', page)
    return match[1] if match else None


@pytest.mark.parametrize(
    "kind, banner",
    [
        ({}, "Draft: readers cannot see this yet."),
        ({"in_review": True}, "In review: readers cannot see this yet."),
        ({"scheduled": True}, "Scheduled: readers see this from"),
    ],
)
def test_the_desk_previews_an_unpublished_story_in_the_site_design(
    admin_client, client, kind, banner
):
    article = ArticleFactory(headline="Embargoed until Friday", with_image=True, **kind)
    assert client.get(article.get_absolute_url()).status_code == 404

    response = admin_client.get(preview_url(article))

    page = text(response)
    assert response.status_code == 200
    assert '<h1 class="story__headline">Embargoed until Friday</h1>' in page
    assert banner in page
    assert article.hero.file.url in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_readers_cannot_open_the_desk_preview(client):
    article = ArticleFactory()
    response = client.get(preview_url(article))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_change_form_offers_preview_and_a_share_link(admin_client):
    draft = ArticleFactory()
    page = text(admin_client.get(change_url(draft)))
    assert f'href="{preview_url(draft)}"' in page
    assert share_link(admin_client, draft)


def test_a_live_story_has_no_share_link(admin_client):
    assert share_link(admin_client, ArticleFactory(published=True)) is None


def test_a_share_link_lets_someone_without_an_account_read_the_draft(admin_client, client):
    draft = ArticleFactory(headline="The secret sequel")
    link = share_link(admin_client, draft)

    response = client.get(link)

    page = text(response)
    assert response.status_code == 200
    assert "The secret sequel" in page
    assert "not published yet; please don't pass this link on" in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_share_link_is_read_only(admin_client, client):
    link = share_link(admin_client, ArticleFactory())
    assert client.post(link, {"headline": "changed"}).status_code == 405


def test_a_share_link_stops_working_when_it_expires(admin_client, client, settings):
    link = share_link(admin_client, ArticleFactory(headline="The secret sequel"))
    settings.NEWSROOM_SHARE_PREVIEW_SECONDS = -1  # every link is now past its lifetime

    response = client.get(link)

    assert response.status_code == 410
    page = text(response)
    assert "This preview link has expired" in page
    assert "The secret sequel" not in page


def test_a_share_link_hands_over_to_the_real_page_once_published(admin_client, client):
    draft = ArticleFactory()
    link = share_link(admin_client, draft)
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = timezone.now() - timedelta(seconds=1)
    draft.save()

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_a_scheduled_story_stays_previewable_until_it_goes_live(admin_client, client):
    article = ArticleFactory(scheduled=True)
    link = share_link(admin_client, article)
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("token", ["abc", "1:2:3", "x" * 300])
def test_a_made_up_or_tampered_link_is_not_found(client, admin_client, token):
    assert client.get(f"/preview/{token}/").status_code == 404
    real = share_link(admin_client, ArticleFactory())
    assert client.get(real[:-3] + "xx/").status_code == 404


def test_a_share_link_to_a_deleted_story_is_not_found(admin_client, client):
    draft = ArticleFactory()
    link = share_link(admin_client, draft)
    draft.delete()
    assert client.get(link).status_code == 404
