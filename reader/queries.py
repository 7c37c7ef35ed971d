"""The queries reader pages run on every request, each starting from ``published()``."""

from articles.models import Article

# What a story page reads beside the story, in the same query.
STORY_RELATED = ("section", "hero", "trailer_still")
# What a list page reads of its stories: their ids; the cards read the rest at once.
LISTED_FIELDS = ("pk", "publish_at")


def listed(now):
    """The stories a list page shows, newest first: their ids (``reader/cards.py``)."""
    return Article.objects.published(at=now).only(*LISTED_FIELDS)


def story_at(now, slug):
    """The published story at ``slug``, with its section and pictures."""
    stories = Article.objects.published(at=now).filter(slug=slug).order_by()
    return stories.select_related(*STORY_RELATED).first()


def tagged_by_date(now, tag_id):
    """A popular tag's stories, found by walking the newest stories and keeping the tagged
    ones: a page of a tag on one story in ten reads about 120 stories, where joining
    through the tag's rows and sorting them all grows with the tag."""
    return listed(now).tagged(id=tag_id)
