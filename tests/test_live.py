"""Live coverage as readers get it: entries on the page, their permalinks, the update
address a reader's page checks, the feed, the API and structured data, and what a
deletion or an entry waiting for an editor leaves on each of them."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import live
from articles.models import Article, LiveEntry
from caching import keys
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory
from tests.helpers import changes_applied
from tests.test_desk import desk_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return desk_user("eddie", "Editor")


@pytest.fixture
def writer():
    return desk_user("wendy", "Writer")


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        headline="The awards night, as it happens",
        coverage_start=timezone.now() - timedelta(minutes=30),
        key_points="Best picture goes to a horror film\nA record night for streaming",
    )


def post(story, user, text, **fields):
    return live.post(story, user, body=f"<p>{text}</p>", **fields)


def updates_url(story):
    return reverse("reader:live-updates", args=[story.section.slug, story.slug])


def check(client, story, since=None):
    url = updates_url(story) + ("" if since is None else f"?since={since}")
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def entry_ids(html):
    """The entries of a page's list, in order (the pinned copy at the top has no id)."""

    class Reader(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "article" and (attrs.get("id") or "").startswith("entry-"):
                self.found.append(int(attrs["id"].removeprefix("entry-")))

    reader = Reader()
    reader.found = []
    reader.feed(html)
    return reader.found


def page(client, story, number=1):
    url = story.get_absolute_url() + (f"?page={number}" if number > 1 else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def ld_blocks(html):
    class Reader(HTMLParser):
        blocks, inside = [], False

        def handle_starttag(self, tag, attrs):
            self.inside = tag == "script" and ("type", "application/ld+json") in attrs

        def handle_data(self, data):
            if self.inside:
                self.blocks.append(json.loads(data))

        def handle_endtag(self, tag):
            self.inside = False

    reader = Reader()
    reader.blocks = []
    reader.feed(html)
    return reader.blocks


# The page readers see


def test_a_live_story_shows_key_points_and_entries_newest_first(client, story, editor):
    first = post(story, editor, "The red carpet opens.")
    second = post(story, editor, "First award of the night.")
    html = page(client, story)
    assert "Key points" in html and "Best picture goes to a horror film" in html
    assert entry_ids(html) == [second.pk, first.pk]
    assert 'class="live__badge"' in html  # coverage goes on


def test_the_pinned_entry_is_shown_first_and_only_one_is_pinned(client, story, editor):
    old = post(story, editor, "Earlier pin.", pinned=True)
    new = post(story, editor, "Where to watch tonight.", pinned=True)
    post(story, editor, "Later news.")
    old.refresh_from_db()
    assert not old.pinned and LiveEntry.objects.get(pk=new.pk).pinned
    html = page(client, story)
    top = html[html.index("data-live-top") : html.index("data-live-entries")]
    assert "Where to watch tonight." in top and "Earlier pin." not in top
    # The database refuses a second pin made behind the model's back.
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveEntry.objects.filter(pk=old.pk).update(pinned=True)


def test_key_moments_are_listed_oldest_first_linking_to_their_permalinks(client, story, editor):
    opening = post(story, editor, "The host's opening.", key_moment=True, title="Opening")
    post(story, editor, "Nothing much.")
    winner = post(story, editor, "It won!", key_moment=True)
    html = page(client, story)
    start = html.index('id="moments-heading"')
    moments = html[start : html.index("</nav>", start)]
    assert moments.index("Opening") < moments.index("It won!")
    assert live_permalink(story, opening) in moments and live_permalink(story, winner) in moments


def live_permalink(story, entry):
    return reverse("reader:live-entry", args=[story.section.slug, story.slug, entry.pk])


def test_a_permalink_finds_its_entry_as_newer_ones_push_it_down(client, story, editor):
    target = post(story, editor, "The one readers share.")
    response = client.get(live_permalink(story, target))
    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}#entry-{target.pk}"
    for number in range(live.PAGE_SIZE):
        post(story, editor, f"Later entry {number}.")
    changes_applied()
    response = client.get(live_permalink(story, target))
    assert response["Location"] == f"{story.get_absolute_url()}?page=2#entry-{target.pk}"
    assert target.pk in entry_ids(page(client, story, 2))
    assert target.pk not in entry_ids(page(client, story, 1))


def test_pages_past_the_end_and_bad_page_numbers_are_not_found(client, story, editor):
    post(story, editor, "Only entry.")
    assert client.get(story.get_absolute_url() + "?page=2").status_code == 404
    assert client.get(story.get_absolute_url() + "?page=abc").status_code == 404


def test_an_ended_coverage_says_so_and_loads_no_script(client, story, editor):
    post(story, editor, "Last word.")
    live.end_coverage(story, editor)
    html = page(client, story)
    assert "This live coverage ended" in html
    assert "live.js" not in html and "live__badge" not in html


def test_a_story_without_coverage_has_no_live_part(client):
    plain = ArticleFactory(published=True)
    html = page(client, plain)
    assert "data-updates" not in html
    assert client.get(updates_url(plain)).status_code == 404


# The update address


def test_the_check_sends_only_what_changed_since_the_page_s_revision(client, story, editor):
    first = post(story, editor, "One.")
    revision = Article.objects.get(pk=story.pk).live_revision
    answer = check(client, story, since=revision)
    assert answer == {"revision": revision, "live": True}
    second = post(story, editor, "Two.")
    answer = check(client, story, since=revision)
    assert [item["id"] for item in answer["entries"]] == [second.pk]
    assert answer["ids"] == [second.pk, first.pk]
    assert "Two." in answer["entries"][0]["html"]
    assert "Key points" in answer["top"]


def test_an_edit_reaches_the_check_in_place(client, story, editor):
    entry = post(story, editor, "Typo in the nmae.")
    revision = Article.objects.get(pk=story.pk).live_revision
    live.edit(entry, editor, body="<p>Typo in the name, fixed.</p>")
    answer = check(client, story, since=revision)
    assert [item["id"] for item in answer["entries"]] == [entry.pk]
    assert "fixed" in answer["entries"][0]["html"]


def test_a_bad_since_is_a_clear_400(client, story):
    response = client.get(updates_url(story) + "?since=yesterday")
    assert response.status_code == 400
    assert "revision number" in response.json()["error"]


def test_a_warm_check_with_nothing_new_reads_no_database(client, story, editor, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post(story, editor, "One.")
    changes_applied()
    revision = Article.objects.get(pk=story.pk).live_revision
    check(client, story, since=revision)  # made and kept
    with CaptureQueriesContext(connection) as queries:
        answer = check(client, story, since=revision)
    assert answer["revision"] == revision
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_the_check_answers_304_to_a_browser_that_has_it(client, story, editor):
    post(story, editor, "One.")
    changes_applied()
    first = client.get(updates_url(story) + "?since=1")
    again = client.get(updates_url(story) + "?since=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "max-age=5" in first["Cache-Control"]
    assert keys.story(story.pk) in first["xkey"].split()


def test_a_new_entry_purges_the_story_and_not_the_rest_of_the_site(client, story, editor):
    other = ArticleFactory(published=True, section=story.section)
    changes_applied()
    client.get(other.get_absolute_url())
    client.get("/")
    post(story, editor, "News.")
    from caching.models import PendingInvalidation

    written = " ".join(PendingInvalidation.objects.values_list("keys", flat=True))
    assert written.split() == [keys.story(story.pk)]


# Deletion and waiting entries, on every surface


def every_surface(client, story):
    changes_applied()
    api = client.get(f"/api/v1/stories/{story.pk}/entries/").json()
    return {
        "page": page(client, story),
        "check": json.dumps(check(client, story)),
        "feed": client.get(
            reverse("reader:live-feed", args=[story.section.slug, story.slug])
        ).content.decode(),
        "api": json.dumps(api),
    }


def test_a_deleted_entry_is_gone_from_the_page_the_check_the_feed_and_the_api(
    client, story, editor
):
    kept = post(story, editor, "Stays on the record.")
    doomed = post(story, editor, "A libellous claim about a star.")
    before = every_surface(client, story)
    assert all("libellous" in text for text in before.values()), before
    doomed_url = live_permalink(story, doomed)
    live.delete(doomed, editor)
    after = every_surface(client, story)
    for surface, text in after.items():
        assert "libellous" not in text, surface
        assert "Stays on the record" in text, surface
    assert client.get(doomed_url).status_code == 404
    assert kept.pk in json.loads(after["check"])["ids"]


def test_a_writer_s_entry_waits_when_the_story_says_so(client, story, writer, editor):
    story.entries_reviewed = True
    story.save()
    entry = post(story, writer, "From the press room.")
    assert entry.state == LiveEntry.State.WAITING
    surfaces = every_surface(client, story)
    assert all("press room" not in text for text in surfaces.values())
    live.approve(entry, editor)
    surfaces = every_surface(client, story)
    assert all("press room" in text for text in surfaces.values())


def test_an_editor_s_entry_never_waits(story, editor):
    story.entries_reviewed = True
    story.save()
    assert post(story, editor, "Straight out.").state == LiveEntry.State.PUBLISHED


# Permissions


def test_writers_edit_only_their_own_entries_and_cannot_delete_seen_ones(story, writer, editor):
    theirs = post(story, editor, "The editor's.")
    mine = post(story, writer, "The writer's.")
    with pytest.raises(PermissionDenied):
        live.edit(theirs, writer, body="<p>Hijacked.</p>")
    live.edit(mine, writer, body="<p>The writer's, better.</p>")
    with pytest.raises(PermissionDenied):
        live.delete(mine, writer)
    with pytest.raises(PermissionDenied):
        live.end_coverage(story, writer)
    live.delete(mine, editor)
    assert not LiveEntry.objects.filter(pk=mine.pk).exists()


def test_writers_cannot_pin_or_mark_key_moments(story, writer):
    entry = post(story, writer, "Mine.")
    live.edit(entry, writer, pinned=True, key_moment=True)
    entry.refresh_from_db()
    assert not entry.pinned and not entry.key_moment


def test_someone_without_a_role_cannot_post(story):
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("nobody", is_staff=True)
    with pytest.raises(PermissionDenied):
        post(story, nobody, "Hello.")


def test_an_empty_entry_and_a_story_not_live_are_refused(editor):
    plain = ArticleFactory(published=True)
    with pytest.raises(ValidationError):
        live.post(plain, editor, body="<p>Hi</p>")
    story = ArticleFactory(published=True, coverage_start=timezone.now())
    with pytest.raises(ValidationError) as refused:
        live.post(story, editor, body="<p> </p>")
    assert "Write something" in str(refused.value)
    assert not LiveEntry.objects.exists()


def test_an_entry_link_must_be_a_video_or_a_post(story, editor):
    with pytest.raises(ValidationError) as refused:
        post(story, editor, "See this.", link="https://example.com/page")
    assert "example.com is none of these" in str(refused.value)
    entry = post(story, editor, "See this.", link="https://twitter.com/someone/status/12345")
    assert entry.link == "https://twitter.com/someone/status/12345"


def test_entries_are_sanitised_like_bodies(client, story, editor):
    post(story, editor, 'Hi<script>alert(1)</script><a href="javascript:x()">link</a>')
    html = page(client, story)
    assert "alert(1)" not in html and "javascript:" not in html


# Machines


def test_structured_data_is_a_live_blog_posting_with_its_updates(client, story, editor):
    author = AuthorFactory(name="Lena Marsh")
    entry = live.post(story, editor, body="<p>The envelope, please.</p>", authors=[author])
    blocks = ld_blocks(page(client, story))
    posting = next(block for block in blocks if block["@type"] == "LiveBlogPosting")
    assert posting["coverageStartTime"]
    assert "coverageEndTime" not in posting
    update = posting["liveBlogUpdate"][0]
    assert update["@type"] == "BlogPosting"
    assert update["articleBody"] == "The envelope, please."
    assert update["author"][0]["name"] == "Lena Marsh"
    assert update["url"].endswith(live_permalink(story, entry))
    story.refresh_from_db()
    assert posting["dateModified"].startswith(entry.posted_at.strftime("%Y-%m-%dT%H:%M"))


def test_the_feed_lists_entries_with_their_permalinks(client, story, editor):
    entry = post(story, editor, "Feed me.", title="A title for feeds")
    feed = feedparser.parse(
        client.get(reverse("reader:live-feed", args=[story.section.slug, story.slug])).content
    )
    assert not feed.bozo
    assert feed.entries[0].title == "A title for feeds"
    assert feed.entries[0].link.endswith(live_permalink(story, entry))


def test_the_api_lists_entries_since_a_time(client, story, editor):
    old = post(story, editor, "Old.")
    earlier = timezone.now() - timedelta(minutes=10)
    LiveEntry.objects.filter(pk=old.pk).update(posted_at=earlier, updated_at=earlier)
    new = post(story, editor, "New.")
    changes_applied()
    since = (timezone.now() - timedelta(minutes=5)).isoformat()
    answer = Client().get(f"/api/v1/stories/{story.pk}/entries/", {"since": since}).json()
    assert [item["id"] for item in answer["results"]] == [new.pk]
    everything = client.get(f"/api/v1/stories/{story.pk}/entries/").json()
    assert [item["id"] for item in everything["results"]] == [new.pk, old.pk]
    assert client.get("/api/v1/stories/999999/entries/").status_code == 404
    bad = client.get(f"/api/v1/stories/{story.pk}/entries/", {"since": "soon"})
    assert bad.status_code == 400


def test_an_image_entry_shows_its_picture(client, story, editor):
    picture = ImageFactory(alt="The winners on stage.")
    live.post(story, editor, body="", picture=picture)
    assert "The winners on stage." in page(client, story)
