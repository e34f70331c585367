import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from demo.accounts import DEMO_OTP_SECRET, DEMO_PASSWORD, demo_logins
from demo.builder import DemoBuilder
from regions.models import Region


class Command(BaseCommand):
    help = "Build the demo county (科尔沁左翼中旗) with its organisations, volunteers and recipients."

    def add_arguments(self, parser):
        parser.add_argument("--volunteers", type=int, default=1500, help="number of volunteers (76000 for full size)")
        parser.add_argument("--recipients", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the demo county is loaded already")

    def handle(self, *args, volunteers, recipients, seed, if_empty, **options):
        translation.activate("zh-hans")
        loaded = Region.objects.filter(code__startswith="150521", level="township").exists()
        if loaded and not if_empty:
            raise CommandError("The demo county is loaded already; use a new database.")
        if loaded:
            self.stdout.write("The demo county is loaded already.")
        else:
            if volunteers < 50:
                raise CommandError("--volunteers must be at least 50")
            started = time.monotonic()
            result = DemoBuilder(seed=seed, volunteers=volunteers, recipients=recipients).build()
            self.stdout.write(
                f"Demo county loaded in {time.monotonic() - started:.1f} s: {result.volunteers} volunteers, "
                f"{result.teams} teams, {result.recipients} recipients."
            )
        self.stdout.write(f"\nSign in at http://127.0.0.1:8000/ with password {DEMO_PASSWORD}:")
        logins = demo_logins()
        width = max(len(role) for role, *_rest in logins)
        for role, phone, name, where in logins:
            self.stdout.write(f"  {role:<{width}}  {phone}  {name}（{where}）")
        self.stdout.write(
            "\nThe superuser and the region admins (13800000000, 13800000001, 13800000008, 13800000009, 13800000010)\n"
            f"then give a two-factor code: add the key {DEMO_OTP_SECRET} to an authenticator app, or run\n"
            "  .venv/bin/python manage.py demo_otp 13800000001"
        )
