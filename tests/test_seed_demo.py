"""seed_demo and ensure_admin: the commands `make run` uses to give a fresh site a face."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Section
from demo import content as demo
from demo.management.commands.seed_demo import LIVE_SPECS, STORY_SPECS
from tests.factories import ArticleFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

FEATURETTE_SLUG = "tom-cruise-skydive-stunt-dead-reckoning-featurette"
Byline = Article.authors.through


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return {
        "articles": Article.objects.count(),
        "authors": Author.objects.count(),
        "sections": Section.objects.count(),
        "tags": Tag.objects.count(),
        "tagged": TaggedItem.objects.count(),
        "bylines": Byline.objects.count(),
    }


def test_seed_demo_on_an_empty_site_creates_the_featurette(settings, client):
    output = seed()

    assert "Demo stories: 32 added, 0 already there." in output
    article = Article.objects.get(slug=FEATURETTE_SLUG)
    assert article.headline == "Tom Cruise leaps from a plane in new Dead Reckoning featurette"
    assert article.is_published
    assert article.featured
    assert sorted(article.tags.names()) == sorted(
        ["Tom Cruise", "Mission: Impossible", "Dead Reckoning", "Top Gun: Maverick", "Stunts"]
    )
    assert [a.slug for a in article.authors.all()] == ["maya-okafor"]
    assert article.trailer.code == "avz06PDqDbM"
    assert article.hero.alt
    assert (article.hero.width, article.hero.height) == (1600, 900)
    image_file = settings.MEDIA_ROOT / article.hero.file.name
    assert image_file.is_file()
    assert image_file.read_bytes()[:2] == b"\xff\xd8"  # a JPEG drawn on the spot

    # Readers see it as the lead of the home page, with its picture and trailer.
    home = client.get("/")
    assert home.context["lead"] == article
    page = text(client.get(article.get_absolute_url()))
    assert article.hero.file.url in page
    assert "youtube-nocookie.com/embed/avz06PDqDbM" in page
    assert "<blockquote><p>The man falling out of the aeroplane" in page


def test_seed_demo_creates_the_other_demo_stories_and_bylines(client):
    seed()

    slugs = {spec["slug"] for spec in STORY_SPECS}
    live = {spec["slug"] for spec in LIVE_SPECS}  # tests/test_demo_live.py
    assert set(Article.objects.values_list("slug", flat=True)) == slugs | live
    assert set(Author.objects.values_list("slug", flat=True)) == {
        slug for _name, slug, *_rest in demo.AUTHORS
    }
    for spec in STORY_SPECS:
        article = Article.objects.get(slug=spec["slug"])
        assert article.is_published
        assert article.section.slug == spec["section"]
        assert sorted(a.slug for a in article.authors.all()) == sorted(spec["authors"])
        assert sorted(article.tags.names()) == sorted(spec["tags"])
        assert client.get(article.get_absolute_url()).status_code == 200
    # The featurette is the newest featured story; every demo story is on a reader page.
    assert Article.objects.published().filter(featured=True).first().slug == FEATURETTE_SLUG
    assert Article.objects.get(
        slug="how-maverick-put-actors-in-real-cockpits"
    ).trailer.provider == ("vimeo")
    stunts = text(client.get("/tag/stunts/"))
    assert "4 stories, newest first." in stunts
    # A fresh site shows a correction, on its story and on the corrections page.
    maverick = Article.objects.get(slug="how-maverick-put-actors-in-real-cockpits")
    correction = maverick.notes.shown().get()
    assert correction.kind == "correction"
    assert correction.text in text(client.get(maverick.get_absolute_url()))
    assert correction.text in text(client.get("/corrections/"))
    # And a spoiler block, closed until opened.
    scores = Article.objects.get(slug="film-scores-that-outgrew-their-films")
    page = text(client.get(scores.get_absolute_url()))
    assert '<details class="spoiler"><summary>' in page


def test_seed_demo_twice_creates_nothing_new(settings):
    seed()
    before = counts()
    files = sorted(p.name for p in (settings.MEDIA_ROOT / "demo").iterdir())

    output = seed()

    assert counts() == before
    assert "Demo stories: 0 added, 32 already there." in output
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "demo").iterdir()) == files


def test_seed_demo_adds_back_a_deleted_demo_story_only():
    seed()
    before = counts()
    Article.objects.get(slug="streaming-renewals-this-season").delete()

    output = seed()

    assert "Demo stories: 1 added, 31 already there." in output
    assert counts() == before


def test_seed_demo_load_stories_with_bylines_and_tags(client):
    seed()
    before = counts()

    output = seed("--articles", "30")

    assert "Load-test stories: 30 added, 0 already there." in output
    load = Article.objects.filter(slug__startswith="demo-load-")
    assert load.count() == 30
    assert Article.objects.count() == before["articles"] + 30
    for article in load.prefetch_related("authors", "tags"):
        assert article.is_published
        assert 1 <= len(article.authors.all()) <= 2
        assert len(article.tags.all()) == 3
        assert article.hero.alt
    # The hand-written demo stories stay at the top of the site.
    assert client.get("/").context["lead"].slug == FEATURETTE_SLUG
    assert client.get("/?page=3").status_code == 200
    story = load.get(slug="demo-load-7")
    assert client.get(story.get_absolute_url()).status_code == 200


def test_seed_demo_load_stories_are_not_added_twice():
    seed("--articles", "30")
    before = counts()

    output = seed("--articles", "30")

    assert counts() == before
    assert "Load-test stories: 0 added, 30 already there." in output


def test_seed_demo_load_stories_top_up_to_the_number_asked():
    seed("--articles", "30")
    before = counts()

    output = seed("--articles", "40")

    assert "Load-test stories: 10 added, 30 already there." in output
    assert Article.objects.filter(slug__startswith="demo-load-").count() == 40
    assert Article.objects.count() == before["articles"] + 10
    assert Tag.objects.count() == before["tags"]  # the load tags are reused


def test_seed_demo_small_batches_write_the_same_stories():
    seed("--articles", "7", "--batch-size", "3")
    assert Article.objects.filter(slug__startswith="demo-load-").count() == 7
    assert (
        TaggedItem.objects.filter(
            object_id__in=Article.objects.filter(slug__startswith="demo-load-").values("pk")
        ).count()
        == 21
    )


def test_seed_demo_if_empty_leaves_a_site_with_stories_alone():
    ArticleFactory()  # even a single draft means the site is in use
    before = counts()

    output = seed("--if-empty")

    assert counts() == before
    assert "The site already has stories; no demo content added." in output
    assert not Article.objects.filter(slug=FEATURETTE_SLUG).exists()


def test_seed_demo_if_empty_seeds_an_empty_site():
    seed("--if-empty")
    assert Article.objects.filter(slug=FEATURETTE_SLUG).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "--articles wants a whole number, not “abc”."),
        ("-1", "--articles must be between 0 and 1,000,000."),
        ("1.5", "--articles wants a whole number, not “1.5”."),
        ("2000000", "--articles must be between 0 and 1,000,000."),
    ],
)
def test_seed_demo_refuses_a_bad_article_count(value, message):
    with pytest.raises(CommandError) as excinfo:
        call_command("seed_demo", "--articles", value, stdout=io.StringIO())
    assert str(excinfo.value) == message
    assert not Article.objects.exists()

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("seed_demo", articles=value, stdout=io.StringIO())


def test_seed_demo_refuses_a_zero_batch_size():
    with pytest.raises(CommandError, match="--batch-size must be at least 1."):
        call_command("seed_demo", "--batch-size", "0", stdout=io.StringIO())


def test_seed_demo_quiet_prints_nothing():
    assert seed("--verbosity", "0", "--articles", "3") == ""


def test_load_stories_reuse_existing_tags_whatever_their_case(client):
    ArticleFactory(published=True, tags=["stunts"])  # an editor typed it in lower case

    seed("--articles", "40")

    assert Tag.objects.filter(name__iexact="stunts").count() == 1


# ensure_admin ---------------------------------------------------------------------------


def ensure_admin():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_ensure_admin_creates_one_superuser_and_prints_its_password_once(monkeypatch):
    for name in [
        "DJANGO_SUPERUSER_PASSWORD",
        "DJANGO_SUPERUSER_USERNAME",
        "DJANGO_SUPERUSER_EMAIL",
    ]:
        monkeypatch.delenv(name, raising=False)
    User = get_user_model()

    output = ensure_admin()

    user = User.objects.get()
    assert user.is_superuser and user.is_staff
    assert user.username == "admin"
    assert "New admin account: admin" in output
    assert "python manage.py changepassword admin" in output  # how to reset it
    password = re.search(r"Password: (\S+)  \(shown this once\)", output).group(1)
    assert len(password) >= 12
    assert user.check_password(password)

    again = ensure_admin()
    assert User.objects.count() == 1
    assert password not in again
    assert "The desk: /admin/  (account “admin”)" in again
    assert "Password forgotten? python manage.py changepassword admin" in again


def test_ensure_admin_takes_the_password_from_the_environment(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "editor")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "editor@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long desk passphrase")

    output = ensure_admin()

    user = get_user_model().objects.get()
    assert (user.username, user.email) == ("editor", "editor@example.com")
    assert user.check_password("a long desk passphrase")
    assert "a long desk passphrase" not in output
    assert "shown this once" not in output
    assert client.login(username="editor", password="a long desk passphrase")
    assert client.get("/admin/articles/article/").status_code == 200

    ensure_admin()
    assert get_user_model().objects.count() == 1


def test_ensure_admin_does_nothing_when_a_superuser_exists(monkeypatch, admin_user):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "someone-else")
    output = ensure_admin()
    assert get_user_model().objects.count() == 1
    assert f"(account “{admin_user.username}”)" in output


def test_ensure_admin_explains_when_the_name_is_taken_by_a_plain_account(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    User = get_user_model()
    User.objects.create_user(username="admin", password="not a superuser")

    with pytest.raises(CommandError) as excinfo:
        ensure_admin()

    assert "“admin” already exists" in str(excinfo.value)
    assert "DJANGO_SUPERUSER_USERNAME" in str(excinfo.value)
    assert not User.objects.filter(is_superuser=True).exists()


def test_prepare_site_migrates_seeds_and_boxes_the_admin_account(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("prepare_site", stdout=out)
    output = out.getvalue()
    assert Article.objects.exists()
    lines = output.splitlines()
    boxed = [line for line in lines if line.startswith("| ")]
    assert any("New admin account: admin" in line for line in boxed)
    assert lines[-1].startswith("+-") and len({len(line) for line in boxed}) == 1


def test_seed_demo_gives_the_front_page_a_full_day_of_news(client):
    seed()

    stories = Article.objects.published()
    assert stories.count() >= 30
    per_section = {
        section.slug: stories.filter(section=section).count() for section in Section.objects.all()
    }
    assert len(per_section) == 5 and min(per_section.values()) >= 4, per_section
    home = text(client.get("/"))
    # The lead, a full row and list of headlines, "more", and every section's block.
    assert home.count('class="latest-item"') == 8
    assert 'rel="next" href="?page=2"' in home
    for slug in per_section:
        assert f'id="front-{slug}"' in home, slug
    # Some stories have a video and some give away an ending, and their cards say so.
    assert 'class="mark mark--video"' in home
    assert 'class="mark mark--spoiler">Spoilers</span>' in home


def test_a_fresh_site_has_bylines_with_roles_hubs_with_pictures_and_its_own_pages(client):
    seed()
    maya = text(client.get("/author/maya-okafor/"))
    assert '<p class="kicker">Film editor</p>' in maya
    assert 'href="https://maya-okafor.example/"' in maya
    hub = text(client.get("/people/tom-cruise/"))
    assert '<picture class="hub-picture">' in hub
    footer = text(client.get("/")).split('<footer class="site-footer">', 1)[1]
    assert '<a href="/about/">About Newsroom</a>' in footer
    assert '<a href="/contact/">Contact</a>' in footer
    scores = text(client.get("/music/film-scores-that-outgrew-their-films/"))
    assert "This story holds spoilers for Lanternfall, hidden until you open them." in scores
    assert '<span class="spoiler__label">Spoiler for Lanternfall</span>' in scores
