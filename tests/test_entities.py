"""People, films and shows: checked public ids, hub pages, feeds, sitemap and JSON-LD."""

from datetime import date, timedelta

import feedparser
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Credit, Entity, ReleaseDate
from tests.factories import ArticleFactory, SectionFactory
from tests.helpers import changes_applied, text
from tests.test_metadata import read

pytestmark = pytest.mark.django_db

HUB = "/people/tom-cruise/"


@pytest.fixture
def cruise():
    return Entity.objects.create(
        kind="person",
        name="Tom Cruise",
        slug="tom-cruise",
        description="Actor and producer who does his own stunts.",
        imdb_id="nm0000129",
        wikidata_id="Q37079",
        tmdb_id=500,
    )


@pytest.fixture
def film():
    return Entity.objects.create(
        kind="film", name="Dead Reckoning", slug="dead-reckoning", imdb_id="tt9603212"
    )


@pytest.fixture
def featurette(cruise, film):
    story = ArticleFactory(
        published=True, headline="Cruise jumps again", section=SectionFactory(slug="movies")
    )
    story.about.add(cruise)
    story.mentions.add(film)
    return story


def entity(**fields):
    found = Entity(**{"kind": "person", "name": "Someone", "slug": "someone", **fields})
    found.full_clean()
    return found


# Public ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"wikidata_id": "37079"}, "wikidata_id", "Q37079"),
        ({"wikidata_id": "Q0"}, "wikidata_id", "Q and its number"),
        ({"imdb_id": "tt9603212"}, "imdb_id", "starts with nm"),
        ({"imdb_id": "nm12"}, "imdb_id", "seven digits"),
        ({"kind": "film", "imdb_id": "nm0000129"}, "imdb_id", "starts with tt"),
        ({"kind": "franchise", "imdb_id": "tt0117060"}, "imdb_id", "no page for a franchise"),
        ({"official_site": "javascript:alert(1)"}, "official_site", "valid URL"),
    ],
)
def test_a_public_id_of_the_wrong_shape_is_refused_in_words(fields, field, words):
    with pytest.raises(ValidationError) as refused:
        entity(**fields)
    assert words in " ".join(refused.value.message_dict[field])


def test_ids_are_tidied_and_give_the_public_addresses():
    found = entity(wikidata_id=" q37079 ", imdb_id="NM0000129", tmdb_id=500)
    assert (found.wikidata_id, found.imdb_id) == ("Q37079", "nm0000129")
    assert found.same_as == [
        "https://www.wikidata.org/wiki/Q37079",
        "https://www.imdb.com/name/nm0000129/",
        "https://www.themoviedb.org/person/500",
    ]


def test_a_duplicate_id_names_the_record_that_has_it(cruise):
    with pytest.raises(ValidationError) as refused:
        entity(name="T. Cruise", slug="t-cruise", imdb_id="nm0000129")
    message = refused.value.message_dict["imdb_id"][0]
    assert "Tom Cruise (person) already has this id" in message
    assert f"number {cruise.pk}" in message


def test_tmdb_numbers_are_per_kind(cruise):
    # TMDB's person 500 and movie 500 are different records.
    entity(kind="film", name="A film", slug="a-film", tmdb_id=500)
    with pytest.raises(ValidationError):
        entity(name="Another", slug="another", tmdb_id=500)


def test_only_films_and_shows_belong_to_a_franchise():
    franchise = Entity.objects.create(kind="franchise", name="M:I", slug="mi")
    entity(kind="film", name="A film", slug="a-film", franchise=franchise)
    with pytest.raises(ValidationError) as refused:
        entity(franchise=franchise)
    assert "Only a film or a show" in refused.value.message_dict["franchise"][0]


# Hub pages --------------------------------------------------------------------------------


def test_a_hub_lists_the_stories_about_and_mentioning_it(client, featurette, film):
    other = ArticleFactory(published=True, headline="A second Cruise story")
    other.mentions.add(Entity.objects.get(slug="tom-cruise"))
    ArticleFactory(headline="A draft about Cruise").about.add(featurette.about.get())
    ArticleFactory(scheduled=True, headline="A scheduled one").about.add(featurette.about.get())

    page = text(client.get(HUB))

    assert "Cruise jumps again" in page and "A second Cruise story" in page
    assert "A draft about Cruise" not in page and "A scheduled one" not in page
    assert "https://www.imdb.com/name/nm0000129/" in page
    assert featurette.headline in text(client.get("/films/dead-reckoning/"))


def test_nobody_without_published_coverage_has_a_page(client, cruise):
    ArticleFactory(headline="An embargoed story").about.add(cruise)
    for url in (HUB, f"{HUB}feed/", "/people/nobody/", "/films/tom-cruise/"):
        assert client.get(url).status_code == 404
    assert "Tom Cruise" not in text(client.get("/people/"))


@pytest.mark.parametrize(
    "url",
    [
        "/people/tom-cruise/?page=99",
        "/people/tom-cruise/?page=abc",
        "/people/?page=-1",
        "/people/%3Cscript%3E/",
        "/people/tom%00cruise/",
        "/people/tom-cruise/feed/?page=x%00",
        "/robots/tom-cruise/",
    ],
)
def test_bad_pages_are_404s(client, featurette, url):
    expected = 200 if "feed" in url else 404  # a feed has no pages: the query is ignored
    assert client.get(url).status_code == expected


def test_a_hub_shows_release_dates_upcoming_first_and_credits(client, featurette, cruise, film):
    today = timezone.localdate()
    ReleaseDate.objects.create(work=film, country="US", date=today - timedelta(days=400))
    ReleaseDate.objects.create(
        work=film, country="GB", date=today + timedelta(days=30), kind="streaming", note="4K"
    )
    Credit.objects.create(person=cruise, work=film, role="actor", character="Ethan Hunt")

    film_page = text(client.get("/films/dead-reckoning/"))
    person_page = text(client.get(HUB))

    assert film_page.index("Streaming, GB (4K)") < film_page.index("In cinemas, US")
    # Each credit leads to the other's hub: both have published coverage.
    assert f'<a href="{HUB}">Tom Cruise</a>: actor (Ethan Hunt)' in film_page
    assert '<a href="/films/dead-reckoning/">Dead Reckoning</a>: actor (Ethan Hunt)' in person_page


def test_a_credit_links_only_to_a_hub_that_is_up(client, featurette, cruise):
    unannounced = Entity.objects.create(kind="film", name="Untitled sequel", slug="untitled")
    Credit.objects.create(person=cruise, work=unannounced, role="actor")
    response = client.get(HUB)
    page = text(response)
    assert "<li>Untitled sequel: actor</li>" in page and 'href="/films/untitled/"' not in page
    assert "entities" in response["xkey"].split()  # its hub going up purges this page
    story = ArticleFactory(published=True, headline="The sequel has a name")
    story.about.add(unannounced)
    changes_applied()
    assert '<a href="/films/untitled/">Untitled sequel</a>: actor' in text(client.get(HUB))


def test_a_hubs_public_records_are_plain_labelled_links(client, featurette):
    page = text(client.get(HUB))
    links = page[page.index('<p class="hub-links">') :]
    links = links[: links.index("</p>")]
    assert 'IMDb <span class="hub-links__id">nm0000129</span></a>' in links
    assert 'Wikidata <span class="hub-links__id">Q37079</span></a>' in links
    assert "tag-list" not in links


def test_the_index_lists_the_most_recently_covered_first(client, featurette, cruise):
    older = Entity.objects.create(kind="person", name="Aaron Older", slug="aaron-older")
    old_story = ArticleFactory(published=True)
    Article.objects.filter(pk=old_story.pk).update(publish_at=timezone.now() - timedelta(days=9))
    old_story.about.add(older)

    page = text(client.get("/people/"))

    assert page.index("Tom Cruise") < page.index("Aaron Older")


def test_editing_an_entity_shows_at_once_everywhere(
    client, featurette, cruise, django_capture_on_commit_callbacks
):
    story_url = featurette.get_absolute_url()
    for url in (HUB, story_url, "/people/"):
        assert "Tom Cruise" in text(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):  # the stories' labels task
        cruise.name = "Thomas Cruise"
        cruise.save()

    for url in (HUB, story_url, "/people/"):
        assert "Thomas Cruise" in text(client.get(url)), url


def test_unlinking_the_only_story_takes_the_hub_down(client, featurette, cruise):
    assert client.get(HUB).status_code == 200
    featurette.about.remove(cruise)
    assert client.get(HUB).status_code == 404


def test_the_hub_follows_its_stories_publishing(client, cruise):
    story = ArticleFactory(scheduled=True, headline="Cruise, soon")
    story.about.add(cruise)
    assert client.get(HUB).status_code == 404
    with time_machine.travel(story.publish_at + timedelta(minutes=1)):
        assert "Cruise, soon" in text(client.get(HUB))  # went live: nothing was saved

        story.status = Article.Status.DRAFT
        story.save()
        assert client.get(HUB).status_code == 404


HEADER_QUERIES = 4


def test_hub_pages_run_the_same_queries_with_3_or_30_stories(client, settings, cruise):
    settings.NEWSROOM_PAGE_CACHE = False

    def queries():
        changes_applied()
        client.get(HUB)  # the first visit keeps the count
        with CaptureQueriesContext(connection) as found:
            assert client.get(HUB).status_code == 200
        return len(found)

    def stories(number):
        for _ in range(number):
            ArticleFactory(published=True, with_image=True).about.add(cruise)

    stories(3)
    few = queries()
    stories(27)
    many = queries()
    ArticleFactory(published=True, tags=["Stunts"])
    changes_applied()
    client.get("/tag/stunts/")
    with CaptureQueriesContext(connection) as tag_page:
        client.get("/tag/stunts/")

    # A tag page's queries, and the hub's header: the entity's release dates, credits,
    # cast and crew, and works, each one query however many there are.
    assert few == many == len(tag_page) + HEADER_QUERIES


# Feeds, sitemap, machines ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [f"{HUB}feed/", f"{HUB}feed/atom/"])
def test_a_hub_has_feeds_a_reader_can_read(client, featurette, url):
    ArticleFactory(headline="A draft about him").about.add(featurette.about.get())
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Cruise jumps again"]
    assert "Tom Cruise" in feed.feed.title


def test_hubs_are_in_the_sitemap(client, featurette):
    sitemap = client.get("/sitemap-entities.xml").content.decode()
    assert "http://testserver/people/tom-cruise/" in sitemap
    assert "http://testserver/films/dead-reckoning/" in sitemap


def test_the_story_says_who_and_what_it_is_about(client, featurette):
    head = read(client, featurette.get_absolute_url())
    story = head.blocks()["NewsArticle"]

    assert story["about"] == [
        {
            "@type": "Person",
            "name": "Tom Cruise",
            "url": "http://testserver/people/tom-cruise/",
            "sameAs": [
                "https://www.wikidata.org/wiki/Q37079",
                "https://www.imdb.com/name/nm0000129/",
                "https://www.themoviedb.org/person/500",
            ],
        }
    ]
    assert [item["@type"] for item in story["mentions"]] == ["Movie"]
    assert "Tom Cruise" in story["keywords"]
    page = text(client.get(featurette.get_absolute_url()))
    assert 'href="/people/tom-cruise/"' in page


def test_a_hub_is_a_profile_page_with_the_person_as_main_entity(client, featurette):
    blocks = read(client, HUB).blocks()
    profile = blocks["ProfilePage"]
    assert profile["mainEntity"]["@type"] == "Person"
    assert "https://www.imdb.com/name/nm0000129/" in profile["mainEntity"]["sameAs"]
    assert (
        read(client, "/films/dead-reckoning/").blocks()["CollectionPage"]["mainEntity"]["@type"]
        == "Movie"
    )


def test_a_section_cannot_take_a_hub_address():
    from articles.slugs import validate_section_slug

    for slug in ("people", "films", "shows"):
        with pytest.raises(ValidationError):
            validate_section_slug(slug)


# The desk --------------------------------------------------------------------------------------


def test_the_desk_refuses_a_duplicate_and_links_a_story(admin_client, cruise, post_data):
    response = admin_client.post(
        "/admin/articles/entity/add/",
        {
            "kind": "person",
            "name": "T. Cruise",
            "slug": "t-cruise",
            "imdb_id": "nm0000129",
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
            "releases-TOTAL_FORMS": 0,
            "releases-INITIAL_FORMS": 0,
            "cast_and_crew-TOTAL_FORMS": 0,
            "cast_and_crew-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Tom Cruise (person) already has this id" in text(response)
    assert not Entity.objects.filter(slug="t-cruise").exists()

    post_data["about"] = [cruise.pk]
    assert admin_client.post("/admin/articles/article/add/", post_data).status_code == 302
    story = Article.objects.get(slug=post_data["slug"])
    assert list(story.about.all()) == [cruise]
    assert story.labels["entities"][0][:4] == ["person", "Tom Cruise", "tom-cruise", True]


def test_release_dates_want_a_country_code(film):
    release = ReleaseDate(work=film, country="uk", date=date(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        release.full_clean()
    assert "Two capital letters" in refused.value.message_dict["country"][0]


# Tags that stay tidy ---------------------------------------------------------------------------


def test_typed_tags_are_one_whatever_their_case_and_spacing(admin_client, post_data):
    post_data["tags"] = "Box  office, box office , Stunts"
    assert admin_client.post("/admin/articles/article/add/", post_data).status_code == 302
    story = Article.objects.get(slug=post_data["slug"])
    assert sorted(story.tags.names()) == ["Box office", "Stunts"]


def merge_on_the_desk(admin_client, tags, keep):
    selected = [tag.pk for tag in tags]
    step = admin_client.post(
        "/admin/taggit/tag/", {"action": "merge_tags", "_selected_action": selected}
    )
    assert step.status_code == 200 and "Choose the tag to keep" in text(step)
    return admin_client.post(
        "/admin/taggit/tag/",
        {"action": "merge_tags", "_selected_action": selected, "keep": keep.pk, "confirm": "1"},
        follow=True,
    )


def test_merging_tags_moves_the_stories_and_the_old_pages_redirect(admin_client, client):
    from taggit.models import Tag

    first = ArticleFactory(published=True, headline="First", tags=["Stunt"])
    second = ArticleFactory(published=True, headline="Second", tags=["Stunts", "Stunt"])
    stunt, stunts = Tag.objects.get(name="Stunt"), Tag.objects.get(name="Stunts")
    assert "First" in text(client.get("/tag/stunt/"))

    done = merge_on_the_desk(admin_client, [stunt, stunts], keep=stunts)

    assert "Merged into “Stunts”: 2 stories moved" in text(done)
    assert not Tag.objects.filter(name="Stunt").exists()
    assert sorted(first.tags.names()) == ["Stunts"] and sorted(second.tags.names()) == ["Stunts"]
    page = text(client.get("/tag/stunts/"))
    assert "First" in page and "Second" in page
    for old, new in [
        ("/tag/stunt/", "/tag/stunts/"),
        ("/tag/stunt/feed/", "/tag/stunts/feed/"),
        ("/tag/stunt/feed/atom/", "/tag/stunts/feed/atom/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    first.refresh_from_db()
    assert first.labels["tags"] == [["Stunts", "stunts"]]


def test_merging_needs_a_tag_chosen(admin_client):
    from taggit.models import Tag

    ArticleFactory(tags=["A", "B"])
    tags = list(Tag.objects.all())
    response = admin_client.post(
        "/admin/taggit/tag/",
        {"action": "merge_tags", "_selected_action": [t.pk for t in tags], "confirm": "1"},
    )
    assert "Choose the tag the others are merged into." in text(response)
    assert Tag.objects.count() == 2


def test_a_tag_becomes_a_person_and_its_page_leads_to_the_hub(admin_client, client):
    from taggit.models import Tag

    story = ArticleFactory(published=True, headline="Cruise again", tags=["Tom Cruise", "Stunts"])
    tag = Tag.objects.get(name="Tom Cruise")
    response = admin_client.post(
        "/admin/taggit/tag/",
        {
            "action": "make_entities",
            "_selected_action": [tag.pk],
            "kind": "person",
            "confirm": "1",
        },
        follow=True,
    )

    assert "now a record with a hub page" in text(response)
    cruise = Entity.objects.get(kind="person", slug="tom-cruise")
    assert list(story.about.all()) == [cruise]
    assert sorted(story.tags.names()) == ["Stunts"]
    moved = client.get("/tag/tom-cruise/")
    assert (moved.status_code, moved["Location"]) == (301, "/people/tom-cruise/")
    assert client.get("/tag/tom-cruise/feed/")["Location"] == "/people/tom-cruise/feed/"
    assert "Cruise again" in text(client.get("/people/tom-cruise/"))


def test_a_tag_reused_after_a_merge_has_its_page_again(client):
    from taggit.models import Tag

    from articles import tags as tidying

    ArticleFactory(published=True, tags=["Stunt", "Stunts"])
    tidying.merge([Tag.objects.get(name="Stunt")], Tag.objects.get(name="Stunts"))
    ArticleFactory(published=True, headline="A new stunt story", tags=["Stunt"])
    assert "A new stunt story" in text(client.get("/tag/stunt/"))


# Suggestions on the story form -----------------------------------------------------------------


def test_names_in_the_text_are_suggested_once_and_in_order(cruise, film):
    from articles.suggest import suggestions

    Entity.objects.create(kind="film", name="Up", slug="up")
    found = suggestions(
        "Dead reckoning: Tom Cruise jumps",
        "<p>He goes up, and up again. TOM CRUISE!</p>",
    )
    assert found == [film, cruise]  # "up" is not the film Up: one word must be capitalised
    assert suggestions("Tom Cruise", exclude=[cruise.pk]) == []


def test_the_desk_suggests_as_the_editor_types(admin_client, cruise, film):
    response = admin_client.post(
        "/admin/articles/article/suggest-entities/",
        {"headline": "Cruise's Dead Reckoning", "body": "<p>Tom Cruise</p>", "chosen": [film.pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-id="{cruise.pk}"' in page and 'data-add-entity="about"' in page
    assert f'data-id="{film.pk}"' not in page
    assert admin_client.get("/admin/articles/article/suggest-entities/").status_code == 405


def test_a_saved_story_shows_what_its_text_names(admin_client, featurette, film):
    featurette.mentions.clear()
    featurette.body = "<p>The Dead Reckoning stunt.</p>"
    featurette.save()
    page = text(admin_client.get(f"/admin/articles/article/{featurette.pk}/change/"))
    assert f'data-id="{film.pk}"' in page


def test_writers_without_access_get_no_suggestions(client, cruise):
    response = client.post("/admin/articles/article/suggest-entities/", {"headline": "Tom Cruise"})
    assert response.status_code == 302  # to the sign-in page
