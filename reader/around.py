"""What sits below a story: the stories before and after it in its section, and related ones.

Which stories those are was worked out when content was written and kept on the
story (``articles/around.py``); here one query reads them back, through
``published()``, so a draft, an unpublished or a not-yet-live story never shows
and a scheduled one appears the moment its time comes.
"""

from articles.around import RELATED_COUNT, compute
from articles.models import Article

SHOWN_FIELDS = ("headline", "slug", "publish_at", "section__name", "section__slug")


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
        found = {
            story.pk: story
            for story in Article.objects.published(at=now)
            .filter(pk__in=wanted)
            .select_related("section")
            .only(*SHOWN_FIELDS)
            .order_by()
        }
    return {
        "previous": found.get(around["previous"]) if live else None,
        "next": found.get(around["next"]) if live else None,
        "related": [found[pk] for pk in around["related"] if pk in found][:RELATED_COUNT],
    }
