"""Dashboards of every level against their rollup rows and against a live GROUP BY (issue 16).

    .venv/bin/python bench/stats_dashboard.py                # small: 20,000 ledger entries, 4,000 needs (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_i16stats .venv/bin/python bench/stats_dashboard.py --full

--full makes 1,000,000 ledger entries and 200,000 needs. The demo county is loaded first, then the entries and
needs are bulk-inserted (their hash chain is not a real one: the benchmark reads hours, it does not verify them)
and `rebuild_stats` is timed. For the province, its city, the county, a township (保康镇) and a community
(团结社区), over the page's default period (this year), each measure is the median of --runs runs, the first
four taken in turn:
- dashboard: `stats.selectors.dashboard_figures` (the figures of the region and of each region below it), given
  the regions below as the page has them (looked up with the region itself, `region_and_children`);
- rollup rows: reading the fact rows that dashboard needs, as they are stored;
- whole page: a GET of /stats/<code>/ through Django's test client, signed in as the region's demo user (the
  province admin, the county admin, the community's social worker): middleware, scope, catch-up, the figures,
  the project and space sections and rendering; one request before the timing, as a worker that has served pages;
- its catch-up: `stats.rollup.catch_up(wait=False)` alone, as the page calls it first (nothing new to read);
- live: `stats.live.live_figures` for the region and each region below it (the same figures, GROUP BY).
The target of issue 16 (at most 1.5x the rows) is about the dashboard; the page is reported beside it.
The database is built once and reused; --rebuild starts over.
"""

import argparse
import datetime
import functools
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


def timed_turns(measures, runs):
    """Medians of measures taken in turn (on a shared machine, a load that comes and goes hits them all)."""
    times = [[] for _ in measures]
    for _ in range(runs):
        for fn, into in zip(measures, times, strict=True):
            started = time.perf_counter()
            fn()
            into.append(time.perf_counter() - started)
    return [statistics.median(into) for into in times]


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
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from core.periods import period_from
    from ledger.models import LedgerEntry
    from needs.models import Need
    from regions.models import Region
    from stats.models import Fact
    from stats.rollup import rebuild

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if args.rebuild and connection.vendor == "postgresql":
        print("--rebuild on PostgreSQL: drop the database yourself")
    if not LedgerEntry.objects.filter(seq__gte=10**9).exists():
        started = time.monotonic()
        if not Need.objects.exists():
            call_command("load_demo", volunteers=1500, recipients=300, stdout=open(os.devnull, "w"))  # noqa: SIM115
        fill(entries, needs, random.Random(16))
        print(f"built in {time.monotonic() - started:.0f} s", flush=True)
        started = time.monotonic()
        rebuild(settle=datetime.timedelta(0))
        if connection.vendor == "postgresql":  # as `manage.py rebuild_stats` does after its rebuild
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {Fact._meta.db_table}")
        print(f"rebuild_stats: {time.monotonic() - started:.0f} s, {Fact.objects.count()} facts", flush=True)
    print(
        f"database: {connection.vendor}; {LedgerEntry.objects.count()} ledger entries, {Need.objects.count()} needs, "
        f"{Fact.objects.count()} facts"
    )
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    today = timezone.localdate()
    _kind, period, _notices = period_from({}, today)  # the page's own default period: this year
    print(f"period {period.first} – {period.last}, median of {args.runs} runs (live: {max(1, args.runs // 3)})\n")
    print(
        "| region | signed in as | dashboard (ms) | rollup rows (ms) | whole page (ms) | its catch-up (ms) "
        "| live GROUP BY (ms) | dashboard ÷ rows | page ÷ rows | live ÷ dashboard | rows read |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    county = Region.objects.get(code="150521")
    township = Region.objects.get(parent=county, name="保康镇")
    levels = [
        (Region.objects.get(code="150000"), 9),  # the province admin reads the province and its city
        (county.parent, 9),
        (county, 1),  # the county admin reads the county and its townships
        (township, 1),
        (Region.objects.get(parent=township, name="团结社区"), 2),  # the community's social worker
    ]
    clients = {}
    for region, account in levels:
        if account not in clients:
            clients[account] = signed_in(account)
        measure(region, period, today, args.runs, clients[account], ACCOUNTS[account])
        print(f"  (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})", file=sys.stderr, flush=True)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


ACCOUNTS = {1: "county admin", 2: "community social worker", 9: "province admin"}


@functools.cache
def signed_in(account: int):
    """A test client signed in as a demo account; the region admins give the demo authenticator's code, once per
    account (a code used twice within its 30 s is refused as a replay)."""
    import io

    from django.core.management import call_command
    from django.test import Client

    from demo.accounts import role_phone
    from people.models import User, phone_index

    client = Client()
    client.force_login(User.objects.get(phone_index=phone_index(role_phone(account))))
    if account in (1, 9):
        code = io.StringIO()
        call_command("demo_otp", role_phone(account), stdout=code)
        client.post("/account/two-factor/verify/", {"code": code.getvalue().strip()})
    return client


def measure(region, period, today, runs, client, who):
    """The dashboard's figures, its rows and the whole page (a GET as the region's user, rendering included)
    taken in turn; then the live computation."""
    from django.urls import reverse

    from regions.models import Region
    from stats.live import live_figures
    from stats.rollup import catch_up
    from stats.selectors import dashboard_figures, region_and_children, rollup_rows

    below = list(Region.objects.filter(parent=region))
    ids = [region.pk, *(child.pk for child in below)]
    # The page looks its region up with the regions below it in one query (stats.views), then reads the figures.
    _found, children = region_and_children(Region.objects.all(), region.code)
    url = reverse("stats:dashboard", kwargs={"code": region.code})

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    page()  # the first request of a process imports the views and templates: not timed
    rows_read = len(rollup_rows(ids, period, today))
    dashboard, rows, whole, caught_up = timed_turns(
        [
            lambda: dashboard_figures(region, period, today, children),
            lambda: rollup_rows(ids, period, today),
            page,
            lambda: catch_up(wait=False),  # the page's catch-up alone (nothing has changed since the last)
        ],
        runs,
    )
    live = timed(lambda: [live_figures(r, period, today) for r in (region, *below)], max(1, runs // 3))
    print(
        f"| {region.name} ({region.level}, {len(below)} below) | {who} "
        f"| {dashboard * 1000:.1f} | {rows * 1000:.1f} | {whole * 1000:.1f} | {caught_up * 1000:.1f} "
        f"| {live * 1000:,.0f} "
        f"| {dashboard / rows:.2f} | {whole / rows:.2f} | {live / dashboard:,.0f} | {rows_read:,} |",
        flush=True,
    )


if __name__ == "__main__":
    main()
