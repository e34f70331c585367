"""The CP-SAT model of needs of several volunteers (teams.py) on a set of candidate pairs: used on the zone
of teams.py and on each window of lns.py."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matching.core.arrays import Needs, Pool
from matching.core.candidates import Edges, edge_parts, soft_terms
from matching.core.specs import PARTS, Weights

SERVE = 10**6  # the worth of a served need, in metres: above any travel one need saves
PRIORITY_STEP = 10**5  # each priority level, in metres


def _metres(pool: Pool, needs: Needs, edges: Edges, weights: Weights) -> tuple[np.ndarray, dict]:
    """Each edge's cost as in the flow: travel less the soft bonuses, plus the load step of the week held."""
    soft = soft_terms(pool, needs, edges)
    bonus = sum(
        getattr(weights, name) * soft[key]
        for name, key in (("previous", "previous"), ("served", "served"), ("field", "field"), ("team", "team"))
    )
    held = pool.held(edges.volunteer, needs.week[edges.need])
    return np.rint(edges.km * 1000).astype(np.int64) - bonus + held * weights.load_step, soft


def _cp_solve(pool, needs, people, edges, metres, taken_slots, fixed_week, hint, time_limit, workers):
    """CP-SAT on the zone's edges. Returns the half-day of each edge (-1: unused) and CP-SAT's figures."""
    model = cp_model.CpModel()
    free = edge_parts(pool, needs, edges)
    vol, day = edges.volunteer, needs.day[edges.need]
    rows = np.unique(edges.need)
    serve = {int(r): model.new_bool_var(f"y{r}") for r in rows}
    x, by_slot, by_week, by_need_part = {}, {}, {}, {}
    for e, (v, d, row, mask) in enumerate(
        zip(vol.tolist(), day.tolist(), edges.need.tolist(), free.tolist(), strict=True)
    ):
        week_key = (v << 32) | int(needs.week[row])
        for p in range(PARTS):
            slot_key = (v << 32) | (d * PARTS + p)
            if not (mask >> p) & 1 or slot_key in taken_slots:
                continue
            var = x[e, p] = model.new_bool_var(f"x{e}_{p}")
            by_slot.setdefault(slot_key, []).append(var)
            by_week.setdefault(week_key, []).append(var)
            by_need_part.setdefault((row, p), []).append(var)
    for group in by_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    hinted_part = {int(r): int(p) for r, p in zip(edges.need[hint >= 0], hint[hint >= 0], strict=True)}
    keys = np.array(list(by_week), np.int64)
    rooms = (pool.capacity[keys >> 32] - pool.held(keys >> 32, keys & 0xFFFFFFFF)).tolist() if len(keys) else []
    for key, room in zip(by_week, rooms, strict=True):
        left = max(room - fixed_week.get(key, 0), 0)
        if left < len(by_week[key]):
            model.add(sum(by_week[key]) <= left)
    for row in serve:
        h = int(people[row])
        options = [(p, by_need_part[row, p]) for p in range(PARTS) if (row, p) in by_need_part]
        if h == 1:
            model.add(sum(v for _p, group in options for v in group) == serve[row])
            continue
        chosen = []
        for p, group in options:
            if len(group) < h:
                model.add(sum(group) == 0)
                continue
            at = model.new_bool_var("")
            model.add(sum(group) == h * at)
            chosen.append(at)
            model.add_hint(at, hinted_part.get(row) == p)
        model.add(sum(chosen) == serve[row])
    worth = (SERVE + PRIORITY_STEP * needs.priority) // 10  # in units of 10 m
    model.maximize(
        sum(int(worth[r]) * var for r, var in serve.items())
        - sum(int(metres[e]) // 10 * var for (e, _p), var in x.items())
    )
    hinted = np.bincount(edges.need[hint >= 0], minlength=needs.size) > 0
    for (e, p), var in x.items():
        model.add_hint(var, bool(hint[e] == p))
    for r, var in serve.items():
        model.add_hint(var, bool(hinted[r]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    parts = np.full(len(edges.need), -1) if found else hint.copy()
    if found:
        for (e, p), var in x.items():
            if solver.boolean_value(var):
                parts[e] = p
    figures = {
        "status": solver.status_name(status),
        "objective": solver.objective_value if found else None,
        "best_bound": solver.best_objective_bound if found else None,
        "zone_needs": len(rows),
        "zone_variables": len(x),
    }
    return parts, figures


def _possible(pool: Pool, needs: Needs, people: np.ndarray, edges: Edges) -> np.ndarray:
    """Per need: whether h of its candidates are free in one half-day (before any other need takes them)."""
    free = edge_parts(pool, needs, edges)
    count = np.zeros((needs.size, PARTS), np.int64)
    for p in range(PARTS):
        np.add.at(count[:, p], edges.need, (free >> p) & 1)
    return (count >= people[:, None]).any(axis=1)
