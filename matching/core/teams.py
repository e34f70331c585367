"""Needs served by several volunteers together (a bath by two women, a move by three): all of them or none.

All-or-none is no longer a flow, so a week with such needs is solved in three steps, and says how far from
the optimum it may be:

1. The needs of one volunteer are solved exactly by the flow, as without teams (`flow.solve`).
2. A greedy places the team needs in the half-days the flow left free, each on its h nearest free candidates;
   a team it could not place whose list was cut gets a longer one (`TEAM_WIDE` × k) and is tried again.
   The team needs still left, with every one-volunteer need that the flow gave to one of their candidates on
   the same day, make the zone. Everything outside keeps its assignment; its half-days and weeks are taken.
3. The zone is solved by OR-Tools CP-SAT, with the flow's assignment as a hint, exactly when it finishes in
   the time limit: a team need picks one half-day and h distinct volunteers free then; a volunteer does one
   task a half-day and at most their capacity a week. The objective: most needs, then higher priority, then
   least travel less the soft bonuses. When stopped early, CP-SAT's best bound is reported with the gap.
   A zone of more than `zone_edges` candidate pairs is not tried at once: one flow over every need, each
   team as h units in one half-day fixed for it (copies.py, `COPIES`), replaces the greedy's answer when it
   serves more; windows of CP-SAT over a few teams at a time then improve it, within `windows` seconds
   (lns.py). Chains of moves (chains.py) and windows then try every team still left, since the zone is exact
   only within itself.

The bound on the served count: any solution serves at most as many one-volunteer needs as the flow alone
(its maximum, exact) plus the team needs that have h candidates free in one half-day. `gap` is the share of
that bound not served. When it is not met, the relaxation of `bound.py` on the full feasible graph can be
reported too (`LP_BOUND`, on in the benchmark; slow at county size). CP-SAT takes on
at most `ZONE_TEAMS` team needs the greedy could not place. Team needs get longer candidate lists (`TEAM_K` ×
k), since h must be free at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from matching.core import copies, lns
from matching.core.arrays import Needs, Pool, pair_keys
from matching.core.bound import served_bound
from matching.core.candidates import Edges, candidates, edge_parts
from matching.core.flow import _merge, _proposals, solve
from matching.core.flow import match as match_one_each
from matching.core.specs import DEFAULT_K, PARTS, NeedSpec, Result, VolunteerSpec, Weights
from matching.core.zone import _cp_solve, _metres, _possible

TEAM_K = 2  # a team need's list is this many times k long
TEAM_WIDE = 16  # and this many times, when the greedy could not place it on the first
TIME_LIMIT = 3.0  # seconds for CP-SAT on the zone
LP_BOUND = False  # also compute bound.py's relaxation on the full graph when the simple bound is not met (bench)
ZONE_EDGES = 20_000  # a zone with more candidate pairs moves its needs only among the teams' volunteers
SEARCH_AFTER_COPIES = 0.5  # seconds the search keeps at least when the copies' answer was kept
COPIES = True  # a zone too large for CP-SAT tries the teams as copies in one flow with the rest (copies.py)
ZONE_TEAMS = 60  # team needs the greedy could not place that CP-SAT takes on, highest priority first


def _greedy(pool, needs, people, edges, metres, rows, taken: set, week_used: dict) -> np.ndarray:
    """Team needs in turn (highest priority first), each in the half-day where its h nearest free candidates
    cost least; `taken` and `week_used` grow with each. Returns the half-day of each edge (-1: unused)."""
    parts = np.full(len(edges.need), -1)
    free = edge_parts(pool, needs, edges).tolist()
    vols, week = edges.volunteer.tolist(), needs.week[edges.need].tolist()
    day = needs.day[edges.need].tolist()
    room = (pool.capacity[edges.volunteer] - pool.held(edges.volunteer, needs.week[edges.need])).tolist()
    starts = np.searchsorted(edges.need, rows, side="left").tolist()
    ends = np.searchsorted(edges.need, rows, side="right").tolist()
    for row, start, end in sorted(
        zip(rows.tolist(), starts, ends, strict=True), key=lambda t: (-needs.priority[t[0]], t[0])
    ):
        h = int(people[row])
        lists = [[] for _ in range(PARTS)]
        for e in range(start, end):
            v = vols[e]
            if room[e] - week_used.get((v << 32) | week[e], 0) <= 0:
                continue
            for p in range(PARTS):
                if (free[e] >> p) & 1 and ((v << 32) | (day[e] * PARTS + p)) not in taken and len(lists[p]) < h:
                    lists[p].append(e)
        full = [p for p in range(PARTS) if len(lists[p]) == h]
        if not full:
            continue
        p = min(full, key=lambda q: (int(metres[lists[q]].sum()), q))
        for e in lists[p]:
            parts[e] = p
            taken.add((vols[e] << 32) | (day[e] * PARTS + p))
            week_used[(vols[e] << 32) | week[e]] = week_used.get((vols[e] << 32) | week[e], 0) + 1
    return parts


def _usage(vols: np.ndarray, days: np.ndarray, parts: np.ndarray, weeks: np.ndarray) -> tuple[set, dict]:
    """The half-days (volunteer << 32 | day × 3 + part) and the tasks per (volunteer, week) of an assignment."""
    keys, counts = np.unique(pair_keys(vols, weeks), return_counts=True)
    return set(pair_keys(vols, days * PARTS + parts).tolist()), dict(zip(keys.tolist(), counts.tolist(), strict=True))


def solve_teams(
    pool: Pool,
    needs: Needs,
    k: int | None = DEFAULT_K,
    weights: Weights | None = None,
    *,
    time_limit: float = TIME_LIMIT,
    workers: int = 2,
    zone_edges: int = ZONE_EDGES,
    windows: float | None = None,
    copies_flow: bool | None = None,
) -> Result:
    """Needs of one or several volunteers, all of a team or none; see the module's doc."""
    weights = weights or Weights()
    started = time.perf_counter()
    people = np.fromiter((s.people for s in needs.specs), np.int64, needs.size)
    singles, team = np.flatnonzero(people == 1), np.flatnonzero(people > 1)
    row_of = {int(i): r for r, i in enumerate(needs.ids.tolist())}
    flow = solve(pool, Needs([needs.specs[r] for r in singles], pool), k, weights)
    flowed = time.perf_counter()
    order = np.argsort(pool.ids, kind="stable")
    flow_vols = order[np.searchsorted(pool.ids, [p.volunteer for p in flow.proposals], sorter=order)].astype(np.int64)
    flow_rows = np.array([row_of[p.need] for p in flow.proposals], np.int64)
    flow_parts = np.array([p.part for p in flow.proposals], np.int64)

    team_edges = candidates(pool, needs, None if k is None else k * TEAM_K, only=team)
    team_metres, team_soft = _metres(pool, needs, team_edges, weights)
    possible = _possible(pool, needs, people, team_edges)
    taken, week_used = _usage(flow_vols, needs.day[flow_rows], flow_parts, needs.week[flow_rows])
    placed = _greedy(pool, needs, people, team_edges, team_metres, team, taken, week_used)
    on_team = np.zeros(needs.size, bool)
    on_team[team_edges.need[placed >= 0]] = True
    cut = np.bincount(team_edges.need, minlength=needs.size) >= (k or 0) * TEAM_K
    wide = team[cut[team] & ~on_team[team]] if k is not None else team[:0]
    if len(wide):
        # The nearest volunteers of a team left out are often those the one-volunteer needs took (every need
        # of the valley's villages lists the same few): volunteers further off, still within reach, may be
        # free together. Its list grows to `TEAM_WIDE` × k, and the greedy tries it again.
        wider = _merge(team_edges, candidates(pool, needs, k * TEAM_WIDE, only=wide), pool)
        before = dict(zip(pair_keys(team_edges.need, team_edges.volunteer).tolist(), placed.tolist(), strict=True))
        placed = np.array([before.get(key, -1) for key in pair_keys(wider.need, wider.volunteer).tolist()], np.int64)
        team_edges = wider
        team_metres, team_soft = _metres(pool, needs, team_edges, weights)
        possible = _possible(pool, needs, people, team_edges)
        again = _greedy(pool, needs, people, team_edges, team_metres, wide, taken, week_used)
        placed = np.where(again >= 0, again, placed)
        on_team[team_edges.need[placed >= 0]] = True
    conflicted = team[possible[team] & ~on_team[team]]
    # A bounded zone keeps CP-SAT within its time (the valley of bench/matching_multi.py left 600 teams and a
    # zone of 6,484 needs, which CP-SAT could not even presolve in a minute); the rest stay unserved.
    conflicted = conflicted[np.lexsort((conflicted, -needs.priority[conflicted]))][:ZONE_TEAMS]
    # The zone: team needs the greedy could not place; the needs held, that day, by their candidates; the
    # needs the flow left out that list one of those candidates that day.
    zone_days = pair_keys(team_edges.volunteer, needs.day[team_edges.need])[np.isin(team_edges.need, conflicted)]
    zone = np.zeros(needs.size, bool)
    zone[conflicted] = True
    zone[flow_rows[np.isin(pair_keys(flow_vols, needs.day[flow_rows]), zone_days)]] = True
    in_days = np.isin(pair_keys(team_edges.volunteer, needs.day[team_edges.need]), zone_days)
    zone[team_edges.need[(placed >= 0) & in_days]] = True
    left_out = np.array([row_of[i] for i in flow.unserved], np.int64)
    if len(left_out) and len(conflicted):
        more = candidates(pool, needs, k, only=left_out)
        zone[more.need[np.isin(pair_keys(more.volunteer, needs.day[more.need]), zone_days)]] = True
    figures = {"status": "NOT_NEEDED", "zone_needs": 0}
    if zone.any() and zone[team_edges.need].sum() + (zone & (people == 1)).sum() * (k or DEFAULT_K) > zone_edges:
        # Too large for one CP-SAT solve in its time (the valley of bench/matching_multi.py: 1,971 needs,
        # UNKNOWN at 3 s): the greedy's answer stands, and chains and windows improve it (lns.py).
        figures = {"status": "WINDOWS", "zone_needs": int(zone.sum())}
        zone[:] = False
    # Outside the zone the assignment stays: its half-days and weeks are taken.
    outside = ~zone[flow_rows]
    fixed_team = (placed >= 0) & ~zone[team_edges.need]
    taken, week_used = _usage(
        np.concatenate([flow_vols[outside], team_edges.volunteer[fixed_team]]),
        needs.day[np.concatenate([flow_rows[outside], team_edges.need[fixed_team]])],
        np.concatenate([flow_parts[outside], placed[fixed_team]]),
        needs.week[np.concatenate([flow_rows[outside], team_edges.need[fixed_team]])],
    )
    proposals = [p for p, out in zip(flow.proposals, outside.tolist(), strict=True) if out]
    proposals += _proposals(pool, needs, team_edges, fixed_team, placed, team_soft, team_edges)
    copied = time.perf_counter()
    alone = len(np.unique(needs.ids)) == needs.size  # no need with a window of days (copies.py)
    if figures["status"] == "WINDOWS" and (COPIES if copies_flow is None else copies_flow) and k is not None and alone:
        # Too many teams left for CP-SAT: the one-volunteer needs took the half-days the teams needed. One flow
        # over both, each team as h copies in one half-day, may serve more (copies.py); kept only if it does.
        teams_in = team[possible[team]]
        # Each team's half-day: the one its nearest 2 × k are most often free in (on bench/matching_multi.py's
        # valley the copies then serve 9,954, against 9,935 by its whole longer list: not understood, noted).
        rank = np.arange(len(team_edges.need)) - np.searchsorted(team_edges.need, team_edges.need, side="left")
        near = rank < k * TEAM_K
        parts = copies.half_days(
            pool, needs, Edges(*(c[near] for c in (team_edges.need, team_edges.volunteer, team_edges.km)))
        )
        together = copies.solve_copies(pool, needs, people, teams_in, parts, k, weights)
        served_now, served_together = len({p.need for p in proposals}), len({p.need for p in together})
        figures["copies"] = {
            "served_before": served_now,
            "served": served_together,
            "kept": served_together > served_now,
            "seconds": time.perf_counter() - copied,
        }
        if served_together > served_now:
            proposals = together
    zoned = time.perf_counter()
    if zone.any():
        zone_singles = np.flatnonzero(zone & (people == 1))
        edges = _merge(
            Edges(
                *(column[zone[team_edges.need]] for column in (team_edges.need, team_edges.volunteer, team_edges.km))
            ),
            candidates(pool, needs, k, only=zone_singles),
            pool,
        )
        now = {(r, v): p for r, v, p in zip(flow_rows.tolist(), flow_vols.tolist(), flow_parts.tolist(), strict=True)}
        for r, v, p in zip(team_edges.need.tolist(), team_edges.volunteer.tolist(), placed.tolist(), strict=True):
            if p >= 0:
                now[r, v] = p
        hint = np.array(
            [now.get((r, v), -1) for r, v in zip(edges.need.tolist(), edges.volunteer.tolist(), strict=True)]
        )
        metres, soft = _metres(pool, needs, edges, weights)
        parts, figures = _cp_solve(pool, needs, people, edges, metres, taken, week_used, hint, time_limit, workers)
        proposals += _proposals(pool, needs, edges, parts >= 0, parts, soft, edges)
    if figures["status"] != "NOT_NEEDED":
        # The zone is exact only within itself: a team it left may still be served by moving needs outside.
        budget = lns.BUDGET if windows is None else windows
        if windows is None and figures.get("copies", {}).get("kept"):
            # The copies' time counts against the search's (on the valley the chains then place the few teams
            # left in 0.1-0.2 s; the windows' further 2.8 s gave 0-15 needs): at least SEARCH_AFTER_COPIES.
            budget = max(SEARCH_AFTER_COPIES, budget - figures["copies"]["seconds"])
        proposals, figures["windows"] = lns.improve(
            pool, needs, people, proposals, team_edges, k, weights, budget=budget
        )
    crew = {}
    for proposal in proposals:
        crew.setdefault(proposal.need, []).append(proposal.volunteer)
    for proposal in proposals:
        if len(crew[proposal.need]) > 1:
            proposal.explanation["people"] = len(crew[proposal.need])
            proposal.explanation["team_with"] = [v for v in crew[proposal.need] if v != proposal.volunteer]
    served = np.zeros(needs.size, bool)
    served[[row_of[p.need] for p in proposals]] = True
    bound = len(flow.proposals) + int(possible[team].sum())
    count = int(served.sum())
    figures.update(upper_bound=bound, served=count, gap=(bound - count) / bound if bound else 0.0)
    solved = time.perf_counter()
    if LP_BOUND and count < bound:
        figures["lp_bound"] = min(bound, served_bound(pool, needs))
    return Result(
        proposals=sorted(proposals, key=lambda p: (p.need, p.volunteer)),
        unserved=[int(i) for i in needs.ids[~served]],
        edges=flow.edges + len(team_edges.need),
        seconds={
            "flow": flowed - started,
            "teams": copied - flowed,
            "copies": zoned - copied,
            "cp_sat": solved - zoned,
            "bound": time.perf_counter() - solved,
        },
        cost=int(sum(round(p.km * 1000) for p in proposals)),
        teams=figures,
    )


def match(
    needs: Sequence[NeedSpec],
    volunteers: Sequence[VolunteerSpec] | Pool,
    k: int | None = DEFAULT_K,
    weights: Weights | None = None,
) -> Result:
    """`flow.match`, week by week, with the weeks that hold needs of several volunteers solved here."""
    return match_one_each(needs, volunteers, k, weights, team_solver=solve_teams)
