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

    def box(self, *lines):
        """Lines framed, so they stand out of the start-up log."""
        width = max(len(line) for line in lines)
        rule = "+" + "-" * (width + 2) + "+"
        self.stdout.write("\n".join([rule, *(f"| {line.ljust(width)} |" for line in lines), rule]))

    def handle(self, *args, **options):
        User = get_user_model()
        admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if admin is not None:
            name = admin.get_username()
            self.box(
                f"The desk: /{settings.ADMIN_URL}  (account “{name}”)",
                "Password forgotten? python manage.py changepassword " + name,
            )
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
        self.box(
            f"The desk: /{settings.ADMIN_URL}",
            f"New admin account: {username}",
            f"Password: {password}  (shown this once)"
            if generated
            else "Password: the one in DJANGO_SUPERUSER_PASSWORD",
            f"To change it: python manage.py changepassword {username}",
        )
