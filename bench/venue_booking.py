"""Many people asking for the same room at once: N booking requests for S one-hour slots of one room.

Every request is a real POST of the booking form (/rooms/<id>/book/) through Django's whole stack (Django's
test client, in-process, no network), by one of the room's team leaders, each thread with its own client and
database connection; request i asks for slot i mod S, in shuffled order, THREADS at a time. At the end exactly
S bookings must exist, no two overlapping (checked in SQL), and every other request must have been answered
with the refusal that names the nearest free times. Prints the p50/p99 of accepted and refused requests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench_venues .venv/bin/python bench/venue_booking.py --full
    .venv/bin/python bench/venue_booking.py                 # 100 requests for 10 slots, SQLite file in var/bench/

The database is created and migrated on first use and kept; each run books a new room.
"""

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def ensure_postgres_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = url.replace(parts.path, "/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--slots", type=int, default=10)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--full", action="store_true", help="1,000 requests for 100 slots, 32 threads")
    parser.add_argument("--json", action="store_true", help="print one JSON line of the figures")
    args = parser.parse_args()
    if args.full:
        args.requests, args.slots, args.threads = 1000, 100, 32

    url = os.environ.get("DATABASE_URL")
    if not url:
        path = ROOT / "var" / "bench" / "venues.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = url = f"sqlite:///{path}"
    elif url.startswith("postgres"):
        ensure_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")

    import django

    django.setup()
    import datetime

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.utils import timezone

    from orgs.models import Kind, Organisation
    from people.models import User
    from qianniu.tests import factories as f
    from regions.models import Region
    from venues.models import Booking, Room, RoomHours, Venue

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    community = Region.objects.get(code="620302001001")
    team, _ = Organisation.objects.get_or_create(kind=Kind.TEAM, name="基准测试服务队", region=community)
    venue = Venue.objects.create(name=f"基准中心{time.time_ns()}", region=community, address="龙广里")
    room = Room.objects.create(
        venue=venue, name="活动室", function="activity", capacity=50, follows_official_calendar=False
    )
    RoomHours.objects.bulk_create(
        RoomHours(room=room, weekday=d, opens=datetime.time(8), closes=datetime.time(18)) for d in range(7)
    )
    first_day = timezone.localdate() + datetime.timedelta(days=14)
    slots = [
        (first_day + datetime.timedelta(days=i // 10), datetime.time(8 + i % 10), datetime.time(9 + i % 10))
        for i in range(args.slots)
    ]
    # The team's leaders are made once and kept with the database (the factories' ID numbers restart each run).
    leaders = list(
        User.objects.filter(volunteer__memberships__team=team, volunteer__memberships__role="leader").order_by("pk")
    )
    for i in range(len(leaders), args.threads):
        born = datetime.date(1975, 1, 1) + datetime.timedelta(days=7 * i)
        profile = f.volunteer(name=f"队长{i}", region=community, phone=f"1370000{i:04d}", birth_date=born)
        f.member(team, profile, leader=True)
        leaders.append(profile.user)
    connections.close_all()

    local = threading.local()
    counter = iter(range(10**9))
    lock = threading.Lock()

    def client():
        if not hasattr(local, "client"):
            with lock:
                user = leaders[next(counter)]
            local.client = Client()
            local.client.force_login(user)
        return local.client

    order = [i % args.slots for i in range(args.requests)]
    random.Random(17).shuffle(order)
    results = []

    def request(slot_index):
        day, starts, ends = slots[slot_index]
        data = {"title": "排练", "team": team.pk, "day": day.isoformat(), "starts": f"{starts:%H:%M}",
                "ends": f"{ends:%H:%M}", "expected": 5}  # fmt: skip
        started = time.perf_counter()
        response = client().post(f"/rooms/{room.pk}/book/", data)
        took = (time.perf_counter() - started) * 1000
        body = response.content.decode() if response.status_code == 200 else ""
        if response.status_code == 302:
            outcome = "booked"
        elif "被预订。最近的空闲时间" in body or "被预订。前后一周内" in body:
            outcome = "refused"
        else:
            outcome = f"other {response.status_code}"
        with lock:
            results.append((outcome, took))

    started = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(request, order))
    wall = time.perf_counter() - started
    connections.close_all()

    booked = Booking.objects.filter(room=room, status__in=["pending", "approved"]).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM venues_booking a JOIN venues_booking b ON a.room_id = b.room_id AND a.id < b.id "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at WHERE a.room_id = %s",
            [room.pk],
        )
        overlaps = cursor.fetchone()[0]
    accepted = [ms for outcome, ms in results if outcome == "booked"]
    refused = [ms for outcome, ms in results if outcome == "refused"]
    others = [outcome for outcome, _ms in results if outcome not in {"booked", "refused"}]
    figures = {
        "database": connection.vendor,
        "requests": args.requests,
        "slots": args.slots,
        "threads": args.threads,
        "bookings": booked,
        "overlaps": overlaps,
        "accepted": len(accepted),
        "refused_with_message": len(refused),
        "other_answers": len(others),
        "accepted_p50_ms": round(statistics.median(accepted), 1) if accepted else None,
        "accepted_p99_ms": round(percentile(accepted, 0.99), 1),
        "refused_p50_ms": round(statistics.median(refused), 1) if refused else None,
        "refused_p99_ms": round(percentile(refused, 0.99), 1),
        "wall_s": round(wall, 1),
        "requests_per_s": round(args.requests / wall, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>22}: {value}")
    ok = booked == args.slots and overlaps == 0 and len(refused) == args.requests - args.slots and not others
    print("OK" if ok else f"FAILED {others[:5]}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
