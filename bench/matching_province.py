"""A province-shaped matching run through the queue: one run over the province fans out into one job per
county, which Huey consumers (separate processes, sharing Redis and PostgreSQL) take in turn. Measured with 1
and with 2 consumers: wall time from starting the run to the province being done, each consumer's peak memory
(VmHWM), and the speed-up.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench_province REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/matching_province.py          # 4 counties × 500 needs × 3,000 volunteers
    … bench/matching_province.py --counties 10 --needs 2000 --volunteers 12000
    … bench/matching_province.py --full                   # 50 counties × 10,000 needs × 60,000 volunteers

Needs and volunteers are per county. The province is generated once per database (a fresh DATABASE_URL for
another size). HUEY_NAME defaults to qianniu-bench-province, so the benchmark's queue is its own.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PROVINCE, CITY = "910000", "910100"  # codes no real place uses


def build(counties: int, needs: int, volunteers: int, monday: datetime.date, seed: int = 13):
    """Counties 60–100 km apart, each with its needs for the week and its volunteers, written in bulk."""
    from django.utils import timezone

    from dictionaries.models import Skill
    from needs.models import Need
    from people.models import IdType, Role, RoleGrant, User, Volunteer, id_index, phone_index
    from regions.services import region_create

    rng = random.Random(seed)
    skills = list(Skill.objects.values_list("pk", flat=True))
    province = region_create(code=PROVINCE, name="基准省", level="province", parent=None)
    city = region_create(code=CITY, name="基准市", level="city", parent=province)
    admin = User.objects.create(name="省管理员", phone="13000000000", phone_index=phone_index("13000000000"))
    RoleGrant.objects.create(user=admin, role=Role.REGION_ADMIN, region=province)
    now = timezone.now()
    serial = 0
    for number in range(counties):
        county = region_create(code=f"9101{number + 1:02d}", name=f"基准{number + 1}县", level="county", parent=city)
        north, east = 30 + (number // 10) * 0.9, 100 + (number % 10) * 0.9

        def place():
            return round(north + rng.uniform(-0.35, 0.35), 6), round(east + rng.uniform(-0.4, 0.4), 6)  # noqa: B023

        rows = []
        for _ in range(needs):
            latitude, longitude = place()
            rows.append(
                Need(
                    source="staff",
                    region=county,
                    description="上门服务",
                    urgency=rng.choices(["low", "normal", "urgent"], [20, 70, 10])[0],
                    latitude=latitude,
                    longitude=longitude,
                    wanted_on=monday + datetime.timedelta(days=rng.randrange(7)),
                    wanted_part=rng.choice(["am", "pm", "eve", ""]),
                    status="triaged",
                    response_due_at=now + datetime.timedelta(days=3),
                )
            )
        created = Need.objects.bulk_create(rows, batch_size=2000)
        Need.required_skills.through.objects.bulk_create(
            [
                Need.required_skills.through(need_id=n.pk, skill_id=rng.choice(skills))
                for n in created
                if rng.random() < 0.5
            ],
            batch_size=5000,
        )
        for start in range(0, volunteers, 5000):
            size = min(5000, volunteers - start)
            phones = [f"14{serial + i:09d}" for i in range(size)]
            users = User.objects.bulk_create(
                [User(name="志愿者", phone=p, phone_index=phone_index(p), phone_last4=p[-4:]) for p in phones]
            )
            profiles = []
            for user in users:
                serial += 1
                latitude, longitude = place()
                slots = rng.sample(range(21), rng.randint(2, 8))
                number_id = f"9{serial:017d}"
                profiles.append(
                    Volunteer(
                        user=user,
                        volunteer_number=f"B{serial:015d}",
                        sex=rng.choice("MF"),
                        birth_date=datetime.date(
                            1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28)
                        ),
                        id_number=number_id,
                        id_index=id_index(IdType.RESIDENT_ID, number_id),
                        region=county,
                        latitude=latitude,
                        longitude=longitude,
                        weekly_capacity=rng.randint(1, 3),
                        availability=[
                            {"weekday": s // 3, "start": ("08:00", "14:00", "19:00")[s % 3], "end": "21:00"}
                            for s in slots
                        ],
                    )
                )
            profiles = Volunteer.objects.bulk_create(profiles)
            Volunteer.skills.through.objects.bulk_create(
                [
                    Volunteer.skills.through(volunteer_id=v.pk, skill_id=s)
                    for v in profiles
                    for s in rng.sample(skills, 2)
                ],
                batch_size=5000,
            )
        print(f"  county {number + 1}/{counties} built", flush=True)


def consumer(env: dict, log: Path) -> subprocess.Popen:
    """One Huey consumer with one worker, started and ready (its start-up is not timed)."""
    handle = open(log, "w")  # noqa: SIM115 (the process writes it until it stops)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--no-periodic"],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while "consumer started" not in log.read_text().lower():
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit(f"the consumer did not start; see {log}")
        time.sleep(0.2)
    return process


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system time the process has used (its share of the work)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=4)
    parser.add_argument("--needs", type=int, default=500, help="per county")
    parser.add_argument("--volunteers", type=int, default=3000, help="per county")
    parser.add_argument("--consumers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--full", action="store_true", help="50 counties × 10,000 needs × 60,000 volunteers")
    args = parser.parse_args()
    if args.full:
        args.counties, args.needs, args.volunteers = 50, 10_000, 60_000
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("set DATABASE_URL=postgres://… and REDIS_URL=redis://…: the consumers share both")
    os.environ.setdefault("HUEY_NAME", "qianniu-bench-province")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from huey.contrib.djhuey import HUEY

    from matching import services
    from matching.forms import next_monday
    from matching.models import MatchRun, RunStatus
    from people.models import User, phone_index
    from regions.models import Region

    call_command("migrate", verbosity=0)
    monday = next_monday()
    if not Region.objects.filter(code=PROVINCE).exists():
        started = time.monotonic()
        print(f"building {args.counties} counties × {args.needs} needs × {args.volunteers} volunteers")
        build(args.counties, args.needs, args.volunteers, monday)
        print(f"built in {time.monotonic() - started:.0f} s")
    province = Region.objects.get(code=PROVINCE)
    admin = User.objects.get(phone_index=phone_index("13000000000"))
    HUEY.storage.flush_all()  # messages left by an earlier, interrupted benchmark

    logs = ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    results = {}
    for count in args.consumers:
        processes = [consumer(dict(os.environ), logs / f"province-consumer-{count}-{i}.log") for i in range(count)]
        try:
            started = time.perf_counter()
            run = services.run_create(region=province, starts_on=monday, weeks=1, by=admin)
            while not MatchRun.objects.filter(pk=run.pk, status__in=[RunStatus.DONE, RunStatus.FAILED]).exists():
                time.sleep(0.25)
            wall = time.perf_counter() - started
            peaks = [peak_mib(p.pid) for p in processes]
            cpu = [cpu_seconds(p.pid) for p in processes]
        finally:
            for process in processes:
                process.terminate()
                process.wait()
        run.refresh_from_db()
        children = MatchRun.objects.filter(parent=run)
        per_county = sorted(c.timings.get("total", 0) for c in children)
        results[count] = wall
        print(
            f"{count} consumer(s): {run.get_status_display()} {run.error} — wall {wall:.1f} s; "
            f"{run.needs_count} needs, {run.volunteers_count} volunteers, {run.proposed_count} proposals; "
            f"county jobs {per_county[0]:.1f}–{per_county[-1]:.1f} s (sum {sum(per_county):.1f} s); "
            f"peak memory per consumer {', '.join(f'{m:.0f}' for m in peaks)} MiB; "
            f"CPU per consumer {', '.join(f'{c:.1f}' for c in cpu)} s (start-up included); "
            f"load {os.getloadavg()[0]:.1f}"
        )
    if 1 in results:
        for count, wall in results.items():
            if count != 1:
                print(f"speed-up with {count} consumers: {results[1] / wall:.2f}×")


if __name__ == "__main__":
    main()
