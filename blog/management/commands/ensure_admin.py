"""`manage.py ensure_admin`: make sure a superuser exists, creating `admin` if none does."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a superuser if there is none. Reads DJANGO_SUPERUSER_USERNAME (default "
        "admin), DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD; without a password, "
        "generates one and prints it once."
    )

    def handle(self, *args, **options):
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; nothing to do.")
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL") or "admin@localhost"
        if users.filter(username=username).exists():
            raise CommandError(
                f"A user {username!r} exists but is not a superuser. Promote it in the admin "
                "or the shell, or set DJANGO_SUPERUSER_USERNAME to another name."
            )
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if password:
            users.create_superuser(username=username, email=email, password=password)
            self.stdout.write(
                f"Admin account created: username {username}, "
                "password from DJANGO_SUPERUSER_PASSWORD."
            )
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Admin account created: username {username}, password {password} "
                "— shown only this once"
            )
        )
