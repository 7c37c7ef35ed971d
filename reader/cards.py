"""Story cards, the pieces every list page is made of."""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.models import Article
from caching import keys


def story_cards(request, stories, *, heading="h2", has_lead=False):
    """The HTML of each story's card, in order, and the stories named on the page.

    ``stories`` need only their id; the cards' stories are read in one query.
    With ``has_lead`` the first story is the lead, shown large above the others.
    """
    pks = [story.pk for story in stories]
    keys.shows(request, *keys.stories(pks))
    # Bylines are kept on the stories (articles/shown.py): no query for them.
    full = Article.objects.select_related("section", "hero").defer("body").in_bulk(pks)
    prefetch_related_objects([story for story in full.values() if story.labels is None], "authors")
    cards = []
    for i, pk in enumerate(pks):
        if pk not in full:
            continue
        # With no lead above it, the first picture of a list is the largest thing on the page.
        lead = has_lead and i == 0
        context = {
            "article": full[pk],
            "heading": "h2" if lead else heading,
            "as_lead": lead,
            "priority": lead or (not has_lead and i == 0),
        }
        cards.append(mark_safe(render_to_string("reader/includes/card.html", context)))  # noqa: S308
    return cards
