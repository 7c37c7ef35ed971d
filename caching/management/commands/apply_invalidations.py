"""``manage.py apply_invalidations``: purge the keys of changes the cache or the edge missed."""

from django.core.management.base import BaseCommand, CommandError

from caching.edge import EdgePurgeError
from caching.invalidation import apply_edge, apply_pending, unfinished_count


class Command(BaseCommand):
    help = (
        "Purge the cached pages of changes saved while the cache server (or the edge) "
        "could not be reached. App servers and the worker also do this by themselves."
    )

    def handle(self, *args, **options):
        waiting = unfinished_count()
        if not waiting:
            self.stdout.write("No change is waiting: every cached page is up to date.")
            return
        applied = apply_pending()
        if applied is None:
            raise CommandError(
                f"{waiting} change(s) still wait: the cache server cannot be reached. "
                "Check REDIS_URL and that the server is up, then run this again."
            )
        try:
            apply_edge()
        except EdgePurgeError as error:
            raise CommandError(
                f"The page cache is up to date, but the edge refused the purges: {error}. "
                "Check NEWSROOM_EDGE_PURGE and NEWSROOM_EDGE_SECRET, then run this again."
            ) from error
        self.stdout.write(f"Purged the pages of {applied} change(s).")
