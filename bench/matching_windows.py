"""Needs with a window of days (issue 13): the valley instances of `instances_valley.py`, each need served once
any day from Monday to Friday (`NeedSpec.last_day`), against the exact optimum on the full feasible graph
(every feasible volunteer of every day, the same network, `core.solve(k=None)`), and against the same needs
held to Wednesday.

    .venv/bin/python bench/matching_windows.py                  # 1,000 needs × 7,600 volunteers
    .venv/bin/python bench/matching_windows.py --needs 3000 --volunteers 22800
"""

import argparse
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.instances_valley import WEDNESDAY, valley  # noqa: E402
from matching import core  # noqa: E402
from matching.core.windows import expand  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--needs", type=int, default=1_000)
    parser.add_argument("--volunteers", type=int, default=7_600)
    parser.add_argument("--availability", type=float, default=0.1)
    args = parser.parse_args()
    needs, volunteers = valley(args.needs, args.volunteers, availability=args.availability)
    monday = WEDNESDAY - 2
    windowed = [dataclasses.replace(n, day=monday, last_day=monday + 4) for n in needs]
    pool = core.Pool(volunteers)
    for label, specs in (("Wednesday only", needs), ("Monday–Friday", windowed)):
        rows = core.Needs(expand(specs), pool)
        row = {}
        for name, k in (("core k=20", core.DEFAULT_K), ("exact, full graph", None)):
            started = time.perf_counter()
            result = core.solve(pool, rows, k, core.TRAVEL_ONLY)
            row[name] = (result.served, result.travel_km, time.perf_counter() - started, result.edges)
        (served, km, seconds, edges), (best_served, best_km, best_seconds, best_edges) = row.values()
        print(
            f"{label}: core {served} served, {km:,.1f} km, {seconds:.2f} s, {edges:,} arcs; "
            f"exact {best_served} served, {best_km:,.1f} km, {best_seconds:.2f} s, {best_edges:,} arcs; "
            f"travel {100 * (km / best_km - 1):+.2f}%"
        )


if __name__ == "__main__":
    main()
