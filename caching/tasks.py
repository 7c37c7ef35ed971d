"""The worker's part of purging: the edge, and scheduled stories going live."""

from django.tasks import task

from . import invalidation


@task
def purge_edge():
    """Send the purges waiting for the edge; raising, it is tried again (jobs/retries.py),
    and any later run sends what an earlier one could not."""
    invalidation.apply_edge()


@task
def apply_due():
    """A scheduled story's time has come: purge its keys, here and at the edge."""
    invalidation.apply_pending()
    invalidation.apply_edge()
