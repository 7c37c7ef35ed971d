"""What `make run` does before serving, in one process: the database brought up to
date, the demo stories on an empty site, and an admin account to sign in with.

One process instead of three saves Django's start-up twice (about two seconds of a
second `make run`). The admin account is printed in a box, which `make run` shows
again once the server and worker have started, so it does not scroll away.
"""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, seed the demo on an empty site and make sure an admin account exists."

    def handle(self, *args, verbosity, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database up to date.")
        call_command("seed_demo", if_empty=True, verbosity=verbosity)
        notice = io.StringIO()
        call_command("ensure_admin", stdout=notice, no_color=True)
        self.stdout.write(notice.getvalue().rstrip())
