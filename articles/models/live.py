"""Live coverage: the entries of a story followed as it happens.

Any story can be live: it has a coverage start (and, once over, an end), key points
the desk keeps current, and entries. Each entry is a row of its own, so several
editors post at once without overwriting each other, and an edit or a deletion
touches only its entry. Every change to a story's entries takes the story's next
*live revision* (``Article.live_revision``, raised with the entry's own write in one
transaction) and stamps the entry with it: a reader's page that has seen revision N
asks for what changed after N (``reader/live.py``).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_prose_editor.fields import ProseEditorField

from ..embeds import validate_entry_link
from ..richtext import BODY_EXTENSIONS, sanitize_html
from .fields import desk_user
from .labels import Author
from .stories import Article


class LiveEntryQuerySet(models.QuerySet):
    def shown(self):
        """What readers see: entries an editor let through (or that needed nobody)."""
        return self.filter(state=LiveEntry.State.PUBLISHED)

    def newest_first(self):
        return self.order_by("-posted_at", "-pk")

    def for_readers(self):
        """What readers see, newest first, with what an entry shows: one query, and one
        for all their bylines."""
        return self.shown().newest_first().select_related("picture").prefetch_related("authors")

    def newer_than(self, entry):
        """Those listed before ``entry`` on its story (newest first)."""
        return self.filter(article_id=entry.article_id).filter(
            Q(posted_at__gt=entry.posted_at) | Q(posted_at=entry.posted_at, pk__gt=entry.pk)
        )


class LiveEntry(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        WAITING = "waiting", "Waiting for an editor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="entries")
    # When it was posted: the time readers see and the order they read in. An edit
    # never moves it, so an edited entry stays where readers last saw it.
    posted_at = models.DateTimeField(default=timezone.now, editable=False)
    title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Optional. A key moment's title in the timeline; its first words if empty.",
    )
    body = ProseEditorField(
        blank=True,  # a picture or a link alone is an entry too (``clean``)
        extensions=BODY_EXTENSIONS,  # the same allow-list as bodies
        sanitize=sanitize_html,
        help_text="What happened. Links, bold, italic, lists and quotes.",
    )
    authors = models.ManyToManyField(Author, blank=True, related_name="entries")
    picture = models.ForeignKey(
        "library.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        help_text="A picture from the library.",
    )
    link = models.URLField(
        "video or post",
        max_length=500,
        blank=True,
        validators=[validate_entry_link],
        help_text="A YouTube or Vimeo video, or a post on X or Instagram.",
    )
    pinned = models.BooleanField(
        default=False, help_text="Shown first, above the entries. Pinning one unpins the other."
    )
    key_moment = models.BooleanField(
        default=False, help_text="Listed in the key moments at the top of the story."
    )
    state = models.CharField(max_length=9, choices=State.choices, default=State.PUBLISHED)
    # The story's live revision at this entry's last change (see the module's note).
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_by = desk_user()
    updated_by = desk_user()
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        ordering = ["-posted_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "state", "-posted_at"], name="liveentry_shown_idx"),
            models.Index(fields=["article", "revision"], name="liveentry_revision_idx"),
        ]
        constraints = [
            # One pinned entry per story; ``save`` unpins the other first.
            models.UniqueConstraint(
                fields=["article"], condition=Q(pinned=True), name="liveentry_one_pinned"
            )
        ]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if not self.is_shown:
            self.pinned = False
        with transaction.atomic():
            self.revision = next_revision(self.article_id)
            if self.pinned:
                self.article.entries.filter(pinned=True).exclude(pk=self.pk).update(
                    pinned=False, revision=self.revision
                )
            super().save(*args, **kwargs)
            stamp_newest(self.article_id)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            next_revision(self.article_id)
            result = super().delete(*args, **kwargs)
            stamp_newest(self.article_id)
        return result

    @property
    def summary(self):
        """Its title, or the first words of its text: the timeline's label."""
        if self.title:
            return self.title
        return Truncator(strip_tags(self.body).strip()).chars(90) or "Entry"

    @property
    def is_shown(self):
        return self.state == self.State.PUBLISHED

    def clean(self):
        super().clean()
        if not strip_html(self.body) and not self.picture_id and not self.link:
            raise ValidationError({"body": "Write something, or add a picture or a link."})
        if self.pinned and not self.is_shown:
            raise ValidationError(
                {"pinned": "An entry waiting for an editor cannot be pinned yet."}
            )


def strip_html(html):
    return strip_tags(html or "").strip()


def next_revision(article_id):
    """Raise the story's live revision and return it. The row stays locked until the
    transaction commits, so two editors' entries never share a revision."""
    Article.objects.filter(pk=article_id).update(live_revision=F("live_revision") + 1)
    return Article.objects.filter(pk=article_id).values_list("live_revision", flat=True).get()


def stamp_newest(article_id):
    """Store when the story's newest shown entry was posted: its "modified" time."""
    newest = LiveEntry.objects.filter(article_id=article_id).shown().aggregate(at=Max("posted_at"))
    Article.objects.filter(pk=article_id).update(entry_posted_at=newest["at"])
