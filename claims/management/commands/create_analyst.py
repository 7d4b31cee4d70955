import getpass
import secrets
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create (or update) an analyst: a staff user in the Analysts group who can log in to /admin/. "
        "Asks for a password on a terminal; otherwise makes one up and prints it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Set this password instead of asking (avoid on shared machines: it lands in shell history).",
        )

    def handle(self, *args, username, email, password, **options):
        try:
            analysts = Group.objects.get(name="Analysts")
        except Group.DoesNotExist:
            raise CommandError(
                "The Analysts group does not exist: run `python manage.py migrate` first."
            ) from None
        generated = False
        if password is None:
            if sys.stdin.isatty():
                password = getpass.getpass(f"Password for {username}: ")
            else:
                password, generated = secrets.token_urlsafe(12), True
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first() or user_model(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        with transaction.atomic():
            user.email = email or user.email
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.add(analysts)
        self.stdout.write(self.style.SUCCESS(f"Analyst {username!r} can log in at /admin/."))
        if generated:
            self.stdout.write(f"Password: {password}")
