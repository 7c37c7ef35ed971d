"""The site's own pages (About, Contact…): written on the desk, at the top of the site,
listed in every page's footer, never taking a section's address."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Page, Section
from tests.factories import ArticleFactory
from tests.helpers import changes_applied, text
from tests.test_metadata import HeadReader

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/page/add/"


def page_form(**fields):
    return {
        "title": "About us",
        "slug": "about",
        "summary": "Who we are and how we report.",
        "body": "<p>We cover film and TV.</p><script>alert(1)</script>",
        "in_footer": "on",
        "position": 1,
        **fields,
    }


def test_an_editor_writes_the_about_page_and_every_footer_links_it(admin_client, client):
    story = ArticleFactory(published=True)
    client.get("/")  # kept, before the page exists
    assert admin_client.post(ADD, page_form()).status_code == 302
    changes_applied()

    about = client.get("/about/")
    assert about.status_code == 200
    page = text(about)
    assert "<h1>About us</h1>" in page and "<p>We cover film and TV.</p>" in page
    assert "<script>alert" not in page  # cleaned on save, as a story's body
    head = HeadReader()
    head.feed(page)
    assert head.blocks()["AboutPage"]["name"] == "About us"
    assert head.names["description"] == "Who we are and how we report."
    for url in ["/", story.get_absolute_url(), "/search/"]:
        footer = text(client.get(url)).split('<footer class="site-footer">', 1)[1]
        assert '<a href="/about/">About us</a>' in footer, url


def test_a_page_left_out_of_the_footer_still_has_its_address(admin_client, client):
    assert admin_client.post(ADD, page_form(slug="privacy", in_footer="")).status_code == 302
    changes_applied()
    assert client.get("/privacy/").status_code == 200
    assert 'href="/privacy/"' not in text(client.get("/"))


def test_a_page_and_a_section_never_share_an_address(admin_client):
    response = admin_client.post(ADD, page_form(slug="movies"))
    assert response.status_code == 200
    assert "The section “Movies” is at /movies/; pick another." in text(response)
    assert not Page.objects.exists()
    Page.objects.create(title="Contact", slug="contact")
    section = Section(name="Contact desk", slug="contact")
    with pytest.raises(ValidationError, match="The page “Contact” is at /contact/"):
        section.full_clean()


def test_a_page_cannot_take_an_address_of_the_site(admin_client):
    response = admin_client.post(ADD, page_form(slug="search"))
    assert response.status_code == 200
    assert "is already a page of the site" in text(response)


def test_an_unknown_address_and_a_sections_missing_page_are_still_404s(client):
    Page.objects.create(title="About", slug="about")
    assert client.get("/nothing-here/").status_code == 404
    assert client.get("/about/?page=2").status_code == 404
    assert client.get("/movies/?page=999").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("Writer", 403), ("Editor", 200)])
def test_editors_write_the_sites_pages_and_writers_do_not(client, django_user_model, role, status):
    from django.contrib.auth.models import Group

    person = django_user_model.objects.create_user("someone", password="x", is_staff=True)
    person.groups.add(Group.objects.get(name=role))
    client.force_login(person)
    assert client.get(ADD).status_code == status
