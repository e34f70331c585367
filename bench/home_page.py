"""The county admin's home page with 1,500 volunteers and with 76,000 (issue 16: its counts read the rollups).

    .venv/bin/python bench/home_page.py                      # SQLite files in var/bench/
    createdb -h 127.0.0.1 -U postgres qianniu_bench_home_1500; createdb ... qianniu_bench_home_76000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench_home .venv/bin/python bench/home_page.py

Two demo counties, one database each (the name given, with _1500 and _76000 added; a SQLite file each without
DATABASE_URL): `load_demo --volunteers 1500` (300 recipients, its default) and `load_demo --volunteers 76000
--recipients 2000` (as bench/volunteer_list.py), built once and reused. `load_demo` rebuilds the rollups at its
end. The page is requested as the county admin (signed in with the demo authenticator's code), through Django's
whole stack, in --rounds rounds: each round starts one process per county, which serves the page once untimed
(as a worker that has served pages), then --runs times timed; the counties take their turns, so that a load that
comes and goes on a shared machine hits both. Prints the median and the 95th percentile of each county, the
number of queries of one request and the ratio of the medians.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {1500: 300, 76_000: 2000}
"""Volunteers: recipients of each demo county."""


def database_url(volunteers: int) -> str:
    base = os.environ.get("DATABASE_URL")
    if base:
        return f"{base}_{volunteers}"
    path = ROOT / "var" / "bench" / f"home-{volunteers}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def worker(volunteers: int, runs: int) -> None:
    """In a process of its own, on the county's database: build it if empty, then time the home page."""
    os.environ["DATABASE_URL"] = database_url(volunteers)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")
    import django

    django.setup()
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from demo.accounts import role_phone
    from people.models import User, Volunteer, phone_index

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    built = None
    if not Volunteer.objects.exists():
        started = time.monotonic()
        call_command(
            "load_demo",
            volunteers=volunteers,
            recipients=SIZES[volunteers],
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        built = time.monotonic() - started
    client = Client()
    client.force_login(User.objects.get(phone_index=phone_index(role_phone(1))))
    code = io.StringIO()
    call_command("demo_otp", role_phone(1), stdout=code)
    client.post("/account/two-factor/verify/", {"code": code.getvalue().strip()})

    request_started.disconnect(reset_queries)  # else each request empties the log CaptureQueriesContext reads
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")  # untimed: the first request of a process imports the views and templates
    assert response.status_code == 200, response.status_code
    query_count = len(queries)  # now: the log it slices is emptied when the connection is opened again
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "volunteers": Volunteer.objects.count(),
                "queries": query_count,
                "built": built,
                "timings": timings,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per county and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.runs)
        return

    timings: dict[int, list[float]] = {size: [] for size in SIZES}
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for number in range(args.rounds):
        for size in SIZES:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", str(size), "--runs", str(args.runs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            if result["built"] is not None:
                print(f"built the county of {size:,} volunteers in {result['built']:.0f} s")
            timings[size].extend(result["timings"])
            print(
                f"round {number + 1}, {result['vendor']}, {result['volunteers']:,} volunteers: "
                f"median {statistics.median(result['timings']):.1f} ms, {result['queries']} queries",
                flush=True,
            )
    print("\n| volunteers | median (ms) | p95 (ms) | requests |\n| ---: | ---: | ---: | ---: |")
    medians = {}
    for size, values in timings.items():
        values.sort()
        medians[size] = statistics.median(values)
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(f"| {size:,} | {medians[size]:.1f} | {p95:.1f} | {len(values)} |")
    small, large = medians.values()
    print(f"\n76,000 ÷ 1,500: {large / small:.2f}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
