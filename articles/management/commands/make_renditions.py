"""Make the renditions every story's hero image should have, and record them.

Safe to run again and again: files that exist are kept, and a story whose record
is already right is not written. Stories sharing a picture share its renditions,
so each picture is read once.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.images import make_renditions
from articles.models import Article
from articles.pagecache import bump_generation


class Command(BaseCommand):
    help = "Make any missing renditions of the stories' hero images (WebP, JPEG, social crop)."

    def handle(self, *args, verbosity, **options):
        stories = defaultdict(list)
        rows = Article.objects.exclude(hero_image="").values_list(
            "pk", "hero_image", "hero_focal_x", "hero_focal_y", "hero_renditions"
        )
        for pk, name, focal_x, focal_y, recorded in rows.iterator():
            stories[name, focal_x, focal_y].append((pk, recorded))
        updated = failed = 0
        for (name, focal_x, focal_y), members in tqdm(
            stories.items(), unit=" pictures", disable=None if verbosity else True
        ):
            try:
                made = make_renditions(name, focal_x, focal_y)
            except (OSError, ValueError) as error:  # a missing or unreadable original
                failed += 1
                self.stderr.write(f"{name}: {error}")
                continue
            stale = [pk for pk, recorded in members if recorded != made]
            for first in range(0, len(stale), 1000):
                updated += Article.objects.filter(pk__in=stale[first : first + 1000]).update(
                    hero_renditions=made
                )
        if updated:
            bump_generation()  # cached pages still point at the old files
        if verbosity:
            self.stdout.write(
                f"{len(stories)} pictures checked, {updated} stories updated, {failed} failed."
            )
