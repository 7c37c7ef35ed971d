"""Write every story, section, byline, tag and revision, and their pictures, to one archive."""

from django.core.management.base import BaseCommand

from backups.archive import export


class Command(BaseCommand):
    help = (
        "Back up the site's content (stories with their history, sections, bylines, tags, "
        "old addresses, revisions) and the pictures they use to OUTPUT.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="Where to write the archive, e.g. backup.tar.gz.")

    def handle(self, *args, output, verbosity, **options):
        manifest = export(output, progress=verbosity > 0)
        for name in manifest["missing_media"]:
            self.stderr.write(self.style.WARNING(f"Not in the archive, file missing: {name}"))
        if verbosity:
            counts = manifest["counts"]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {output}: {counts['articles.article']} stories, "
                    f"{counts['articles.section']} sections, {counts['articles.author']} bylines, "
                    f"{counts['taggit.tag']} tags, {counts['reversion.version']} revision "
                    f"entries and {len(manifest['files']) - 1} files."
                )
            )
