"""What the desk keeps for itself: editors' unsaved work."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.models import Article

# The story form's boxes an autosave keeps: what an editor types.
AUTOSAVED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "trailer_url",
    "tags",
    "hero_alt",
    "hero_caption",
    "hero_credit",
]


class Autosave(models.Model):
    """What one editor has typed on a story form and not saved yet.

    Only that editor is offered it, on the same form, and it is never the story:
    readers, previews and other editors see the story as last saved. A save of the
    form removes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # None: a story not saved yet (the add form).
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="one_autosave_per_story",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="one_autosave_per_new_story",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or 'a new story'}"
