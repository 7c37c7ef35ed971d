from django.core.management.base import BaseCommand

from newsletters import sending


class Command(BaseCommand):
    help = "Send the alerts due now: new stories about what readers follow, one mail an hour."

    def handle(self, *args, **options):
        counts = sending.send_alerts()
        self.stdout.write(f"Alerts: {counts['sent']} sent, {counts['failed']} failed.")
        if counts["next_due"]:
            self.stdout.write(f"Readers alerted within the hour are due at {counts['next_due']}.")
