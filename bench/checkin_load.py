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
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_measure import ServerMeter, Tally, ms, percentile, server_times  # noqa: E402
from checkin_phones import Pairs, Setup, check_in, check_out  # noqa: E402

from deploy.stack import Deployment, log, stop_on_signals  # noqa: E402

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
