"""The addresses of tags that were merged into another or became a person, film or show."""

from django.db import models
from django.urls import reverse
from taggit.models import Tag


class OldTag(models.Model):
    """``/tag/<slug>/`` of a tag that is gone: readers following it are sent on (301)."""

    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    entity = models.ForeignKey(
        "Entity", on_delete=models.CASCADE, null=True, blank=True, related_name="old_tags"
    )
    moved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "old tag address"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tag__isnull=False) ^ models.Q(entity__isnull=False),
                name="old_tag_goes_somewhere",
            )
        ]

    def __str__(self):
        return self.slug

    def target_url(self):
        """Where the tag's page went."""
        if self.tag_id:
            return reverse("reader:tag", args=[self.tag.slug])
        return self.entity.get_absolute_url()
