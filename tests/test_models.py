"""The models: what counts as published, slugs, validation, trailers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Article, Section
from library.renditions import interim_name
from tests.factories import (
    VIMEO_URL,
    YOUTUBE_URL,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    uploaded_image,
)

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_the_five_sections_in_order():
    assert list(Section.objects.values_list("slug", flat=True)) == [
        "movies",
        "tv",
        "music",
        "games",
        "celebrity",
    ]


def test_published_contains_only_live_stories():
    live = ArticleFactory(published=True)
    ArticleFactory()  # draft
    ArticleFactory(in_review=True)
    ArticleFactory(scheduled=True)
    ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - timedelta(days=1))

    assert list(Article.objects.published()) == [live]


def test_a_story_whose_publish_time_has_just_passed_is_live():
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert article in Article.objects.published()
    assert article.is_published
    assert not article.is_scheduled


def test_saving_as_published_without_a_time_publishes_now():
    before = timezone.now()
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None)
    after = timezone.now()

    assert before <= article.publish_at <= after
    assert article.is_published
    assert article in Article.objects.published()


def test_a_draft_keeps_an_empty_publish_time():
    article = ArticleFactory(publish_at=None)
    assert article.publish_at is None
    assert not article.is_published
    assert not article.is_scheduled


def test_is_scheduled_for_a_published_story_with_a_future_time():
    scheduled = ArticleFactory(scheduled=True)
    assert scheduled.is_scheduled
    assert not scheduled.is_published
    assert scheduled not in Article.objects.published()

    # A draft with a future time is not "scheduled": nobody pressed publish.
    draft = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    assert not draft.is_scheduled


def test_slug_is_made_from_the_headline():
    article = ArticleFactory(headline="Tom Cruise: the Stunt, the Sky & the Sequel!", slug="")
    assert article.slug == "tom-cruise-the-stunt-the-sky-the-sequel"


def test_two_stories_with_the_same_headline_get_different_slugs():
    first = ArticleFactory(headline="Box office weekend", slug="")
    second = ArticleFactory(headline="Box office weekend", slug="")
    third = ArticleFactory(headline="Box office weekend", slug="")

    assert first.slug == "box-office-weekend"
    assert second.slug == "box-office-weekend-2"
    assert third.slug == "box-office-weekend-3"


def test_a_headline_with_no_letters_still_gets_a_slug():
    article = ArticleFactory(headline="!!!", slug="")
    assert article.slug == "story"


def test_resaving_keeps_the_slug_even_when_the_headline_changes():
    article = ArticleFactory(headline="Original headline", slug="")
    article.headline = "A better headline"
    article.save()
    article.refresh_from_db()
    assert article.slug == "original-headline"


def test_the_slug_is_editable():
    article = ArticleFactory(published=True, headline="A long and clumsy headline", slug="")
    article.slug = "short"
    article.full_clean()
    article.save()

    article.refresh_from_db()
    assert article.slug == "short"
    assert article.get_absolute_url() == "/movies/short/"


def test_clean_fills_an_empty_slug_from_the_headline():
    ArticleFactory(headline="Casting news", slug="")
    article = ArticleFactory.build(headline="Casting news", slug="", section=SectionFactory())
    article.clean()
    assert article.slug == "casting-news-2"


def test_an_image_without_alt_text_is_refused():
    image = ImageFactory.build(file=uploaded_image(), alt="   ")
    with pytest.raises(ValidationError) as excinfo:
        image.full_clean()
    assert "alt" in excinfo.value.message_dict
    assert "Describe the image" in " ".join(excinfo.value.message_dict["alt"])


def test_an_image_with_alt_text_is_accepted(client):
    image = ImageFactory.build(file=uploaded_image(), alt="A red square.")
    image.full_clean()
    image.save()
    article = ArticleFactory.build(
        section=SectionFactory(), hero=image, status=Article.Status.PUBLISHED
    )
    article.full_clean(exclude=["authors", "slug"])
    article.save()
    article.authors.set([AuthorFactory()])
    page = client.get(article.get_absolute_url()).content.decode()
    interim = default_storage.url(interim_name(article.hero.file.name))
    assert f'<img src="{interim}" srcset="{interim} 64w"' in page
    assert 'alt="A red square."' in page


def test_the_uploaded_image_records_its_size(settings):
    article = ArticleFactory(with_image=True)
    article.refresh_from_db()
    assert (article.hero.width, article.hero.height) == (64, 36)
    assert (settings.MEDIA_ROOT / article.hero.file.name).is_file()


@pytest.mark.parametrize("slug", ["admin", "tag", "author", "media", "static"])
def test_a_section_cannot_take_a_web_address_the_site_already_uses(slug):
    section = Section(name="Something", slug=slug)
    with pytest.raises(ValidationError) as excinfo:
        section.full_clean()
    assert "is already a page of the site" in excinfo.value.message_dict["slug"][0]


def test_a_section_with_an_ordinary_slug_is_valid(client):
    section = Section(name="Podcasts", slug="podcasts")
    section.full_clean()
    section.save()
    assert client.get("/podcasts/").status_code == 200


def test_trailer_property_parses_youtube_and_vimeo():
    youtube = ArticleFactory.build(trailer_url=YOUTUBE_URL)
    assert youtube.trailer.provider == "youtube"
    assert youtube.trailer.code == "avz06PDqDbM"
    assert youtube.trailer.embed_url == "https://www.youtube-nocookie.com/embed/avz06PDqDbM?rel=0"

    vimeo = ArticleFactory.build(trailer_url=VIMEO_URL)
    assert vimeo.trailer.provider == "vimeo"
    assert vimeo.trailer.code == "76979871"
    assert vimeo.trailer.embed_url == "https://player.vimeo.com/video/76979871?dnt=1"


def test_trailer_property_is_none_without_a_usable_url():
    assert ArticleFactory.build(trailer_url="").trailer is None
    # A stored URL that no longer parses shows no player rather than breaking the page.
    assert ArticleFactory.build(trailer_url="https://example.com/video").trailer is None


def test_trailer_url_is_validated_on_full_clean():
    article = ArticleFactory(published=True)
    article.trailer_url = "https://example.com/video"
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "YouTube or Vimeo only" in excinfo.value.message_dict["trailer_url"][0]


def test_absolute_urls():
    article = ArticleFactory(published=True, section=SectionFactory(slug="tv"), slug="finale")
    author = AuthorFactory(slug="maya-okafor")
    assert article.get_absolute_url() == "/tv/finale/"
    assert article.section.get_absolute_url() == "/tv/"
    assert author.get_absolute_url() == "/author/maya-okafor/"
    assert str(article) == article.headline


def test_a_story_cannot_take_a_sections_own_page_address(db):
    from django.core.exceptions import ValidationError

    from articles.models import Article, Section
    from articles.slugs import unique_slug

    assert unique_slug(Article, "Feed") == "feed-2"  # /movies/feed/ is the section's feed
    story = Article(
        headline="Feed",
        slug="feed",
        standfirst="A story called Feed.",
        section=Section.objects.get(slug="movies"),
    )
    with pytest.raises(ValidationError) as refused:
        story.full_clean(exclude=["authors"])
    assert "already a page of every section" in str(refused.value)
