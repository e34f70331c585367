"""Matching end to end from the database: a run over 10,000 open needs and the 76,000 volunteers of the
full-size demo county, as the background task does it (load, match, explain, store the proposals).

    .venv/bin/python bench/matching_db.py                 # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench_matching .venv/bin/python bench/matching_db.py

The database is built once (several minutes) and reused; --rebuild starts over.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_ADDRESS = "（匹配基准测试）"  # marks the needs this benchmark adds (descriptions are encrypted, not searchable)
sys.path.insert(0, str(ROOT))


def add_needs(count: int, monday: datetime.date, seed: int = 5):
    """Open, triaged needs of the county's recipients, spread over the county, for the week from `monday`."""
    from django.utils import timezone

    from dictionaries.models import Language, ServiceField, Skill
    from needs.models import Need
    from people.models import Recipient
    from regions.models import Region

    rng = random.Random(seed)
    recipients = list(
        Recipient.objects.filter(region__path__startswith=Region.objects.get(code="150521").path).values_list(
            "pk", "region_id"
        )
    )
    skills = list(Skill.objects.values_list("pk", flat=True))
    fields = list(ServiceField.objects.values_list("pk", flat=True))
    mongolian = Language.objects.get(name="蒙古语").pk
    now = timezone.now()
    needs = []
    for _ in range(count):
        recipient, region = rng.choice(recipients)
        needs.append(
            Need(
                source="staff",
                recipient_id=recipient,
                region_id=region,
                service_field_id=rng.choice(fields),
                description="上门服务",
                address=BENCH_ADDRESS,
                urgency=rng.choices(["low", "normal", "urgent"], [20, 70, 10])[0],
                crisis=rng.random() < 0.02,
                latitude=round(44.13 + rng.uniform(-0.4, 0.4), 6),
                longitude=round(123.31 + rng.uniform(-0.6, 0.6), 6),
                wanted_on=monday + datetime.timedelta(days=rng.randrange(7)),
                wanted_part=rng.choice(["am", "pm", "eve", ""]),
                language_id=mongolian if rng.random() < 0.3 else None,
                status="triaged",
                response_due_at=now + datetime.timedelta(days=3),
            )
        )
    Need.objects.bulk_create(needs, batch_size=2000)
    ids = list(Need.objects.filter(address=BENCH_ADDRESS).values_list("pk", flat=True))
    links = [Need.required_skills.through(need_id=pk, skill_id=rng.choice(skills)) for pk in ids if rng.random() < 0.8]
    Need.required_skills.through.objects.bulk_create(links, batch_size=5000)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=76_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"matching-{args.volunteers}.sqlite3"
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

    from demo.accounts import role_phone
    from matching.execution import run_execute
    from matching.forms import next_monday
    from matching.models import MatchRun
    from needs.models import Need
    from people.models import User, Volunteer, phone_index
    from regions.models import Region

    call_command("migrate", verbosity=0)
    monday = next_monday()
    if not Volunteer.objects.exists():
        started = time.monotonic()
        call_command("load_demo", volunteers=args.volunteers, recipients=2000, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"built {args.volunteers} volunteers in {time.monotonic() - started:.0f} s")
    if not Need.objects.filter(address=BENCH_ADDRESS).exists():
        started = time.monotonic()
        add_needs(args.needs, monday)
        print(f"added {args.needs} needs in {time.monotonic() - started:.0f} s")
    print(f"database: {connection.vendor}, {Volunteer.objects.count()} volunteers, {Need.objects.count()} needs")

    county = Region.objects.get(code="150521")
    admin = User.objects.get(phone_index=phone_index(role_phone(1)))
    totals = []
    for attempt in range(args.runs):
        run = MatchRun.objects.create(region=county, starts_on=monday, weeks=1, created_by=admin)
        started = time.perf_counter()
        run = run_execute(run.pk)
        totals.append(time.perf_counter() - started)
        print(
            f"run {attempt + 1}: {totals[-1]:.2f} s · {run.status} · {run.needs_count} needs · "
            f"{run.volunteers_count} volunteers · {run.proposed_count} proposed · {run.unserved_count} without · "
            f"phases {run.timings}"
        )
        if run.error:
            print(run.error)
        run.delete()
    print(f"end to end: median {statistics.median(totals):.2f} s, slowest {max(totals):.2f} s")


if __name__ == "__main__":
    main()
