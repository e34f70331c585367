"""The matching core on generated counties: speed, memory and quality against a greedy baseline and the
exact optimum on the full feasible graph.

    .venv/bin/python bench/matching_core.py            # everything (about ten minutes)
    .venv/bin/python bench/matching_core.py --quick    # the county batch at 20% availability and 1,000 × 10,000

Time is the core's candidate generation and solve on prepared inputs; memory is the rise of the process's
resident set (its high-water mark, reset before each solve) above what the inputs already hold.
"""

import argparse
import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from instances import county  # noqa: E402

from matching import core  # noqa: E402


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measured(fn):
    """Run fn with the garbage collector quiet (as the product does); seconds and MiB above the start."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # resets the high-water mark
    base = _status("VmRSS")
    gc.disable()
    started = time.perf_counter()
    try:
        result = fn()
    finally:
        gc.enable()
    return result, time.perf_counter() - started, _status("VmHWM") - base


def prepared(needs_count: int, volunteers_count: int, availability: float, seed: int = 1, id_offset: int = 0):
    wanted, volunteers = county(
        needs_count, volunteers_count, availability=availability, seed=seed, id_offset=id_offset
    )
    pool = core.Pool(volunteers)
    del volunteers
    return pool, core.Needs(wanted, pool)


def county_batch(availability: float, full: bool):
    pool, needs = prepared(10_000, 76_000, availability)
    print(f"\n10,000 needs × 76,000 volunteers, {availability:.0%} availability")
    result, seconds, mib = measured(lambda: core.solve(pool, needs))
    print(
        f"  optimal (k={core.DEFAULT_K}): {seconds:.2f} s "
        f"(candidates {result.seconds['candidates']:.2f}, flow {result.seconds['flow']:.2f}), {mib:.0f} MiB · "
        f"served {result.served:,}, unserved {len(result.unserved)}, travel {result.travel_km:,.1f} km · "
        f"{result.edges:,} candidate arcs"
    )
    baseline, greedy_seconds, _ = measured(lambda: core.greedy(needs.specs, pool))
    print(
        f"  greedy nearest-feasible: served {baseline.served:,}, travel {baseline.travel_km:,.1f} km "
        f"({greedy_seconds:.1f} s)"
    )
    for k in (10, 50):
        cut, _s, _m = measured(lambda k=k: core.solve(pool, needs, k, widen=False))
        print(f"  k={k} without widening: served {cut.served:,}")
    figures = {"seconds": seconds, "mib": mib, "served": result.served, "travel": result.travel_km}
    if full:
        edges, edge_seconds, _ = measured(lambda: core.candidates(pool, needs, None))
        optimum, full_seconds, full_mib = measured(lambda: core.solve_edges(pool, needs, edges))
        print(
            f"  full feasible graph: {len(edges.need):,} arcs, {edge_seconds + full_seconds:.1f} s, {full_mib:.0f} MiB"
            f" · served {optimum.served:,}, travel {optimum.travel_km:,.1f} km"
        )
        print(
            f"  against the full graph: {optimum.served - result.served} fewer served; objective "
            f"{100 * (result.cost - optimum.cost) / abs(optimum.cost):+.3f}%, travel "
            f"{100 * (result.travel_km / optimum.travel_km - 1):+.3f}%"
        )
        travel_only = core.solve(pool, needs, weights=core.TRAVEL_ONLY)
        travel_full = core.solve_edges(pool, needs, edges, core.TRAVEL_ONLY)
        print(
            f"  travel alone as the objective: {travel_only.travel_km:,.2f} km against the full graph's "
            f"{travel_full.travel_km:,.2f} km ({100 * (travel_only.travel_km / travel_full.travel_km - 1):+.4f}%), "
            f"served {travel_only.served:,} / {travel_full.served:,}"
        )
        figures.update(full_served=optimum.served, full_travel=optimum.travel_km)
        del edges
    return figures


def small_batch():
    pool, needs = prepared(1_000, 10_000, 0.2, seed=3)
    times = [measured(lambda: core.solve(pool, needs))[1] for _ in range(7)]
    print(
        f"\n1,000 needs × 10,000 volunteers: median {statistics.median(times) * 1000:.0f} ms, "
        f"best {min(times) * 1000:.0f} ms"
    )


def seven_counties():
    """Each county is generated, solved and dropped in turn, as a deployment would run them."""
    print("\nseven counties, 50,000 needs × 500,000 volunteers, each county solved on its own")
    total, rises, served = 0.0, [], 0
    for c in range(7):
        pool, needs = prepared(7_143, 71_429, 0.2, seed=100 + c, id_offset=c * 1_000_000)
        result, seconds, mib = measured(lambda pool=pool, needs=needs: core.solve(pool, needs))
        total += seconds
        rises.append(mib)
        served += result.served
        del pool, needs
    print(f"  {total:.2f} s in all (slowest county {max(rises):.0f} MiB above its inputs), served {served:,} of 50,001")
    print(f"  whole process, the instance generator included: {_status('VmHWM'):.0f} MiB at its peak")


SCENARIOS = {
    "county-100": lambda full: county_batch(1.0, full),
    "county-20": lambda full: county_batch(0.2, full),
    "county-10": lambda full: county_batch(0.1, full),
    "small": lambda full: small_batch(),
    "seven": lambda full: seven_counties(),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-full", action="store_true", help="skip the full-graph optimum")
    parser.add_argument("--one", choices=SCENARIOS, help="run one scenario in this process")
    args = parser.parse_args()
    if args.one:
        SCENARIOS[args.one](not args.no_full)
        return
    # Each scenario in a fresh process, so one's freed memory does not hide the next one's.
    names = ["county-20", "small"] if args.quick else list(SCENARIOS)
    for name in names:
        extra = ["--no-full"] if args.no_full or args.quick else []
        subprocess.run([sys.executable, __file__, "--one", name, *extra], check=True)


if __name__ == "__main__":
    main()
