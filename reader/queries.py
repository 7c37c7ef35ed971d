"""The queries reader pages run on every request, each starting from ``published()``."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from taggit.models import TaggedItem

from articles.models import Article
from caching.prepared import Prepared

# What the article page reads of a story when its text comes from the cache.
PAGE_FIELDS = (
    "headline",
    "slug",
    "status",
    "publish_at",
    "updated_at",
    "section__name",
    "section__slug",
)
# What a list page reads of its stories: enough to find their cached cards.
CARD_KEY_FIELDS = ("pk", "updated_at", "publish_at")


def listed(now):
    return Article.objects.published(at=now).only(*CARD_KEY_FIELDS)


# The queries every reader request runs, compiled once (see caching/prepared.py).
STORY_AT = Prepared(
    lambda now, slug: (
        Article.objects.published(at=now)
        .filter(slug=slug)
        .select_related("section")
        .only(*PAGE_FIELDS)
        .order_by()
    )
)
HOME_LIST = Prepared(lambda now, lead: listed(now).exclude(pk=lead))
SECTION_LIST = Prepared(lambda now, section: listed(now).filter(section_id=section))
# A tag's stories, two ways: through the tag's rows and sorted (cheap while a tag has
# few stories), or walking the newest stories and keeping the tagged ones (cheap once
# it has many: a page of a tag on one story in ten reads about 120 stories).
TAG_LIST = Prepared(lambda now, tag: listed(now).filter(tags__id=tag))
TAG_LIST_BY_DATE = Prepared(
    lambda now, tag: listed(now).filter(
        Exists(
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=OuterRef("pk"),
                tag_id=tag,
            )
        )
    )
)
AUTHOR_LIST = Prepared(lambda now, author: listed(now).filter(authors__id=author))
