"""The read API: published content only, whatever is asked; answers a client can rely on."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ApiKey
from articles.models import Article, Section, StoryNote
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers import changes_applied

pytestmark = pytest.mark.django_db

STORIES = "/api/v1/stories/"
DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: refused at once
    }
}


@pytest.fixture
def newsroom():
    """A published story, and a draft, one in review and a scheduled one sharing all of
    its section, byline and tag, plus a tag and a byline only the unpublished ones have."""
    maya = AuthorFactory(name="Maya Okafor", slug="maya-okafor")
    hidden_writer = AuthorFactory(name="Not Yet", slug="not-yet")
    shared = {"section": SectionFactory(slug="movies"), "tags": ["Stunts"]}
    published = ArticleFactory(
        published=True,
        headline="Cruise jumps again",
        slug="cruise-jumps-again",
        authors=[maya],
        with_trailer=True,
        **shared,
    )
    hidden = [
        ArticleFactory(headline="A draft about Cruise", authors=[maya, hidden_writer], **shared),
        ArticleFactory(
            in_review=True, headline="A Cruise story in review", authors=[maya], **shared
        ),
        ArticleFactory(
            scheduled=True, headline="A scheduled Cruise story", authors=[maya], **shared
        ),
    ]
    for story in hidden:
        story.tags.add("Secret project")
    return published, hidden


def ids(response):
    assert response.status_code == 200, response.content
    return [story["id"] for story in response.json()["results"]]


# Published content only -------------------------------------------------------------------


FILTERS = [
    "",
    "?section=movies",
    "?tag=stunts",
    "?tag=secret-project",
    "?byline=maya-okafor",
    "?byline=not-yet",
    "?search=cruise",
    "?published_after=2000-01-01T00:00:00Z",
    "?published_before=2100-01-01T00:00:00Z",
    "?updated_after=2000-01-01T00:00:00Z",
    "?ordering=published_at",
    "?ordering=-updated_at",
    "?search=cruise&ordering=relevance",
    "?fields=headline",
    "?page_size=100",
]


@pytest.mark.parametrize("query", FILTERS)
def test_no_draft_review_or_scheduled_story_is_ever_listed(client, newsroom, query):
    published, hidden = newsroom

    found = ids(client.get(STORIES + query))

    assert not set(found) & {story.pk for story in hidden}
    if "secret" not in query and "not-yet" not in query:
        assert found == [published.pk]
    assert client.get(STORIES + query).json()["count"] == len(found)


def test_unpublished_stories_have_no_detail_by_id_or_slug(client, newsroom):
    published, hidden = newsroom
    assert client.get(f"{STORIES}{published.pk}/").status_code == 200
    assert client.get(f"{STORIES}slug/{published.slug}/").status_code == 200
    for story in hidden:
        for url in (f"{STORIES}{story.pk}/", f"{STORIES}slug/{story.slug}/"):
            response = client.get(url)
            assert response.status_code == 404
            assert response["Content-Type"] == "application/problem+json"
            assert story.headline not in response.content.decode()


def test_tags_and_bylines_only_drafts_have_are_not_listed(client, newsroom):
    tags = client.get("/api/v1/tags/").json()["results"]
    assert [(tag["name"], tag["story_count"]) for tag in tags] == [("Stunts", 1)]
    assert client.get("/api/v1/tags/secret-project/").status_code == 404
    bylines = client.get("/api/v1/bylines/").json()["results"]
    assert [(byline["name"], byline["story_count"]) for byline in bylines] == [("Maya Okafor", 1)]
    assert client.get("/api/v1/bylines/not-yet/").status_code == 404
    movies = client.get("/api/v1/sections/movies/").json()
    assert movies["story_count"] == 1


def test_a_scheduled_story_appears_when_its_time_comes(client, newsroom):
    scheduled = newsroom[1][2]
    assert scheduled.pk not in ids(client.get(STORIES))
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert scheduled.pk in ids(client.get(STORIES + "?page=1"))


# What a story says ---------------------------------------------------------------------------


def test_a_story_has_what_an_app_needs_with_absolute_addresses(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # its renditions are made
        story = ArticleFactory(
            published=True,
            headline="Cruise jumps again",
            with_image=True,
            with_trailer=True,
            authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
            tags=["Stunts", "Tom Cruise"],
        )
    StoryNote.objects.create(
        article=story,
        kind="correction",
        text="An earlier version named the wrong aircraft.",
        state="published",
        published_at=timezone.now(),
    )

    found = client.get(f"{STORIES}{story.pk}/").json()

    assert found["headline"] == "Cruise jumps again"
    assert found["url"] == f"http://testserver{story.get_absolute_url()}"
    assert found["section"]["stories_url"] == "http://testserver/api/v1/stories/?section=movies"
    assert [byline["name"] for byline in found["bylines"]] == ["Maya Okafor"]
    assert [tag["slug"] for tag in found["tags"]] == ["stunts", "tom-cruise"]
    hero = found["hero"]
    assert hero["alt"].startswith("A stunt double")
    assert hero["credit"] == "Studio handout"
    assert (hero["width"], hero["height"]) == (64, 36)
    assert hero["renditions"] and hero["renditions"][0]["webp"].startswith("http://testserver/")
    assert hero["srcset_jpeg"].startswith("http://testserver/") and hero["srcset_jpeg"].endswith(
        "w"
    )
    trailer = found["trailer"]
    assert trailer["provider"] == "youtube"
    assert trailer["embed_url"].startswith("https://www.youtube-nocookie.com/embed/")
    # No still kept for this trailer yet: the site shows a plain frame, never the hero.
    assert trailer["poster"] is None
    assert [note["kind"] for note in found["notes"]] == ["correction"]
    assert found["revised_at"] is not None


def test_links_of_a_tag_with_accents_lead_to_it(client):
    story = ArticleFactory(published=True, tags=["Beyoncé"])
    tag = client.get(f"{STORIES}{story.pk}/").json()["tags"][0]

    assert client.get(tag["url"].removeprefix("http://testserver")).status_code == 200
    assert ids(client.get(tag["stories_url"].removeprefix("http://testserver"))) == [story.pk]
    detail = client.get(tag["api_url"].removeprefix("http://testserver"))
    assert detail.json()["name"] == "Beyoncé"


def test_a_story_names_who_and_what_it_is_about(client):
    from articles.models import Entity

    story = ArticleFactory(published=True)
    cruise = Entity(kind="person", name="Tom Cruise", slug="tom-cruise", imdb_id="nm0000129")
    cruise.save()
    story.about.add(cruise)
    found = client.get(f"{STORIES}{story.pk}/?fields=about,mentions").json()
    assert found["about"] == [
        {
            "kind": "person",
            "name": "Tom Cruise",
            "slug": "tom-cruise",
            "url": "http://testserver/people/tom-cruise/",
            "same_as": ["https://www.imdb.com/name/nm0000129/"],
        }
    ]
    assert found["mentions"] == []


def test_fields_picks_what_is_sent(client, newsroom):
    story = client.get(STORIES + "?fields=headline,url").json()["results"][0]
    assert set(story) == {"id", "headline", "url"}
    detail = client.get(f"{STORIES}{newsroom[0].pk}/?fields=tags").json()
    assert set(detail) == {"id", "tags"}


def test_a_spoiler_story_summary_is_its_warning(client):
    ArticleFactory(published=True, spoilers="ending", spoils="Dead Reckoning")
    story = client.get(STORIES).json()["results"][0]
    assert story["summary"] == story["spoiler_warning"] == "Discusses the ending of Dead Reckoning"


def test_pages_have_totals_and_absolute_links(client):
    ArticleFactory.create_batch(5, published=True)

    first = client.get(STORIES + "?page_size=2").json()
    last = client.get(STORIES + "?page_size=2&page=3").json()
    beyond = client.get(STORIES + "?page_size=2&page=9").json()

    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert first["next"] == "http://testserver/api/v1/stories/?page=2&page_size=2"
    assert first["previous"] is None
    assert len(last["results"]) == 1 and last["next"] is None
    assert beyond["results"] == [] and beyond["previous"].endswith("page=3&page_size=2")


# Bad input: a clear 400, never a 500 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?page_size=101", "page_size"),
        ("?page=0", "page"),
        ("?page=abc", "page"),
        ("?fields=headline,password", "fields"),
        ("?ordering=price", "ordering"),
        ("?published_after=yesterday", "published_after"),
        ("?published_after=1700000000", "published_after"),
        ("?updated_after=0001-01-01T00:00:00%2B05:00", "updated_after"),
        ("?section=%00movies", "section"),
        ("?tag=" + "x" * 101, "tag"),
    ],
)
def test_a_bad_parameter_is_a_problem_naming_it(client, query, parameter):
    response = client.get(STORIES + query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["instance"] == STORIES
    assert [error["parameter"] for error in problem["errors"]] == [parameter]
    assert parameter in problem["detail"]


def test_an_unknown_field_is_named_in_the_error(client):
    problem = client.get(STORIES + "?fields=headline,password").json()
    assert "has no field password" in problem["detail"]


def test_the_longest_filters_are_answered(client, newsroom):
    query = f"?section={'s' * 60}&byline={'b' * 120}&tag={'t' * 100}"
    assert ids(client.get(STORIES + query)) == []


def test_any_offset_iso_allows_is_read(client, newsroom):
    # PostgreSQL refuses an offset beyond 15:59 if it is sent as given.
    found = ids(client.get(STORIES + "?published_after=2000-05-07T20:10:37-23:11"))
    assert found == [newsroom[0].pk]


def test_a_search_with_control_characters_is_searched_without_them(client, newsroom):
    assert ids(client.get(STORIES + "?search=cru%00ise%1f")) == []
    assert ids(client.get(STORIES + "?search=%00cruise")) == [newsroom[0].pk]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/nothing/", "/api/v2/stories/", f"{STORIES}99999999999999999999/", f"{STORIES}0/"],
)
def test_addresses_the_api_lacks_answer_json_not_html(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/problem+json"
    assert "<html" not in response.content.decode().lower()


def test_writing_is_refused_with_the_methods_allowed(client):
    response = client.post(STORIES, {"headline": "Mine"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["status"] == 405
    assert not Article.objects.filter(headline="Mine").exists()


def test_head_answers_like_get_without_a_body(client, newsroom):
    response = client.head(STORIES)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"].startswith("application/json")


def test_the_database_down_is_a_503_problem(client, monkeypatch, settings):
    from django.db import OperationalError, connections

    settings.NEWSROOM_PAGE_CACHE = False

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get(STORIES)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"


# Caching, revalidation and takedowns -------------------------------------------------------


def test_a_takedown_leaves_the_api_at_once(client, newsroom):
    story = newsroom[0]
    urls = [STORIES, f"{STORIES}{story.pk}/", f"{STORIES}?tag=stunts", "/api/v1/tags/"]
    for url in urls:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert story.pk in ids(client.get(STORIES))
    assert len(queries) == 0  # the kept answer

    story.status = Article.Status.DRAFT
    story.save()

    assert ids(client.get(STORIES)) == []
    assert ids(client.get(f"{STORIES}?tag=stunts")) == []
    assert client.get(f"{STORIES}{story.pk}/").status_code == 404
    assert client.get("/api/v1/tags/").json()["results"] == []


def test_an_edit_shows_at_once(client, newsroom):
    story = newsroom[0]
    client.get(f"{STORIES}{story.pk}/")
    story.headline = "Cruise jumps once more"
    story.save()
    assert client.get(f"{STORIES}{story.pk}/").json()["headline"] == "Cruise jumps once more"


def test_answers_can_be_revalidated_and_kept_by_caches(client, newsroom):
    first = client.get(STORIES)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]

    again = client.get(STORIES, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304


def test_the_api_works_with_the_cache_server_down(client, newsroom, settings):
    settings.CACHES = DOWN
    assert ids(client.get(STORIES)) == [newsroom[0].pk]
    assert client.get(f"{STORIES}{newsroom[0].pk}/").status_code == 200


def test_list_pages_run_the_same_queries_with_3_or_30_stories(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False

    def queries_for(url):
        changes_applied()
        client.get(url)  # the first request keeps the count
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def stories(number):
        for _ in range(number):
            ArticleFactory(published=True, with_image=True, tags=["Stunts", "Sequels"])

    stories(3)
    urls = [
        f"{STORIES}?page_size=100",
        f"{STORIES}?tag=stunts",
        "/api/v1/tags/",
        "/api/v1/bylines/",
    ]
    few = {url: queries_for(url) for url in urls}
    stories(27)
    many = {url: queries_for(url) for url in urls}

    assert few == many
    assert few[f"{STORIES}?page_size=100"] == 2  # the kept count, the page of stories
    assert few["/api/v1/tags/"] == 2  # the count, the page of tags


def test_a_story_is_two_queries(client, settings, django_assert_num_queries):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory(published=True, with_image=True, tags=["Stunts"])
    changes_applied()
    with django_assert_num_queries(2):  # the story with its section and picture, its notes
        assert client.get(f"{STORIES}{story.pk}/").status_code == 200


# CORS, keys and limits -------------------------------------------------------------------


def test_any_origin_may_read_it(client, newsroom):
    response = client.get(STORIES, headers={"Origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        STORIES,
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


def test_reader_pages_send_no_cors_headers(client, newsroom):
    response = client.get("/", headers={"Origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in response


def test_over_the_anonymous_limit_is_429_with_retry_after(client, newsroom, settings):
    settings.NEWSROOM_API_ANONYMOUS_PER_MINUTE = 3
    answers = [client.get(STORIES) for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer["RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
    refused = answers[3]
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "API key" in refused.json()["detail"]
    assert client.get("/").status_code == 200  # reader pages are not limited


def test_an_api_key_lifts_the_limit(client, newsroom, settings):
    settings.NEWSROOM_API_ANONYMOUS_PER_MINUTE = 1
    key = ApiKey(name="iOS app", requests_per_minute=50)
    secret = key.issue()
    key.save()

    answers = [client.get(STORIES, headers={"Authorization": f"Bearer {secret}"}) for _ in range(3)]
    answers.append(client.get(STORIES, headers={"X-Api-Key": secret}))

    assert [answer.status_code for answer in answers] == [200] * 4
    assert answers[-1]["RateLimit-Limit"] == "50"


def test_an_unknown_or_revoked_key_is_refused(client, newsroom):
    key = ApiKey(name="Old partner")
    secret = key.issue()
    key.revoked_at = timezone.now()
    key.save()
    for given in (secret, "nr_made-up", "something else"):
        response = client.get(STORIES, headers={"Authorization": f"Bearer {given}"})
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]


def test_limits_are_not_applied_while_the_cache_is_down(client, newsroom, settings):
    settings.CACHES = DOWN
    settings.NEWSROOM_API_ANONYMOUS_PER_MINUTE = 1
    assert [client.get(STORIES).status_code for _ in range(3)] == [200] * 3


def test_keys_are_made_on_the_desk_shown_once_and_revoked(admin_client, client, newsroom):
    response = admin_client.post(
        "/admin/api/apikey/add/", {"name": "Partner app", "requests_per_minute": 120}, follow=True
    )
    message = next(str(m) for m in response.context["messages"])
    secret = message.split("<code>")[1].split("</code>")[0]
    key = ApiKey.objects.get(name="Partner app")
    assert secret.startswith("nr_") and secret not in key.digest
    assert client.get(STORIES, headers={"X-Api-Key": secret}).status_code == 200

    admin_client.post(
        "/admin/api/apikey/", {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )

    assert client.get(STORIES, headers={"X-Api-Key": secret}).status_code == 401
    assert ApiKey.objects.filter(pk=key.pk).exists()  # revoked, not deleted
    listing = admin_client.get("/admin/api/apikey/").content.decode()
    assert "Revoked" in listing and secret not in listing
    in_use = admin_client.get("/admin/api/apikey/?state=in-use").content.decode()
    assert "Partner app" not in in_use.split("result_list")[-1]


# The schema and its page ---------------------------------------------------------------------


def test_the_schema_describes_every_endpoint_and_its_problems(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/stories/",
        "/api/v1/stories/{story_id}/",
        "/api/v1/stories/slug/{slug}/",
        "/api/v1/sections/",
        "/api/v1/bylines/",
        "/api/v1/tags/",
    }
    listing = schema["paths"]["/api/v1/stories/"]["get"]
    assert "application/problem+json" in listing["responses"]["429"]["content"]
    page_size = next(p for p in listing["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 100


def test_the_browsable_page_loads_nothing_from_elsewhere(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_sections_come_in_the_site_order(client):
    names = [section["name"] for section in client.get("/api/v1/sections/").json()["results"]]
    assert names == list(Section.objects.values_list("name", flat=True))


# People, films and shows ----------------------------------------------------------------------


def test_entities_with_published_stories_are_listed_with_their_records(client, newsroom):
    from articles.models import Entity

    published, hidden = newsroom
    cruise = Entity(kind="person", name="Tom Cruise", slug="tom-cruise", imdb_id="nm0000129")
    cruise.save()
    secret = Entity.objects.create(kind="film", name="Secret sequel", slug="secret-sequel")
    published.about.add(cruise)
    hidden[0].about.add(secret)  # a draft's: not announced
    hidden[2].mentions.add(secret)  # a scheduled story's: neither

    listed = client.get("/api/v1/entities/").json()
    detail = client.get("/api/v1/entities/person/tom-cruise/").json()

    assert [entity["name"] for entity in listed["results"]] == ["Tom Cruise"]
    assert detail["same_as"] == ["https://www.imdb.com/name/nm0000129/"]
    assert detail["url"] == "http://testserver/people/tom-cruise/"
    assert client.get("/api/v1/entities/film/secret-sequel/").status_code == 404
    assert client.get("/api/v1/entities/?kind=film").json()["results"] == []
    assert ids(client.get(detail["stories_url"].removeprefix("http://testserver"))) == [
        published.pk
    ]
    assert ids(client.get(f"{STORIES}?entity={secret.pk}")) == []
    assert client.get("/api/v1/entities/robot/tom-cruise/").status_code == 400
