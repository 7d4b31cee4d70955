import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it as the last line. Only a hash is stored: "
        "the token cannot be shown again. Revoke it by deleting it under Auth tokens in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Let the token expire after this many days."
        )

    def handle(self, *args, username, expires_in_days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"No user {username!r}: create one first (e.g. manage.py create_analyst {username})."
            )
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expiry = datetime.timedelta(days=expires_in_days) if expires_in_days else None
        instance, token = AuthToken.objects.create(user=user, expiry=expiry)
        if not user.has_perm("claims.add_claim"):
            self.stderr.write(
                self.style.WARNING(
                    f"{username} may read with this token but not write: they are not an analyst."
                )
            )
        until = f", expires {instance.expiry:%Y-%m-%d %H:%M} UTC" if instance.expiry else ""
        self.stderr.write(
            f"Token {instance.token_key}… for {username}{until}. Send it as: Authorization: Token <token>"
        )
        self.stdout.write(token)
