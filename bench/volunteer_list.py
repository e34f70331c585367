"""Volunteer list pages over the full-size demo county (76,000 volunteers), through Django's whole stack.

    .venv/bin/python bench/volunteer_list.py                 # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench .venv/bin/python bench/volunteer_list.py

The database is built once (a few minutes) and reused; --rebuild starts over. Prints the median and the
95th percentile of each page's response time.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=76_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"volunteers-{args.volunteers}.sqlite3"
        if args.rebuild and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from demo.accounts import role_phone
    from people.models import User, Volunteer, phone_index

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if not Volunteer.objects.exists():
        started = time.monotonic()
        call_command("load_demo", volunteers=args.volunteers, recipients=2000, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"built {args.volunteers} volunteers in {time.monotonic() - started:.0f} s")
    total = Volunteer.objects.count()
    print(f"database: {connection.vendor}, {total} volunteers")

    middle_pk = Volunteer.objects.order_by("pk").values_list("pk", flat=True)[total // 2]
    pages = [
        ("first page", "/volunteers/"),
        ("search by pinyin initials 'zs'", "/volunteers/?q=zs"),
        ("search by name '巴特尔'", "/volunteers/?q=巴特尔"),
        ("search by last 4 digits", "/volunteers/?q=5678"),
        ("filter: township + kind + skill", None),
        ("deep page (keyset, middle of the table)", f"/volunteers/?after={middle_pk}"),
        ("search with no match", "/volunteers/?q=zzzzqx"),
    ]
    from regions.models import Region

    township = Region.objects.get(name="保康镇")
    pages[4] = (pages[4][0], f"/volunteers/?region={township.pk}&kind=youth&skill=haircut")

    for role, number in (("county admin", 1), ("community social worker", 2)):
        client = Client()
        client.force_login(User.objects.get(phone_index=phone_index(role_phone(number))))
        if number == 1:  # the county admin gives the demo authenticator's code, as README.md says
            code = io.StringIO()
            call_command("demo_otp", role_phone(number), stdout=code)
            client.post("/account/two-factor/verify/", {"code": code.getvalue().strip()})
        print(f"\n{role}:")
        for label, url in pages:
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(f"  {label:<42} median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
