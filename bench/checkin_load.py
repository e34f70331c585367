"""Check-ins through the deployment of docs/deploy.md: gunicorn with several workers on PostgreSQL.

Deploys with deploy/stack.py (as deploy/drill does), prepares activities under way with approved sign-ups
and a signed-in session per volunteer, then sends real check-ins over HTTP as the TLS proxy would: each
phone opens the scanned code's address (GET /attend/<token>/) and taps "check in" (POST
/attend-submit/in/). Phases:

1. one phone alone, one check-in after another: the server time of a check-in (gunicorn's access log) and
   the phone's p99;
2. bursts: N phones at the same activity tap at the same moment;
3. closed loop with rising concurrency: the saturation throughput;
4. open loop: COUNT check-ins arriving at random (Poisson) over SECONDS, latency from the planned arrival;
5. check-outs of the burst phones, which write the ledger (one hash chain per county).

2% of the check-ins are sent twice with the same key, as a phone on a bad connection does. At the end the
database must hold exactly one attendance and one request row per check-in and one ledger entry per
check-out, and `verify_ledger` must pass.

    .venv/bin/python bench/checkin_load.py                                  # the full run (about 15 min)
    .venv/bin/python bench/checkin_load.py --open-count 300 --open-seconds 30 --levels 1,8,32 --closed-seconds 5
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.client import Client  # noqa: E402
from deploy.stack import Deployment, log, stop_on_signals  # noqa: E402

RESEND_SHARE = 0.02


# --- measurements -------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


@dataclass
class Tally:
    """Latencies and outcomes of one phase."""

    name: str
    moments: list = field(default_factory=list)
    latencies: list = field(default_factory=list)  # the tap: POST /attend-submit/in/ (or out)
    totals: list = field(default_factory=list)  # scan and tap, or from the planned arrival in the open loop
    errors: list = field(default_factory=list)
    done: int = 0
    resent: int = 0
    seconds: float = 0.0
    server: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency: float, total: float) -> None:
        with self.lock:
            self.latencies.append(latency)
            self.totals.append(total)
            self.moments.append(time.monotonic())
            self.done += 1

    def slowest_windows(self, seconds: float = 10) -> str:
        """In how many `seconds`-long windows the slowest 1% fell: few means a passing disturbance."""
        limit = percentile(self.totals, 0.99)
        start = min(self.moments, default=0)
        slow = {
            int((moment - start) // seconds)
            for moment, total in zip(self.moments, self.totals, strict=True)
            if total >= limit
        }
        windows = int((max(self.moments, default=0) - start) // seconds) + 1
        return f"the slowest 1% arrived in {len(slow)} of {windows} {seconds:.0f}-second windows"

    def fail(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)

    def line(self) -> str:
        rate = self.done / self.seconds if self.seconds else 0
        return (
            f"{self.name}: {self.done} in {self.seconds:.1f} s = {rate:.1f}/s;"
            f" tap p50 {ms(percentile(self.latencies, 0.5))} p99 {ms(percentile(self.latencies, 0.99))};"
            f" scan+tap p50 {ms(percentile(self.totals, 0.5))}"
            f" p99 {ms(percentile(self.totals, 0.99))}; errors {len(self.errors)}"
        )


def server_times(access_log: Path, start: int, end: int, path_prefix: str) -> list[float]:
    """Seconds gunicorn's workers spent on the requests logged between two offsets of the access log."""
    with open(access_log, "rb") as log_file:
        log_file.seek(start)
        text = log_file.read(end - start).decode(errors="replace")
    pattern = re.compile(rf'"[A-Z]+ {re.escape(path_prefix)}\S* HTTP/1\.1" (\d+) \S+ "[^"]*" (\d+)$', re.M)
    return [int(match.group(2)) / 1e6 for match in pattern.finditer(text)]


class ServerMeter:
    """CPU time spent by gunicorn's processes and the deployment's PostgreSQL backends, read from /proc: unlike
    latency, it does not grow when other work shares the machine. And how often a backend waits for a lock."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, deployment: Deployment):
        self.gunicorn = deployment.processes["gunicorn"].pid
        self.database = deployment.database

    @staticmethod
    def _stat(pid: str):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return int(fields[2]), int(fields[11]) + int(fields[12])  # process group, user + system ticks

    def _backends(self) -> set[str]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
            )
            return {str(row[0]) for row in cursor.fetchall()}

    def snapshot(self) -> dict:
        """Ticks per process: gunicorn's by process id, the backends' too (a backend that closes during a phase,
        CONN_MAX_AGE being 60 s, takes its ticks with it: long phases undercount PostgreSQL)."""
        backends, ticks = self._backends(), {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            stat = self._stat(pid)
            if stat and stat[0] == self.gunicorn:
                ticks[("gunicorn", pid)] = stat[1]
            elif stat and pid in backends:
                ticks[("postgres", pid)] = stat[1]
        return ticks

    def per(self, before: dict, after: dict, count: int) -> str:
        if not count:
            return "no check-in"
        used = {"gunicorn": 0, "postgres": 0}
        for (kind, pid), ticks in after.items():
            used[kind] += ticks - before.get((kind, pid), 0)
        gunicorn = used["gunicorn"] / self.TICK / count
        postgres = used["postgres"] / self.TICK / count
        return f"server CPU per check-in {ms(gunicorn + postgres)} (gunicorn {ms(gunicorn)}, PostgreSQL {ms(postgres)})"

    def watch_locks(self):
        """Start sampling lock waits of the deployment's backends every 50 ms; call the result to stop."""
        samples, stop = [], threading.Event()

        def sample():
            from django.db import connection

            with connection.cursor() as cursor:
                while not stop.is_set():
                    cursor.execute(
                        "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid) "
                        "WHERE NOT granted AND datname = %s",
                        [self.database],
                    )
                    samples.append(cursor.fetchone()[0])
                    stop.wait(0.05)
            connection.close()

        thread = threading.Thread(target=sample)
        thread.start()

        def finish() -> str:
            stop.set()
            thread.join()
            waiting = sum(1 for n in samples if n)
            return f"a backend waited for a lock in {waiting} of {len(samples)} samples"

        return finish


# --- the world the phones check in to ----------------------------------------------------------------------


class Setup:
    """Activities under way, approved sign-ups and one signed-in session per volunteer, made in the deployment's
    database through Django (the same settings as gunicorn's)."""

    def __init__(self, deployment: Deployment, *, phones: int, activities: int):
        os.environ.update(deployment.env())
        os.environ["DJANGO_SETTINGS_MODULE"] = "qianniu.settings"
        import django

        django.setup()
        from django.conf import settings

        self.settings = settings
        self.deployment = deployment
        self.sessions = self._sessions(phones)
        self.activities = self._activities(activities)
        from activities.models import Activity

        self.activity = {activity.pk: activity for activity in Activity.objects.filter(pk__in=self.activities)}
        self.tokens: dict[int, tuple[float, str]] = {}
        self.token_lock = threading.Lock()

    def _sessions(self, phones: int) -> list[tuple[int, str]]:
        from django.contrib.auth import login
        from django.contrib.sessions.backends.db import SessionStore
        from django.http import HttpRequest

        from people.models import Volunteer

        volunteers = list(
            Volunteer.objects.filter(user__isnull=False, user__is_active=True)
            .select_related("user")
            .order_by("pk")[:phones]
        )
        if len(volunteers) < phones:
            raise SystemExit(f"the demo has {len(volunteers)} volunteers with an account; load more")
        sessions = []
        for volunteer in volunteers:
            request = HttpRequest()
            request.META.update(REMOTE_ADDR="127.0.0.1", HTTP_HOST="qianniu.example.gov.cn")
            request.session = SessionStore()
            login(request, volunteer.user, backend=self.settings.AUTHENTICATION_BACKENDS[-1])
            request.session.save()
            sessions.append((volunteer.pk, request.session.session_key))
        return sessions

    def _activities(self, count: int) -> list[int]:
        from django.utils import timezone

        from activities.models import Activity, Signup, SignupStatus
        from orgs.models import Kind, Organisation

        team = Organisation.objects.filter(kind=Kind.TEAM, activities__isnull=False).first()
        lead = team.activities.first().lead
        now = timezone.now()
        pks = []
        for number in range(count):
            activity = Activity.objects.create(
                title=f"压测活动 {number + 1}", content="签到压测", organiser=team, lead=lead, region=team.region,
                place="团结社区党群服务中心", starts_at=now - datetime.timedelta(minutes=30),
                ends_at=now + datetime.timedelta(hours=4), quota=len(self.sessions), status="published",
            )  # fmt: skip
            Signup.objects.bulk_create(
                Signup(activity=activity, volunteer_id=volunteer, status=SignupStatus.APPROVED)
                for volunteer, _session in self.sessions
            )
            pks.append(activity.pk)
        return pks

    def token(self, activity_pk: int) -> str:
        """What the leader's phone shows: a fresh code every 20 seconds (signed here, no query)."""
        from activities.services import qr_token

        with self.token_lock:
            made, token = self.tokens.get(activity_pk, (0.0, ""))
            if time.monotonic() - made > 20:
                token = qr_token(self.activity[activity_pk])
                self.tokens[activity_pk] = (time.monotonic(), token)
            return token

    def counts(self) -> dict:
        from django.db import connection

        from activities.models import Attendance, AttendanceRequest
        from ledger.models import LedgerEntry

        connection.close()
        bench = {"activity_id__in": self.activities}
        return {
            "attendances": Attendance.objects.filter(**bench).count(),
            "checked out": Attendance.objects.filter(**bench, checked_out_at__isnull=False).count(),
            "check-in requests": AttendanceRequest.objects.filter(attendance__activity_id__in=self.activities)
            .filter(action="in")
            .count(),
            "check-out requests": AttendanceRequest.objects.filter(attendance__activity_id__in=self.activities)
            .filter(action="out")
            .count(),
            "ledger entries": LedgerEntry.objects.filter(attendance__activity_id__in=self.activities).count(),
        }


class Pairs:
    """(activity, phone) pairs not used yet, activity by activity: the phones in flight share an activity."""

    def __init__(self, setup: Setup):
        self.setup = setup
        self.order = [(a, index) for a in setup.activities for index in range(len(setup.sessions))]
        self.next = 0
        self.lock = threading.Lock()
        self.checked_in: list = []

    def take(self):
        with self.lock:
            if self.next >= len(self.order):
                return None
            pair = self.order[self.next]
            self.next += 1
            return pair


def phone(setup: Setup, index: int) -> Client:
    volunteer, session = setup.sessions[index]
    client = Client(setup.deployment.port, address=f"203.0.113.{index % 250 + 1}", timeout=60)
    client.cookies[setup.settings.SESSION_COOKIE_NAME] = session
    return client


def check_in(setup: Setup, pair, tally: Tally, started: float | None = None) -> None:
    """One phone: open the scanned address, tap check in (sometimes twice, with the same key)."""
    activity, index = pair
    client = phone(setup, index)
    began = time.perf_counter() if started is None else started
    try:
        page = client.get(f"/attend/{setup.token(activity)}/")
        if page.status != 200 or "/attend-submit/in/" not in page.text:
            tally.fail(f"scan {page.status}")
            return
        fields = page.form("/attend-submit/in/")
        fields.pop("_action")
        tapped = client.post("/attend-submit/in/", fields, referer=page.url)
        if tapped.status != 200 or "签到" not in tapped.text:
            tally.fail(f"check-in {tapped.status}")
            return
        tally.add(tapped.seconds, time.perf_counter() - began)
        if random.random() < RESEND_SHARE:  # the answer was lost on the way: the phone sends it again
            again = client.post("/attend-submit/in/", fields, referer=page.url)
            if again.status != 200:
                tally.fail(f"resend {again.status}")
            with tally.lock:
                tally.resent += 1
    except OSError as error:
        tally.fail(f"{type(error).__name__}")
    finally:
        client.close()


def check_out(setup: Setup, pair, tally: Tally) -> None:
    activity, index = pair
    client = phone(setup, index)
    began = time.perf_counter()
    try:
        page = client.get(f"/attend/{setup.token(activity)}/")
        if "/attend-submit/out/" not in page.text:
            tally.fail(f"scan for check-out {page.status}")
            return
        fields = page.form("/attend-submit/out/")
        fields.pop("_action")
        tapped = client.post("/attend-submit/out/", fields, referer=page.url)
        if tapped.status != 200 or "签退" not in tapped.text:
            tally.fail(f"check-out {tapped.status}")
            return
        tally.add(tapped.seconds, time.perf_counter() - began)
    except OSError as error:
        tally.fail(f"{type(error).__name__}")
    finally:
        client.close()


# --- phases ---------------------------------------------------------------------------------------------------


def closed_loop(setup, pairs, name, concurrency, *, seconds=None, count=None, used=None) -> Tally:
    """`concurrency` phones, each starting its next check-in as soon as the last one is answered."""
    tally = Tally(name)
    stop_at = time.monotonic() + seconds if seconds else None
    remaining = [count]
    lock = threading.Lock()

    def worker():
        while True:
            if stop_at and time.monotonic() >= stop_at:
                return
            with lock:
                if count is not None:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
            pair = pairs.take()
            if pair is None:
                return
            check_in(setup, pair, tally)
            if used is not None:
                used.append(pair)

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.seconds = time.monotonic() - began
    return tally


def bursts(setup, pairs, phones: int, rounds: int, used: list) -> Tally:
    """`phones` phones tap at the same moment, `rounds` times."""
    tally = Tally(f"burst of {phones}")
    began = time.monotonic()
    for _round in range(rounds):
        batch = [pairs.take() for _ in range(phones)]
        barrier = threading.Barrier(phones)

        def go(pair, barrier=barrier):
            barrier.wait()
            check_in(setup, pair, tally)

        threads = [threading.Thread(target=go, args=(pair,)) for pair in batch if pair]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        used.extend(batch)
        time.sleep(1)
    tally.seconds = time.monotonic() - began - rounds
    return tally


def open_loop(setup, pairs, count: int, seconds: float) -> Tally:
    """`count` check-ins arriving at random over `seconds`, each sent when it arrives, however many are
    waiting; its latency counts from the planned arrival, so a slow server cannot hide its queue."""
    tally = Tally(f"open loop {count} in {seconds:.0f} s")
    rng = random.Random(2026)
    arrivals, moment = [], 0.0
    for _ in range(count):
        moment += rng.expovariate(count / seconds)
        arrivals.append(moment)
    scale = seconds / arrivals[-1]  # exactly `count` within `seconds`
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=256) as pool:
        for arrival in arrivals:
            planned = began + arrival * scale
            delay = planned - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pair = pairs.take()
            if pair is None:
                tally.fail("out of sign-ups")
                break
            pool.submit(check_in, setup, pair, tally, planned)
    tally.seconds = time.perf_counter() - began
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--phones", type=int, default=250, help="volunteers with a session (phones)")
    parser.add_argument("--single", type=int, default=200, help="check-ins of one phone alone")
    parser.add_argument("--burst", type=int, default=50, help="phones tapping at the same moment")
    parser.add_argument("--burst-rounds", type=int, default=5)
    parser.add_argument("--levels", default="1,2,4,8,16,32,50,64", help="closed-loop concurrencies")
    parser.add_argument("--closed-seconds", type=float, default=20, help="duration of each closed-loop level")
    parser.add_argument("--open-count", type=int, default=5000)
    parser.add_argument("--open-seconds", type=float, default=600)
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    # Enough sign-ups for every phase: the closed loop's at a generous 150 check-ins a second.
    needed = args.single + args.burst * args.burst_rounds + args.open_count
    needed += int(150 * args.closed_seconds * len(levels))
    activities = needed // args.phones + 1

    stop_on_signals()
    with Deployment(name="bench", workers=args.workers, volunteers=max(300, args.phones + 50)) as deployment:
        deployment.install()
        deployment.start()
        started = time.monotonic()
        setup = Setup(deployment, phones=args.phones, activities=activities)
        log(f"{activities} activities, {args.phones} phones signed in, {activities * args.phones} sign-ups")
        pairs = Pairs(setup)
        results, burst_pairs = [], []

        results.append(closed_loop(setup, pairs, "warm-up", 4, count=40))  # every worker imported, connected
        meter = ServerMeter(deployment)

        def measured(run):
            before, locks = meter.snapshot(), meter.watch_locks()
            tally = run()
            tally.server = f"{meter.per(before, meter.snapshot(), tally.done)}; {locks()}"
            log(f"{tally.line()}\n    {tally.server}")
            return tally

        offset = deployment.access_log.stat().st_size
        alone = measured(lambda: closed_loop(setup, pairs, "one phone alone", 1, count=args.single))
        end = deployment.access_log.stat().st_size
        server = server_times(deployment.access_log, offset, end, "/attend-submit/in/")
        scan = server_times(deployment.access_log, offset, end, "/attend/")
        results.append(alone)
        log(
            f"server time of a check-in (POST): median {ms(statistics.median(server))}, p99 "
            f"{ms(percentile(server, 0.99))}; of the scan (GET): median {ms(statistics.median(scan))}"
        )

        burst = measured(lambda: bursts(setup, pairs, args.burst, args.burst_rounds, burst_pairs))
        results.append(burst)

        closed = []
        for level in levels:
            name = f"closed loop, {level} phones"
            closed.append(measured(lambda: closed_loop(setup, pairs, name, level, seconds=args.closed_seconds)))  # noqa: B023
        results.extend(closed)
        saturation = max(closed, key=lambda t: t.done / t.seconds)

        opened = measured(lambda: open_loop(setup, pairs, args.open_count, args.open_seconds))
        results.append(opened)

        def check_outs():
            outs = Tally("check-outs, 50 at a time")
            began = time.monotonic()
            with ThreadPoolExecutor(max_workers=50) as pool:
                list(pool.map(lambda pair: check_out(setup, pair, outs), [p for p in burst_pairs if p]))
            outs.seconds = time.monotonic() - began
            return outs

        outs = measured(check_outs)
        results.append(outs)

        counts = setup.counts()
        checked_in = sum(t.done for t in results if t is not outs)
        expected = {
            "attendances": checked_in,
            "checked out": outs.done,
            "check-in requests": checked_in,
            "check-out requests": outs.done,
            "ledger entries": outs.done,
        }
        code, output, _seconds = deployment.run("manage.py", "verify_ledger", check=False)
        log(f"database: {counts}; expected {expected}; verify_ledger exit {code}")
        errors = [e for t in results for e in t.errors]
        resent = sum(t.resent for t in results)
        print("\n## Summary\n")
        print(f"- gunicorn workers: {args.workers}; phones: {args.phones}; resent with the same key: {resent}")
        print(
            f"- server time of one check-in: median {ms(statistics.median(server))}, p99 {ms(percentile(server, 0.99))}"
        )
        print(f"- one phone alone: tap p99 {ms(percentile(alone.latencies, 0.99))}")
        print(f"- one phone alone: {alone.server}")
        print(f"- {burst.line()}; {burst.server}")
        print(f"- saturation: {saturation.done / saturation.seconds:.1f} check-ins/s ({saturation.name})")
        for tally in closed:
            print(f"  - {tally.line()}; {tally.server}")
        print(f"- {opened.line()}; {opened.server}; {opened.slowest_windows()}")
        print(f"- {outs.line()}; {outs.server}")
        print(f"- lost or doubled: {'none' if counts == expected else 'MISMATCH'}; errors: {len(errors)}")
        print(f"- total bench time {time.monotonic() - started:.0f} s")
        if counts != expected or code != 0 or errors:
            print(f"FAILED: {errors[:10]} {output[-500:]}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
