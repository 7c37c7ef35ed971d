"""The front page's parts: which story leads it, and each section's block below.

The list under the lead is the home page's first page of stories (``lists.py``); this
module chooses what sits around it, every query starting from ``published()``.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from caching.site import site_settings

from .queries import listed

# Stories in each section's block; with the lead and the first page above them, a
# first screen and a half of a wide screen's worth for each section.
PER_SECTION = 4


def lead(now):
    """The story that leads: the editor's pin while it is published, else the newest
    featured story, else the newest story; False when nothing is published.

    The pin is the site settings' ``lead``, whose change purges every page (``site``);
    an unpublished pin simply fails the ``published()`` filter and the rule below takes over.
    """
    published = listed(now)
    pinned = site_settings().lead_id
    found = published.filter(pk=pinned).first() if pinned else None
    # By publish time alone: with the id as a tie-break, SQLite sorted every
    # published story to find the few featured ones (90 ms at 100,000 stories).
    found = found or published.filter(featured=True).order_by("-publish_at").first()
    return found or published.first() or False


def section_picks(now, sections, shown):
    """A filter finding each section's newest stories not ``shown`` higher up the page:
    each section's few ids are a subquery of their own, walking the section's index,
    so the cards' one query reads them too (``cards.card_stories``); None for no sections.
    """
    if not sections:
        return None
    return reduce(
        or_,
        [
            Q(
                pk__in=listed(now)
                .filter(section_id=section.pk)
                .exclude(pk__in=shown)
                .values("pk")[:PER_SECTION]
            )
            for section in sections
        ],
    )


def section_blocks(sections, stories):
    """``stories`` (newest first) grouped as ``(section, [stories])`` in the sections'
    order; a section with none is left out."""
    by_section = {}
    for story in stories:
        by_section.setdefault(story.section_id, []).append(story)
    return [(section, by_section[section.pk]) for section in sections if section.pk in by_section]
