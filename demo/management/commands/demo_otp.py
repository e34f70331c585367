import base64

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.accounts import DEMO_OTP_SECRET
from people.idcard import InvalidNumber, normalize_mobile
from people.models import phone_index


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a demo account. Only an authenticator with the published demo key "
        "qualifies, whose codes anyone can compute anyway; real accounts' keys are never read out."
    )

    def add_arguments(self, parser):
        parser.add_argument("mobile", help="the demo account's mobile number, e.g. 13800000001")

    def handle(self, *args, mobile, **options):
        try:
            index = phone_index(normalize_mobile(mobile))
        except InvalidNumber:
            raise CommandError(f"{mobile} is not a mobile number.") from None
        demo_key = base64.b32decode(DEMO_OTP_SECRET).hex()
        device = TOTPDevice.objects.filter(user__phone_index=index, confirmed=True, key=demo_key).first()
        if device is None:
            raise CommandError(f"{mobile} has no authenticator with the demo key.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
