"""Prepared queries answer exactly what the queryset they were made from answers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from caching.prepared import Prepared
from reader.queries import SECTION_LIST, STORY_AT, TAG_LIST, TAG_LIST_BY_DATE
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    movies, tv = Section.objects.get(slug="movies"), Section.objects.get(slug="tv")
    start = timezone.now() - timedelta(hours=1)
    made = [
        ArticleFactory(
            published=True,
            publish_at=start - timedelta(minutes=n),
            section=movies if n % 2 else tv,
            tags=["Stunts"] if n % 3 else ["Casting"],
        )
        for n in range(9)
    ]
    ArticleFactory(scheduled=True, section=movies, tags=["Stunts"])  # not live yet
    return made


def ids(found):
    return [story.pk for story in found]


@pytest.mark.parametrize("section", ["movies", "tv"])
@pytest.mark.parametrize("slice_", [(0, 3), (3, 6), (0, 20)])
def test_a_section_list_matches_its_queryset_for_every_value_and_slice(stories, section, slice_):
    now, pk = timezone.now(), Section.objects.get(slug=section).pk
    expected = SECTION_LIST.build(now=now, section=pk)[slice_[0] : slice_[1]]
    assert ids(SECTION_LIST.all(slice_=slice_, now=now, section=pk)) == ids(expected)


def test_a_tag_list_and_the_story_at_an_address_match_their_querysets(stories):
    now = timezone.now()
    for tag in Tag.objects.all():
        expected = TAG_LIST.build(now=now, tag=tag.pk)[0:12]
        assert ids(TAG_LIST.all(slice_=(0, 12), now=now, tag=tag.pk)) == ids(expected)
        # The other way to the same stories, for tags on many of them.
        by_date = TAG_LIST_BY_DATE.all(slice_=(0, 12), now=now, tag=tag.pk)
        assert ids(by_date) == ids(expected)
    for story in stories:
        found = STORY_AT.first(now=now, slug=story.slug)
        assert (found.pk, found.section.name) == (story.pk, story.section.name)


def test_the_time_is_a_value_too(stories):
    scheduled = Article.objects.get(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
    assert STORY_AT.first(now=timezone.now(), slug=scheduled.slug) is None
    later = scheduled.publish_at + timedelta(seconds=1)
    assert STORY_AT.first(now=later, slug=scheduled.slug).pk == scheduled.pk


def test_a_value_the_sql_never_sees_is_refused_clearly(stories):
    ignoring = Prepared(lambda now, slug: Article.objects.published(at=now))
    with pytest.raises(ValueError, match="'slug' does not reach the SQL"):
        ignoring.first(now=timezone.now(), slug="anything")
