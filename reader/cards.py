"""Story cards, the pieces every list page is made of, each kept in the fragment cache."""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.models import Article
from caching.fragments import for_request


def story_cards(request, stories, *, heading="h2", has_lead=False):
    """The HTML of each story's card, in order: cached ones as they are, the rest rendered.

    ``stories`` need only their id and times; the cards not in the cache are
    fetched in one go (one query) and kept for next time. With ``has_lead``
    the first story is the lead, shown large above the others.
    """
    fragments = for_request(request)
    variants = [
        # (heading, lead, priority): with no lead above it, the first picture of a
        # list is the largest thing on the page.
        ("h2", True, True) if has_lead and i == 0 else (heading, False, not has_lead and i == 0)
        for i in range(len(stories))
    ]
    keys = [
        fragments.story_key("card", story, *variant)
        for story, variant in zip(stories, variants, strict=True)
    ]
    found = fragments.get_many(keys)
    missing = [story.pk for story, key in zip(stories, keys, strict=True) if key not in found]
    if missing:
        # Bylines are kept on the stories (articles/shown.py): no query for them.
        full = Article.objects.select_related("section", "hero").defer("body").in_bulk(missing)
        prefetch_related_objects(
            [story for story in full.values() if story.labels is None], "authors"
        )
        made = {}
        for story, key, (level, lead, priority) in zip(stories, keys, variants, strict=True):
            if key in found or story.pk not in full:
                continue
            made[key] = render_to_string(
                "reader/includes/card.html",
                {
                    "article": full[story.pk],
                    "heading": level,
                    "as_lead": lead,
                    "priority": priority,
                },
            )
        fragments.keep(made)
        found.update(made)
    return [mark_safe(found[key]) for key in keys if key in found]  # noqa: S308 - our templates
