"""The invalidation outbox: changes whose cached pages have not been marked stale yet."""

from django.db import models


class PendingInvalidation(models.Model):
    """A change readers could see, written in the change's own transaction.

    The row commits (or rolls back) with the change itself, so no change is ever
    forgotten. Once the transaction commits, ``invalidation.apply_pending`` marks
    the cached pages stale and deletes the row; while the cache server cannot be
    reached the row stays, and every process tries again every few seconds.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    # Only a story's own save or delete: the other stories' cards stay warm.
    story_only = models.BooleanField(default=True)
    # The site's settings changed: the copy every page reads is forgotten too.
    site_settings = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "change waiting for the page cache"
        verbose_name_plural = "changes waiting for the page cache"

    def __str__(self):
        return f"Change of {self.created_at:%Y-%m-%d %H:%M:%S}"
