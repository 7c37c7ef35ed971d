"""The queries reader pages run on every request, each starting from ``published()``."""

from articles.models import Article

# What the article page reads of a story when its text comes from the cache.
PAGE_FIELDS = (
    "headline",
    "slug",
    "status",
    "publish_at",
    "updated_at",
    "around",
    "section_id",
    "section__name",
    "section__slug",
)
# What a story page whose text is rendered reads beside the story, in the same query.
STORY_RELATED = ("section", "hero", "trailer_still")
# What a list page reads of its stories: enough to find their cached cards.
CARD_KEY_FIELDS = ("pk", "updated_at", "publish_at")


def listed(now):
    """The stories a list page shows, newest first: ids and times, to find their cards."""
    return Article.objects.published(at=now).only(*CARD_KEY_FIELDS)


def story_at(now, slug, whole=False):
    """The published story at ``slug``, with what its page reads around the cached text
    (or, ``whole``, all of it and its picture, for a page whose text will be rendered)."""
    stories = Article.objects.published(at=now).filter(slug=slug).order_by()
    if whole:
        return stories.select_related(*STORY_RELATED).first()
    return stories.select_related("section").only(*PAGE_FIELDS).first()


def tagged_by_date(now, tag_id):
    """A popular tag's stories, found by walking the newest stories and keeping the tagged
    ones: a page of a tag on one story in ten reads about 120 stories, where joining
    through the tag's rows and sorting them all grows with the tag."""
    return listed(now).tagged(id=tag_id)
