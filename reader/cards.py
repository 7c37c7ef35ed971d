"""Story cards, the pieces every list page is made of."""

from django.db.models import Q, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.models import Article
from caching import keys


def story_cards(request, stories, *, heading="h2", has_lead=False):
    """The HTML of each story's card, in order, and the stories named on the page.

    ``stories`` need only their id; the cards' stories are read in one query.
    With ``has_lead`` the first story is the lead, shown large above the others.
    """
    cards = []
    for i, article in enumerate(card_stories(request, [story.pk for story in stories])):
        # With no lead above it, the first picture of a list is the largest thing on the page.
        lead = has_lead and i == 0
        context = {
            "article": article,
            "heading": "h2" if lead else heading,
            "as_lead": lead,
            "priority": lead or (not has_lead and i == 0),
        }
        cards.append(mark_safe(render_to_string("reader/includes/card.html", context)))  # noqa: S308
    return cards


def card_stories(request, pks, *, also=None):
    """The stories ``pks`` names, in that order, with what their cards show, in one query
    (bylines are kept on the stories, ``articles/shown.py``: no query for them). With
    ``also`` (a filter), the stories it finds come after them in the same query, newest first.
    """
    found = Article.objects.select_related("section", "hero").defer("body")
    wanted = Q(pk__in=pks) | also if also is not None else Q(pk__in=pks)
    full = {story.pk: story for story in found.filter(wanted)}
    keys.shows(request, *keys.stories([*pks, *full]))
    prefetch_related_objects([story for story in full.values() if story.labels is None], "authors")
    listed = [full.pop(pk) for pk in pks if pk in full]
    return listed + sorted(
        full.values(), key=lambda story: (story.publish_at, story.pk), reverse=True
    )
