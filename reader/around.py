"""What sits around a story: the stories before and after it in its section, related
ones, and the latest in its section beside it on wide screens.

Which stories the first three are was worked out when content was written and kept
on the story (``articles/around.py``); here one query reads them back, through
``published()``, so a draft, an unpublished or a not-yet-live story never shows
and a scheduled one appears the moment its time comes. No story shows twice: a
neighbour is left out of the related ones, and both out of the latest.
"""

from articles.around import RELATED_COUNT, compute
from articles.models import Article

SHOWN_FIELDS = ("headline", "slug", "publish_at", "section__name", "section__slug")
# The thumbnails' picture (reader/includes/picture.html reads these).
PICTURE_FIELDS = tuple(
    f"hero__{name}"
    for name in ("file", "alt", "width", "height", "focal_x", "focal_y", "renditions")
)
LATEST_COUNT = 4  # the second column on wide screens


def shown(stories):
    return stories.select_related("section", "hero").only(*SHOWN_FIELDS, *PICTURE_FIELDS)


def stories_around(article, now=None):
    """``{"previous", "next", "related"}``: the live stories around ``article``."""
    around = article.around
    if around is None:  # not worked out yet (see articles/around.py)
        around = compute(article)
    # A preview of a story that is not live yet has no place in its section's order.
    live = article.is_published
    neighbours = [around["previous"], around["next"]] if live else []
    wanted = [pk for pk in [*neighbours, *around["related"]] if pk is not None]
    found = {}
    if wanted:
        published = Article.objects.published(at=now).filter(pk__in=wanted).order_by()
        found = {story.pk: story for story in shown(published)}
    previous = found.get(around["previous"]) if live else None
    following = found.get(around["next"]) if live else None
    taken = {article.pk, getattr(previous, "pk", None), getattr(following, "pk", None)}
    related = [found[pk] for pk in around["related"] if pk in found and pk not in taken]
    return {"previous": previous, "next": following, "related": related[:RELATED_COUNT]}


def latest(leave_out, section_id=None, now=None):
    """The newest live stories, none of ``leave_out``: in the section ``section_id``,
    or of the whole site (what a story alone in its section, with nothing related,
    offers instead of a dead end).

    Asked on the page's build, not stored: every story published in a section would
    otherwise rewrite every other story of it. The page is kept under the section's
    key, or under ``latest`` for the whole site's, which a story entering or leaving
    them purges.
    """
    stories = Article.objects.published(at=now).exclude(
        pk__in=[pk for pk in leave_out if pk is not None]
    )
    if section_id is not None:
        stories = stories.filter(section_id=section_id)
    return list(shown(stories.order_by("-publish_at", "-pk"))[:LATEST_COUNT])
