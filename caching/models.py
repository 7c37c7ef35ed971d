"""The outbox: changes whose keys have not been purged yet, from the page cache or the edge."""

from django.db import models


class PendingInvalidation(models.Model):
    """A change readers could see, written in the change's own transaction.

    The row commits (or rolls back) with the change itself, so no change is ever
    forgotten. Once the transaction commits (or at ``due_at``, for a scheduled
    story), ``invalidation.apply_pending`` purges its keys from the page cache and
    the worker's ``purge_edge`` from the edge; the row goes when both are done.
    While the cache server or the edge cannot be reached the row stays, and is
    tried again.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    # What the change touched: keys (caching/keys.py), separated by spaces.
    keys = models.TextField(default="site")
    # A scheduled story's keys are purged when it goes live, not before.
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cache_done = models.BooleanField(default=False)
    edge_done = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "change waiting for the page cache"
        verbose_name_plural = "changes waiting for the page cache"

    def __str__(self):
        return f"Change of {self.created_at:%Y-%m-%d %H:%M:%S}: {self.keys[:60]}"
