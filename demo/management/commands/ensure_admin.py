"""Make sure the desk has one superuser, so `make run` always ends with a way in."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a superuser if there is none. The password comes from "
        "DJANGO_SUPERUSER_PASSWORD, or is generated and printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(f"An admin account already exists; sign in at /{settings.ADMIN_URL}.")
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.com")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"There is no superuser, and the account “{username}” already exists without "
                "superuser rights. Set DJANGO_SUPERUSER_USERNAME to another name, or run "
                "`python manage.py createsuperuser` to make one yourself."
            )
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created the admin account “{username}”."))
        if generated:
            self.stdout.write(
                f"Its password, shown this once (change it in the admin):\n\n    {password}\n"
            )
