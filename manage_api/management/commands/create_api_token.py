import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Make a management API token for USERNAME and print it once: only its hash is stored. "
        "Send it as `Authorization: Token <token>`. Staff list and revoke tokens in the admin (Auth tokens)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--expires-days", type=int, default=90, help="Days until the token stops working (default 90; 0: never)."
        )

    def handle(self, *args, username, expires_days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user “{username}”.")
        if not user.is_active:
            raise CommandError(f"“{username}” is deactivated: a token would not work.")
        if expires_days < 0:
            raise CommandError("--expires-days must be 0 (never) or more.")
        expiry = datetime.timedelta(days=expires_days) if expires_days else None
        instance, token = AuthToken.objects.create(user=user, expiry=expiry)
        self.stdout.write(token)
        until = f"until {instance.expiry:%Y-%m-%d %H:%M %Z}" if instance.expiry else "with no expiry"
        self.stderr.write(f"A token for “{username}”, valid {until}. It is shown only this once.")
