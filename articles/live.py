"""Live coverage's rules: who posts, edits and deletes entries, which wait for an
editor, and which page of the story an entry is on.

The desk (``desk/live.py``) and anything else that writes entries go through here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Article, LiveEntry
from .publishing import may_publish

# Entries per page of a live story, newest first.
PAGE_SIZE = 20


def may_post(user):
    return user.has_perm("articles.add_liveentry")


def may_edit(user, entry):
    """Editors change any entry; writers their own."""
    if not user.has_perm("articles.change_liveentry"):
        return False
    return may_publish(user) or entry.created_by_id == user.pk


def may_delete(user, entry):
    """Editors delete any entry; a writer only their own that no reader has seen."""
    if user.has_perm("articles.delete_liveentry") and may_publish(user):
        return True
    return entry.created_by_id == user.pk and not entry.is_shown


def post(article, user, **fields):
    """A new entry on ``article``, by ``user``; waits for an editor when the story says
    writers' entries do. Raises ``PermissionDenied`` or ``ValidationError``."""
    if not may_post(user):
        raise PermissionDenied("Your role cannot post live entries.")
    if not article.is_live:
        raise ValidationError("This story is not live coverage: give it a coverage start first.")
    authors = fields.pop("authors", None)
    entry = LiveEntry(article=article, created_by=user, updated_by=user, **fields)
    if article.entries_reviewed and not may_publish(user):
        entry.state = LiveEntry.State.WAITING
    entry.full_clean(exclude=["article"])
    with transaction.atomic():
        entry.save()
        if authors is None:
            profile = getattr(user, "author_profile", None)
            authors = [profile] if profile else []
        entry.authors.set(authors)
    return entry


def edit(entry, user, **fields):
    """Change ``entry``'s text, picture, link or flags."""
    if not may_edit(user, entry):
        raise PermissionDenied("You may change only your own entries.")
    authors = fields.pop("authors", None)
    if ("pinned" in fields or "key_moment" in fields) and not may_publish(user):
        # Pinning and key moments shape the whole page: the editor's call.
        fields.pop("pinned", None)
        fields.pop("key_moment", None)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.updated_by = user
    entry.full_clean(exclude=["article"])
    with transaction.atomic():
        entry.save()
        if authors is not None:
            entry.authors.set(authors)
    return entry


def approve(entry, user):
    """An editor lets a waiting entry through: readers see it from now, as the newest."""
    if not may_publish(user):
        raise PermissionDenied("Only an editor can publish a waiting entry.")
    if entry.is_shown:
        return entry
    entry.state = LiveEntry.State.PUBLISHED
    entry.posted_at = timezone.now()
    entry.updated_by = user
    entry.save()
    return entry


def delete(entry, user):
    """Gone from the page, the update address, the feed and the API, at the edge too
    (its story's keys are purged once the deletion commits)."""
    if not may_delete(user, entry):
        raise PermissionDenied("Only an editor can delete an entry readers have seen.")
    entry.delete()


def end_coverage(article, user, at=None):
    if not may_publish(user):
        raise PermissionDenied("Only an editor can end the coverage.")
    article.coverage_end = at or timezone.now()
    article.updated_by = user
    article.save()
    return article


def shown(article):
    return LiveEntry.objects.filter(article=article).shown().newest_first()


def page_of(entry):
    """The page of its story that shows ``entry``, however many came after it."""
    return LiveEntry.objects.shown().newer_than(entry).count() // PAGE_SIZE + 1


def live_stories():
    """Published stories whose coverage goes on now."""
    now = timezone.now()
    return Article.objects.published().filter(
        Q(coverage_end__isnull=True) | Q(coverage_end__gt=now), coverage_start__lte=now
    )
