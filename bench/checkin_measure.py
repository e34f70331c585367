"""Measurements of bench/checkin_load.py: latencies and outcomes of each phase, the server time of each
request from gunicorn's access log, and the server's CPU and lock waits read from /proc and PostgreSQL."""

import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy.stack import Deployment


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
