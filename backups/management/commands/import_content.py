"""Restore an export_content archive into an empty site, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from backups.archive import ArchiveError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_content into an empty site. The archive is "
        "checked in full first; a damaged, altered or foreign one changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz file export_content wrote.")

    def handle(self, *args, archive, verbosity, **options):
        try:
            manifest = restore(archive, progress=verbosity > 0)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            counts = manifest["counts"]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {counts['articles.article']} stories, "
                    f"{counts['articles.section']} sections, {counts['articles.author']} bylines, "
                    f"{counts['taggit.tag']} tags, {counts['reversion.version']} revision "
                    f"entries and {len(manifest['files']) - 1} files from {archive}."
                )
            )
