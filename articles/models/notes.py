"""Notes to readers on a published story: corrections, clarifications and updates.

A note is a public record. Once readers have seen it, its words do not change and it
is never deleted: an editor withdraws it, saying why, and the desk keeps it (readers
no longer see it). Adding, publishing or withdrawing a note moves the story's
``revised_at``, the "updated" time readers and search engines see; an edit made
without a note moves nothing readers see.
"""

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from .fields import desk_user
from .stories import Article


class StoryNoteQuerySet(models.QuerySet):
    def shown(self):
        """The notes readers see: published, not withdrawn."""
        return self.filter(state=StoryNote.State.PUBLISHED)

    def newest(self):
        """When the newest of these notes readers see was shown (None if none is)."""
        return self.shown().aggregate(newest=Max("published_at"))["newest"]

    def on_public_stories(self):
        """Shown notes on stories readers can see: the corrections page and its feeds."""
        return self.shown().filter(article__in=Article.objects.published())


class StoryNote(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed, waiting for an editor"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=13, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        max_length=1000,
        help_text="For a correction: what was wrong, and what is right. Plain text.",
    )
    state = models.CharField(max_length=9, choices=State.choices, default=State.PROPOSED)
    published_at = models.DateTimeField(
        "shown since", null=True, blank=True, editable=False, db_index=True
    )
    withdrawal_reason = models.TextField(
        "why it was withdrawn",
        max_length=1000,
        blank=True,
        help_text="Required to withdraw a published note. Only the desk sees it.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = desk_user()
    published_by = desk_user()
    withdrawn_by = desk_user()

    objects = StoryNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "note to readers"
        verbose_name_plural = "notes to readers"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["state", "-published_at"], name="storynote_shown_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        now = timezone.now()
        if self.state == self.State.PUBLISHED and self.published_at is None:
            self.published_at = now
        if self.state == self.State.WITHDRAWN and self.withdrawn_at is None:
            self.withdrawn_at = now
        with transaction.atomic():
            super().save(*args, **kwargs)
            revise(self.article_id, now)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#note-{self.pk}"


def revise(article_id, now=None):
    """Store on the story when readers were last told of a change (its newest shown note).

    The story's ``updated_at`` moves too: its page has changed.
    """
    Article.objects.filter(pk=article_id).update(
        revised_at=StoryNote.objects.filter(article_id=article_id).newest(),
        updated_at=now or timezone.now(),
    )
