from django.core.management.base import BaseCommand

from newsletters import sending
from newsletters.models import Newsletter


class Command(BaseCommand):
    help = "Send today's digest of every newsletter now (the worker sends it at its time)."

    def handle(self, *args, **options):
        for newsletter in Newsletter.objects.all():
            counts = sending.send_digest(newsletter)
            if counts["edition"] is None:
                self.stdout.write(f"{newsletter}: no story to send.")
            else:
                self.stdout.write(
                    f"{newsletter}: {counts['edition']}, {counts['sent']} sent, "
                    f"{counts['failed']} failed."
                )
