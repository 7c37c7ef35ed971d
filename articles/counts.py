"""The story counts of list pages ("Page 2 of 540", "1,204 stories"), kept in the database.

Counting every published story of a list costs more the more stories there are
(tens of milliseconds at 100,000), and the answer changes only when the content
does or a scheduled story goes live. So a list's count is counted once, on the
first request that needs it, and kept (``ListCount``) with:

- the counts version (``CountsVersion``), raised in the same transaction as every
  change to stories, sections, bylines or tags (``receivers.py``): a count kept
  under an older number is not used, whenever it was stored;
- the publish time of the next scheduled story: from then on it is counted again.

A reader's request then reads one small row instead of counting.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from .models import Article, CountsVersion, ListCount

logger = logging.getLogger(__name__)

VERSION_ROW = 1


def changed():
    """The content changed: every kept count is out of date (call inside the change's
    transaction)."""
    if not CountsVersion.objects.filter(pk=VERSION_ROW).update(number=F("number") + 1):
        CountsVersion.objects.get_or_create(pk=VERSION_ROW, defaults={"number": 1})


def count(page, stories, now=None):
    """How many of ``stories`` (a list page's published stories) there are.

    ``page`` names the list (its address); the count is kept under it.
    """
    now = now or timezone.now()
    # One query: the counts version, and the count kept under it if there is one.
    kept = ListCount.objects.filter(page=page, version=OuterRef("number"))
    version, kept_count, good_until = (
        CountsVersion.objects.filter(pk=VERSION_ROW)
        .annotate(
            kept_count=Subquery(kept.values("count")[:1]),
            good_until=Subquery(kept.values("good_until")[:1]),
        )
        .values_list("number", "kept_count", "good_until")
        .first()
    ) or (None, None, None)
    if kept_count is not None and (good_until is None or now < good_until):
        return kept_count
    # Counted after the version was read: a change committed meanwhile leaves this
    # count under the old number, never used.
    found = stories.count()
    good_until = Article.objects.next_go_live(now)
    _keep(page, found, version, good_until)
    return found


def _keep(page, found, version, good_until):
    try:
        with transaction.atomic():
            if version is None:  # a new database: the row is made at the first count
                version = CountsVersion.objects.get_or_create(pk=VERSION_ROW)[0].number
            kept = ListCount(page=page, count=found, version=version, good_until=good_until)
            ListCount.objects.bulk_create(  # one statement, whether or not a row is there
                [kept],
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=["count", "version", "good_until"],
            )
    except DatabaseError as error:
        # A read-only replica, or a database under strain: the page is right anyway.
        logger.warning("Could not keep the story count of %s: %s", page, error)
