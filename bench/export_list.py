"""Exports of the volunteers list (core/export.py) over the demo county: time and peak memory.

    .venv/bin/python bench/export_list.py                        # 2,000 volunteers, seconds (SQLite in var/bench/)
    .venv/bin/python bench/export_list.py --volunteers 76000     # the full-size county (built once, minutes)
    DATABASE_URL=postgres://… .venv/bin/python bench/export_list.py --volunteers 76000   # on PostgreSQL
    .venv/bin/python bench/export_list.py --volunteers 76000 --only national   # the national items' exports only

Signed in as the county admin (who sees every volunteer), each export is streamed through Django's whole stack
and its bytes counted as they come. Two passes per export: one timed, one under tracemalloc for the peak of
Python's allocations during the export (tracemalloc slows it, so it is not timed). The same export of a tenth
of the rows (`?region=` a township) shows whether the peak grows with the rows: a streamed export's should not.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(volunteers: int):
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"volunteers-{volunteers}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from people.models import Volunteer

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if not Volunteer.objects.exists():
        started = time.monotonic()
        call_command("load_demo", volunteers=volunteers, recipients=300, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"built {volunteers} volunteers in {time.monotonic() - started:.0f} s")


def admin_client():
    from django.core.management import call_command
    from django.test import Client

    from demo.accounts import role_phone
    from people.models import User, phone_index

    client = Client()
    client.force_login(User.objects.get(phone_index=phone_index(role_phone(1))))
    code = io.StringIO()
    call_command("demo_otp", role_phone(1), stdout=code)
    client.post("/account/two-factor/verify/", {"code": code.getvalue().strip()})
    return client


def stream(client, url) -> tuple[int, int]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return size, lines - 1 if url.endswith("csv") else None


def measure(client, label: str, url: str, count: int):
    """`count`: the rows the export should hold (an xlsx is compressed: its rows are not counted in its bytes)."""
    started = time.perf_counter()
    size, rows = stream(client, url)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    stream(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = rows if rows is not None else count
    print(
        f"  {label:<44} {rows:>7} rows  {size / 1e6:6.1f} MB  {seconds:6.2f} s  "
        f"{rows / seconds:8.0f} rows/s  peak {peak / 1e6:5.1f} MB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--only", default="", help="measure only the exports whose label holds this, e.g. national")
    args = parser.parse_args()
    setup(args.volunteers)
    from django.db import connection

    from people.models import Volunteer
    from regions.models import Region

    township = Region.objects.get(name="保康镇")
    total = Volunteer.objects.count()
    print(
        f"database: {connection.vendor}, {total} volunteers; township 保康镇 holds "
        f"{Volunteer.objects.filter(region__path__startswith=township.path).count()}"
    )
    client = admin_client()
    in_township = Volunteer.objects.filter(region__path__startswith=township.path).count()
    for label, url, count in (
        ("volunteers list, xlsx", "/volunteers/?export=xlsx", total),
        ("volunteers list, csv", "/volunteers/?export=csv", total),
        ("volunteers list, one township, xlsx", f"/volunteers/?region={township.pk}&export=xlsx", in_township),
        ("national items (full numbers, logged), xlsx", "/volunteers/national-export/?export=xlsx", total),
        (
            "national items, one township, xlsx",
            f"/volunteers/national-export/?region={township.pk}&export=xlsx",
            in_township,
        ),
    ):
        if args.only in label:
            measure(client, label, url, count)
    print(f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
