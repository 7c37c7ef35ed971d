"""Work out the stored previous/next and related stories (``Article.around``) of stories.

Run once after migration 0017 for the stories already written (``--all`` redoes
every story). Saves keep them up to date from then on.
"""

from django.core.management.base import BaseCommand

from articles.around import fill


class Command(BaseCommand):
    help = "Store each story's previous/next in its section and its related stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Recompute every story, not only those missing."
        )

    def handle(self, *args, all, verbosity, **options):
        written = fill(only_missing=not all)
        if verbosity:
            self.stdout.write(f"Stories around stories: {written} stored.")
