"""``manage.py apply_invalidations``: mark stale the pages of changes the cache missed."""

from django.core.management.base import BaseCommand, CommandError

from caching.invalidation import apply_pending, pending_count


class Command(BaseCommand):
    help = (
        "Mark stale the cached pages of changes saved while the cache server could not "
        "be reached. Every app server also does this by itself every few seconds."
    )

    def handle(self, *args, **options):
        waiting = pending_count()
        if not waiting:
            self.stdout.write("No change is waiting: every cached page is up to date.")
            return
        applied = apply_pending()
        if applied is None:
            raise CommandError(
                f"{waiting} change(s) still wait: the cache server cannot be reached. "
                "Check REDIS_URL and that the server is up, then run this again."
            )
        self.stdout.write(f"Marked the pages of {applied} change(s) stale.")
