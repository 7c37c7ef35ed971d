"""Make the renditions every library image should have, and record them.

Safe to run again and again: files that exist are kept, and an image whose record
is already right is not written.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from library.models import Image
from library.renditions import make_renditions
from library.signals import renditions_made


class Command(BaseCommand):
    help = "Make any missing renditions of the library's images (WebP, JPEG, social crop)."

    def handle(self, *args, verbosity, **options):
        rows = Image.objects.exclude(file="").values_list(
            "pk", "file", "focal_x", "focal_y", "renditions"
        )
        updated, failed, checked = [], 0, 0
        for pk, name, focal_x, focal_y, recorded in tqdm(
            rows.iterator(), unit=" pictures", disable=None if verbosity else True
        ):
            checked += 1
            try:
                made = make_renditions(name, focal_x, focal_y)
            except (OSError, ValueError) as error:  # a missing or unreadable original
                failed += 1
                self.stderr.write(f"{name}: {error}")
                continue
            if recorded != made and Image.objects.filter(pk=pk).update(renditions=made):
                updated.append(pk)
        if updated:
            # Cached pages still point at the old files.
            renditions_made.send(sender=Image, images=updated)
        if verbosity:
            self.stdout.write(
                f"{checked} pictures checked, {len(updated)} images updated, {failed} failed."
            )
