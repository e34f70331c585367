from django.core.management.base import BaseCommand, CommandError

from people.idcard import InvalidNumber, normalize_mobile
from people.models import User, phone_index
from signin.services import lockout_reset


class Command(BaseCommand):
    help = "Lift a sign-in lockout now: of an account (by mobile number) or of a client address (--address)."

    def add_arguments(self, parser):
        parser.add_argument("mobile", nargs="?", help="the account's mobile number")
        parser.add_argument("--address", help="a client IP address locked out for too many failures")

    def handle(self, *args, mobile, address, **options):
        if not mobile and not address:
            raise CommandError("Give a mobile number, --address, or both.")
        user = None
        if mobile:
            try:
                user = User.objects.get(phone_index=phone_index(normalize_mobile(mobile)))
            except (InvalidNumber, User.DoesNotExist):
                raise CommandError(f"No account has the mobile number {mobile}.") from None
        removed = lockout_reset(user=user, address=address)
        self.stdout.write(f"Unlocked; {removed} record(s) of failed sign-ins removed.")
