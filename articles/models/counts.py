"""How many published stories each list page has, counted once and kept (``articles/counts.py``)."""

from django.db import models


class CountsVersion(models.Model):
    """One row: a number raised in the same transaction as any change to the content.

    A kept count is used only while it carries the current number, so a count made
    before a change, even one stored after it, is never shown.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "story counts version"

    def __str__(self):
        return f"Story counts version {self.number}"


class ListCount(models.Model):
    """The number of stories a list page shows (its address names it), as counted."""

    page = models.CharField(max_length=255, unique=True)
    count = models.PositiveIntegerField()
    version = models.PositiveBigIntegerField()
    # The next scheduled story's publish time when this was counted: from then on
    # the list may have one more story, so it is counted again.
    good_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "story count"

    def __str__(self):
        return f"{self.page}: {self.count} stories"
