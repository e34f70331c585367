"""The matching core on instances built differently from its own (`instances_valley.py`: a river valley, a flat
skill mix, every need on one day with no time of day, travel the only objective), against the exact optimum
on the full feasible graph, solved on its own by OR-Tools' SimpleMinCostFlow (max flow at least cost: need →
the volunteer's day → their free half-days → the volunteer, limited to their weekly capacity; exact for this
shape: one day, nothing held). `--timed` gives every need a half-day instead.

    .venv/bin/python bench/matching_valley.py                    # 1,000 needs × 7,600 volunteers, seconds
    .venv/bin/python bench/matching_valley.py --full             # 10,000 needs × 76,000 volunteers
    .venv/bin/python bench/matching_valley.py --core /work/main  # another checkout's core (before and after)

Each availability runs in a fresh process. Time and memory as in `matching_core.py`: seconds of the solve on
prepared inputs, and the rise of the resident set's high-water mark above them (OR-Tools' memory included).
"""

import argparse
import gc
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAP = 0.001  # `solve(gap=…)`: pricing until the cost is proven within this fraction of the full graph's least


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measured(fn):
    """Run fn with the garbage collector quiet (as the product does); seconds and MiB above the start (the
    high-water mark is reset first). The same measure as `matching_core.py`, kept here so that `--core` can
    load another checkout's core before anything imports this one's."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    base = _status("VmRSS")
    gc.disable()
    started = time.perf_counter()
    try:
        result = fn()
    finally:
        gc.enable()
    return result, time.perf_counter() - started, _status("VmHWM") - base


def _reference(core, pool, needs):
    """Every feasible pair, then the most needs served at the least travel: need → the volunteer's day (a need
    of any time) or straight to a half-day (a timed need) → the volunteer's half-days → the volunteer, limited
    to their weekly capacity → sink. Exact for one day with nothing held."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    edges = core.candidates(pool, needs, None)
    vols, column = np.unique(edges.volunteer, return_inverse=True)
    column = column.ravel()
    day = int(needs.day[0])
    free = (pool.slots[vols] >> (((day - 1) % 7) * 3)) & 7
    n, m, sink = needs.size, len(vols), 1
    day_node, slot_node, vol_node = 2 + n, 2 + n + m, 2 + n + 4 * m  # m day nodes, 3m half-days, m volunteers
    part = needs.part[edges.need]
    flow = min_cost_flow.SimpleMinCostFlow()

    def arcs(tails, heads, capacities, costs=None):
        size = len(tails)
        costs = np.zeros(size, np.int64) if costs is None else costs
        return flow.add_arcs_with_capacity_and_unit_cost(
            np.asarray(tails, np.int64), np.asarray(heads, np.int64), np.asarray(capacities, np.int64), costs
        )

    arcs(np.zeros(n), 2 + np.arange(n), np.ones(n))
    used_arcs = arcs(
        2 + edges.need,
        np.where(part >= 0, slot_node + 3 * column + part.clip(min=0), day_node + column),
        np.ones(len(edges.need)),
        np.rint(edges.km * 1000).astype(np.int64),
    )
    for p in range(3):
        open_ = np.flatnonzero((free >> p) & 1)
        arcs(day_node + open_, slot_node + 3 * open_ + p, np.ones(len(open_)))
        arcs(slot_node + 3 * open_ + p, vol_node + open_, np.ones(len(open_)))
    arcs(vol_node + np.arange(m), np.full(m, sink), pool.capacity[vols])
    flow.set_nodes_supplies(np.array([0, sink]), np.array([n, -n]))
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        raise RuntimeError("the reference flow failed")
    used = flow.flows(used_arcs) > 0
    return int(used.sum()), float(edges.km[used].sum()), len(edges.need)


def scenario(availability: float, full: bool, timed: bool):
    sys.path.insert(0, str(ROOT / "bench"))
    from instances_valley import valley

    from matching import core

    size = (10_000, 76_000) if full else (1_000, 7_600)
    wanted, volunteers = valley(*size, availability=availability, timed=timed)
    pool = core.Pool(volunteers)
    needs = core.Needs(wanted, pool)
    del volunteers
    print(
        f"\n{size[0]:,} needs × {size[1]:,} volunteers, valley, {availability:.0%} availability, "
        f"{'a half-day given to every need' if timed else 'every need any time of the day'}"
    )
    result, seconds, mib = measured(lambda: core.solve(pool, needs, weights=core.TRAVEL_ONLY))
    print(
        f"  core (k={core.DEFAULT_K}): {seconds:.2f} s (candidates {result.seconds['candidates']:.2f}, "
        f"flow {result.seconds['flow']:.2f}), {mib:.0f} MiB · served {result.served:,}, "
        f"travel {result.travel_km:,.1f} km · {result.edges:,} candidate arcs"
    )
    priced, p_seconds, p_mib = measured(lambda: core.solve(pool, needs, weights=core.TRAVEL_ONLY, gap=GAP))
    print(
        f"  core priced to a proven {GAP:.1%} (gap={GAP}): {p_seconds:.2f} s, {p_mib:.0f} MiB · served "
        f"{priced.served:,}, travel {priced.travel_km:,.1f} km, bound {priced.bound / 1000:,.1f} km · "
        f"{priced.edges:,} arcs"
    )
    baseline, greedy_seconds, _ = measured(lambda: core.greedy(needs.specs, pool))
    print(f"  greedy nearest-first: served {baseline.served:,}, travel {baseline.travel_km:,.1f} km")
    (served, travel, arcs), ref_seconds, ref_mib = measured(lambda: _reference(core, pool, needs))
    print(
        f"  exact on the full feasible graph: {arcs:,} arcs, {ref_seconds:.2f} s, {ref_mib:.0f} MiB · "
        f"served {served:,}, travel {travel:,.1f} km"
    )
    print(
        f"  core against exact: served {result.served - served:+d}, travel "
        f"{100 * (result.travel_km / travel - 1):+.3f}%, {ref_seconds / seconds:.1f}× faster, "
        f"{ref_mib / max(mib, 1):.1f}× less memory"
    )
    print(
        f"  priced against exact: served {priced.served - served:+d}, travel "
        f"{100 * (priced.travel_km / travel - 1):+.3f}%, {ref_seconds / p_seconds:.1f}× faster, "
        f"{ref_mib / max(p_mib, 1):.1f}× less memory"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="county size: 10,000 needs × 76,000 volunteers")
    parser.add_argument("--core", help="the checkout whose matching core to measure (default: this one)")
    parser.add_argument("--timed", action="store_true", help="give every need a half-day instead")
    parser.add_argument("--one", type=float, help="run one availability in this process")
    parser.add_argument("--availability", type=float, nargs="*", default=[0.1, 0.2, 1.0])
    args = parser.parse_args()
    if args.one is not None:
        sys.path.insert(0, str(Path(args.core).resolve() if args.core else ROOT))
        scenario(args.one, args.full, args.timed)
        return
    for availability in args.availability:
        extra = [flag for flag, on in (("--full", args.full), ("--timed", args.timed)) if on]
        extra += ["--core", args.core] if args.core else []
        subprocess.run([sys.executable, __file__, "--one", str(availability), *extra], check=True)


if __name__ == "__main__":
    main()
