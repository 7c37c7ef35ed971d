"""Store what stories keep about their surroundings: previous/next, related, bylines, tags.

Run once after migration 0017 for the stories already written (``--all`` redoes
every story). Saves keep ``Article.around`` and ``Article.labels`` up to date
from then on; rows written in bulk (``bulk_create``, ``update()``) need this.
"""

from django.core.management.base import BaseCommand

from articles.around import fill


class Command(BaseCommand):
    help = "Store each story's previous/next, related stories, bylines and tags on it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Recompute every story, not only those missing."
        )

    def handle(self, *args, all, verbosity, **options):
        written = fill(only_missing=not all)
        if verbosity:
            self.stdout.write(f"Stories written: {written}.")
