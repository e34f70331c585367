"""Large-neighbourhood search for the team needs left out (issue 13, the valley): small CP-SAT solves, one
window at a time, each exact on its window and never worse than what it replaces.

Where the zone of `teams.py` is too large for one CP-SAT solve (every need of a county on one day, volunteers
scarce), the greedy's answer stands, and it leaves many teams out that could be served by moving a few
one-volunteer needs to other volunteers. A window is a few team needs still left out (the first, by priority,
and those sharing most candidates with it), every volunteer they list, and every need held by one of those
volunteers in the week; the needs of the window may take any candidate (the lists of one-volunteer needs are
`SINGLE_K` × k long here, so a volunteer free beyond the flow's list can take a need that makes room). Every
need outside the window keeps its volunteers: their half-days and weeks are taken. CP-SAT solves the window
with the same model as the zone (each team whole, in one half-day, of the wished sex through the candidate
lists; one task a half-day, counting tasks held; the weekly capacity), started from the current assignment,
and its answer replaces the window's only when it is better by the zone's objective (most needs, then
priority, then least travel). So each step keeps the whole assignment feasible and the objective only rises.
Windows repeat, larger each round, until every team left has been tried without a gain or the time is up.

Needs of a window of several days (one row per day, windows.py) are left as they are: the model has no
constraint joining their rows.
"""

from __future__ import annotations

import time

import numpy as np

from matching.core.arrays import Needs, Pool, pair_keys
from matching.core.candidates import Edges, candidates, edge_parts, soft_terms
from matching.core.chains import State, eject
from matching.core.flow import _proposals
from matching.core.specs import Proposal, Weights
from matching.core.zone import PRIORITY_STEP, SERVE, _cp_solve, _metres, _possible

BUDGET = 3.0  # seconds for the whole search (chains, then windows)
WINDOW_TEAMS = (4, 12, 36)  # team needs left out per window, in successive rounds
WINDOW_SECONDS = 0.5  # CP-SAT's limit on one window
SINGLE_K = 4  # a one-volunteer need's list in a window is this many times k long
NEAREST = 40  # a window holds the needs held by this many of each of its teams' nearest candidates


class _Outside:
    """The half-days taken by needs outside a window (`in`), and their tasks per volunteer and week (`get`)."""

    def __init__(self, owner: dict, weeks: dict, inside: set, inside_weeks: dict):
        self.owner, self.weeks, self.inside, self.inside_weeks = owner, weeks, inside, inside_weeks

    def __contains__(self, key: int) -> bool:
        row = self.owner.get(key)
        return row is not None and row not in self.inside

    def get(self, key: int, default: int = 0) -> int:
        return self.weeks.get(key, default) - self.inside_weeks.get(key, 0)


def improve(
    pool: Pool,
    needs: Needs,
    people: np.ndarray,
    proposals: list[Proposal],
    team_edges: Edges,
    k: int | None,
    weights: Weights,
    *,
    budget: float = BUDGET,
    workers: int = 1,
) -> tuple[list[Proposal], dict]:
    """The proposals with team needs added by windows of CP-SAT, and the search's figures."""
    started = time.perf_counter()
    row_at = {(int(i), int(d)): r for r, (i, d) in enumerate(zip(needs.ids.tolist(), needs.day.tolist(), strict=True))}
    order = np.argsort(pool.ids, kind="stable")
    ids, counts = np.unique(needs.ids, return_counts=True)
    alone = ~np.isin(needs.ids, ids[counts > 1])  # not one of a window's rows
    rows = np.array([row_at[p.need, p.day] for p in proposals], np.int64)
    vols = order[np.searchsorted(pool.ids, [p.volunteer for p in proposals], sorter=order)].astype(np.int64)
    parts = np.array([p.part for p in proposals], np.int64)
    served = np.zeros(needs.size, bool)
    served[rows] = True
    team = np.flatnonzero((people > 1) & alone)
    left = team[~served[team] & _possible(pool, needs, people, team_edges)[team]]
    figures = {"windows": 0, "improved": 0, "teams_added": 0, "seconds": 0.0}
    if not len(left) or budget <= 0:
        return proposals, figures

    # The candidate lists: the teams' own, longer lists for the one-volunteer needs that hold or may take a
    # volunteer the teams left out list, and the pairs of the assignment itself.
    bounds = np.searchsorted(team_edges.need, np.arange(needs.size + 1))
    nearest = [team_edges.volunteer[bounds[r] : min(bounds[r + 1], bounds[r] + NEAREST)] for r in left.tolist()]
    lists = {int(r): near.tolist() for r, near in zip(left.tolist(), nearest, strict=True)}
    listed = np.zeros(pool.size, bool)
    listed[np.concatenate(nearest)] = True
    singles = (people == 1) & alone
    near = np.zeros(needs.size, bool)
    near[rows[listed[vols]]] = True
    near |= ~served
    first = candidates(pool, needs, None if k is None else k * SINGLE_K, only=np.flatnonzero(near & singles))
    now = Edges(rows, vols, np.hypot(*(pool.xy[vols] - needs.xy[rows]).T))
    pieces = [team_edges, first, now]
    if k is not None:
        # The needs held by any candidate of those teams or of those needs get their list of k, so that a
        # chain can run on beyond them.
        reach = np.zeros(pool.size, bool)
        reach[team_edges.volunteer[np.isin(team_edges.need, left)]] = True
        reach[first.volunteer] = True
        further = np.zeros(needs.size, bool)
        further[rows[reach[vols]]] = True
        pieces.append(candidates(pool, needs, k, only=np.flatnonzero(further & singles & ~near)))
    need, volunteer, km = (np.concatenate([getattr(e, name) for e in pieces]) for name in ("need", "volunteer", "km"))
    _keys, once = np.unique(pair_keys(need, volunteer), return_index=True)
    once = once[alone[need[once]]]
    once = once[np.lexsort((km[once], need[once]))]  # by need, nearest first
    edges = Edges(need[once], volunteer[once], km[once])
    metres, _soft = _metres(pool, needs, edges, weights)
    starts = np.searchsorted(edges.need, np.arange(needs.size + 1))
    worth = (SERVE + PRIORITY_STEP * needs.priority) // 10  # as in `_cp_solve`
    waiting: dict[int, list[int]] = {}  # volunteer → one-volunteer needs left out that list them
    out = ~served[edges.need] & (people[edges.need] == 1)
    for r, v in zip(edges.need[out].tolist(), edges.volunteer[out].tolist(), strict=True):
        waiting.setdefault(v, []).append(r)

    # The assignment: each row's (volunteers, part); who holds each half-day; tasks per volunteer and week.
    start: dict[int, tuple[tuple[int, ...], int]] = {}
    for r, v, p in zip(rows.tolist(), vols.tolist(), parts.tolist(), strict=True):
        start[r] = ((*start[r][0], v) if r in start else (v,), p)
    state = State(needs, start)
    crew, owner, weeks, held_by = state.crew, state.owner, state.weeks, state.held_by
    order_left = sorted(lists, key=lambda r: (-needs.priority[r], r))
    figures["setup_seconds"] = time.perf_counter() - started
    figures["chains"] = eject(
        state, people, singles, edges, edge_parts(pool, needs, edges), order_left, started + budget
    )
    figures["chains_seconds"] = time.perf_counter() - started - figures["setup_seconds"]
    tried_round = 0
    while tried_round < len(WINDOW_TEAMS):
        size = WINDOW_TEAMS[tried_round]
        untried = sorted((r for r in lists if r not in crew), key=lambda r: (-needs.priority[r], r))
        gained = False
        while untried:
            limit = min(WINDOW_SECONDS, budget - (time.perf_counter() - started))
            if limit <= 0.01:
                tried_round = len(WINDOW_TEAMS)
                break
            seed, untried = untried[0], untried[1:]
            seed_vols = set(lists[seed])
            untried.sort(key=lambda r: -len(seed_vols.intersection(lists[r])))
            window, untried = [seed, *untried[: size - 1]], untried[size - 1 :]
            untried.sort(key=lambda r: (-needs.priority[r], r))
            inside = set(window)
            for r in window:
                for v in lists[r]:
                    inside.update(h for h in held_by.get(v, ()) if alone[h])
                    inside.update(w for w in waiting.get(v, ()) if w not in crew)
            pieces = [np.arange(starts[r], starts[r + 1]) for r in sorted(inside)]
            at = np.concatenate(pieces) if pieces else np.zeros(0, np.int64)
            win = Edges(edges.need[at], edges.volunteer[at], edges.km[at])
            hint = np.array(
                [
                    crew[r][1] if r in crew and v in crew[r][0] else -1
                    for r, v in zip(win.need.tolist(), win.volunteer.tolist(), strict=True)
                ],
                np.int64,
            )
            inside_weeks: dict[int, int] = {}
            for r in inside:
                if r in crew:
                    for v in crew[r][0]:
                        key = (v << 32) | int(needs.week[r])
                        inside_weeks[key] = inside_weeks.get(key, 0) + 1
            before = sum(int(worth[r]) for r in inside if r in crew) - int((metres[at][hint >= 0] // 10).sum())
            outside = _Outside(owner, weeks, inside, inside_weeks)
            found, figures_w = _cp_solve(pool, needs, people, win, metres[at], outside, outside, hint, limit, workers)
            figures["windows"] += 1
            if figures_w["objective"] is None or figures_w["objective"] <= before:
                continue
            figures["improved"] += 1
            gained = True
            for r in inside:
                if r in crew:
                    state.drop(r)
            mine = found >= 0
            chosen = zip(win.need[mine].tolist(), win.volunteer[mine].tolist(), found[mine].tolist(), strict=True)
            new: dict[int, tuple[tuple[int, ...], int]] = {}
            for r, v, p in chosen:
                new[r] = ((*new[r][0], v) if r in new else (v,), p)
            for r, (members, p) in new.items():
                state.add(r, members, p)
        tried_round = tried_round if gained else tried_round + 1
    figures["teams_added"] = sum(1 for r in lists if r in crew)
    figures["seconds"] = time.perf_counter() - started
    changed = {r for r in set(crew) | set(start) if _same(crew.get(r)) != _same(start.get(r))}
    if not changed:
        return proposals, figures
    keep = [p for p, r in zip(proposals, rows.tolist(), strict=True) if r not in changed]
    used = np.zeros(len(edges.need), bool)
    chosen = np.full(len(edges.need), -1)
    for r in changed:
        if r in crew:
            members, p = crew[r]
            span = np.arange(starts[r], starts[r + 1])
            mine = span[np.isin(edges.volunteer[span], members)]
            used[mine], chosen[mine] = True, p
    by_km = np.lexsort((pool.ids[edges.volunteer], edges.km, edges.need))  # nearest first, for the reasons
    edges, used, chosen = Edges(edges.need[by_km], edges.volunteer[by_km], edges.km[by_km]), used[by_km], chosen[by_km]
    return keep + _proposals(pool, needs, edges, used, chosen, soft_terms(pool, needs, edges), edges), figures


def _same(assigned):
    return None if assigned is None else (frozenset(assigned[0]), assigned[1])
