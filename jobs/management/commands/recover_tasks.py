from django.core.management.base import BaseCommand

from jobs.retries import recover_lost_tasks


class Command(BaseCommand):
    help = (
        "Put background tasks whose worker died (RUNNING longer than "
        "NEWSROOM_TASK_TIMEOUT_MINUTES, or claimed by a worker of this machine that "
        "no longer runs) back in the queue."
    )

    def handle(self, **options):
        count = recover_lost_tasks()
        self.stdout.write(f"{count} lost task(s) put back in the queue.")
