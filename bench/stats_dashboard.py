"""Dashboards against their rollup rows and against a live GROUP BY (issue 16).

    .venv/bin/python bench/stats_dashboard.py                # small: 20,000 ledger entries, 4,000 needs (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_i16stats .venv/bin/python bench/stats_dashboard.py --full

--full makes 1,000,000 ledger entries and 200,000 needs. The demo county is loaded first, then the entries and
needs are bulk-inserted (their hash chain is not a real one: the benchmark reads hours, it does not verify them)
and `rebuild_stats` is timed. Each measure is the median of --runs runs (the dashboard and its rows taken in
turn), for the province and the county:
- dashboard: `stats.selectors.dashboard_figures` (the figures of the region and of each region below it), given
  the regions below as the page has them (looked up with the region itself, `region_and_children`);
- rollup rows: reading the fact rows that dashboard needs, as they are stored;
- live: `stats.live.live_figures` for the region and each region below it (the same figures, GROUP BY).
The database is built once and reused; --rebuild starts over.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_pair(first, second, runs):
    """Medians of two measures taken in turn (on a shared machine, a load that comes and goes hits both)."""
    a, b = [], []
    for _ in range(runs):
        for fn, into in ((first, a), (second, b)):
            started = time.perf_counter()
            fn()
            into.append(time.perf_counter() - started)
    return statistics.median(a), statistics.median(b)


def fill(entries: int, needs: int, rng: random.Random):
    from django.utils import timezone

    from dictionaries.models import ServiceField
    from ledger.models import LedgerEntry
    from needs.models import Need, Status
    from people.models import Recipient, User, Volunteer

    volunteers = list(Volunteer.objects.values_list("pk", "region_id"))
    recorder = User.objects.filter(is_superuser=True).first()
    from regions.models import Region

    county = Region.objects.get(code="150521")
    today = timezone.localdate()
    base = 10**9
    batch = []
    for i in range(entries):
        volunteer_id, _region = rng.choice(volunteers)
        batch.append(
            LedgerEntry(
                region=county, seq=base + i, prev_hash="0" * 64, hash=uuid.uuid4().hex + uuid.uuid4().hex,
                volunteer_id=volunteer_id, kind=rng.choice(["service", "service", "service", "training"]),
                activity_name="活动", on=today - datetime.timedelta(days=rng.randint(0, 1000)), place="社区",
                content="服务", hours=Decimal(rng.randint(1, 16)) / 2, organiser="服务队", lead="队长",
                recorded_at=timezone.now(), recorded_by=recorder,
            )
        )  # fmt: skip
        if len(batch) == 10_000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    recipients = list(Recipient.objects.values_list("pk", "region_id"))
    fields = list(ServiceField.objects.values_list("pk", flat=True))
    statuses = [Status.NEW, Status.TRIAGED, Status.IN_SERVICE, Status.SERVED, Status.CLOSED, Status.CLOSED]
    now = timezone.now()
    made = []
    for _ in range(needs):
        recipient_id, region_id = rng.choice(recipients)
        status = rng.choice(statuses)
        made.append(
            Need(
                source="staff", recipient_id=recipient_id, region_id=region_id, service_field_id=rng.choice(fields),
                description="x", status=status, crisis=rng.random() < 0.05,
                response_due_at=now + datetime.timedelta(days=rng.randint(-30, 5)),
                ended_at=now if status == Status.CLOSED else None,
            )
        )  # fmt: skip
        if len(made) == 5_000:
            Need.objects.bulk_create(made)
            made = []
    Need.objects.bulk_create(made)
    # Found over the last two years (created_at is set on insert).
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("UPDATE needs_need SET created_at = now() - random() * interval '700 days' WHERE id > 0")
        else:
            cursor.execute(
                "UPDATE needs_need SET created_at = datetime('now', '-' || (abs(random()) % 700) || ' days')"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="1,000,000 ledger entries and 200,000 needs")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    entries, needs = (1_000_000, 200_000) if args.full else (20_000, 4_000)

    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"stats-{entries}.sqlite3"
        if args.rebuild and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from ledger.models import LedgerEntry
    from needs.models import Need
    from regions.models import Region
    from stats.models import Fact
    from stats.rollup import rebuild
    from stats.selectors import Period

    call_command("migrate", verbosity=0)
    if args.rebuild and connection.vendor == "postgresql":
        print("--rebuild on PostgreSQL: drop the database yourself")
    if not LedgerEntry.objects.filter(seq__gte=10**9).exists():
        started = time.monotonic()
        if not Need.objects.exists():
            call_command("load_demo", volunteers=1500, recipients=300, stdout=open(os.devnull, "w"))  # noqa: SIM115
        fill(entries, needs, random.Random(16))
        print(f"built in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        rebuild(settle=datetime.timedelta(0))
        print(f"rebuild_stats: {time.monotonic() - started:.0f} s, {Fact.objects.count()} facts")
    print(
        f"database: {connection.vendor}; {LedgerEntry.objects.count()} ledger entries, {Need.objects.count()} needs, "
        f"{Fact.objects.count()} facts"
    )
    today = timezone.localdate()
    period = Period(today.replace(month=1, day=1), today.replace(day=1))
    print(f"period {period.first} – {period.last}, median of {args.runs} runs\n")
    print(
        "| region | dashboard (ms) | rollup rows (ms) | live GROUP BY (ms) | dashboard ÷ rows | live ÷ dashboard "
        "| region lookup / with children (ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for code in ("150000", "150521"):
        measure(Region.objects.get(code=code), period, today, args.runs)


def measure(region, period, today, runs):
    from regions.models import Region
    from stats.live import live_figures
    from stats.selectors import dashboard_figures, region_and_children, rollup_rows

    below = list(Region.objects.filter(parent=region))
    ids = [region.pk, *(child.pk for child in below)]
    # The page looks its region up with the regions below it in one query (stats.views), then reads the figures.
    _found, children = region_and_children(Region.objects.all(), region.code)
    dashboard, rows = timed_pair(
        lambda: dashboard_figures(region, period, today, children), lambda: rollup_rows(ids, period, today), runs
    )
    lookup, with_children = timed_pair(
        lambda: Region.objects.filter(code=region.code).first(),
        lambda: region_and_children(Region.objects.all(), region.code),
        runs,
    )
    live = timed(lambda: [live_figures(r, period, today) for r in (region, *below)], max(1, runs // 3))
    print(
        f"| {region.name} ({len(below)} below) | {dashboard * 1000:.1f} | {rows * 1000:.1f} | {live * 1000:.0f} "
        f"| {dashboard / rows:.2f} | {live / dashboard:.0f} | {lookup * 1000:.1f} / {with_children * 1000:.1f} |"
    )


if __name__ == "__main__":
    main()
