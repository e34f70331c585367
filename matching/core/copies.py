"""Needs of several volunteers as copies in one flow with the needs of one (issue 13, the valley).

`teams.py` first solves the needs of one volunteer alone, and the teams then take what is left: where
volunteers are scarce (every need of a county on one day, the valley of bench/matching_multi.py) the flow has
given away the half-days the teams needed, and the chains and windows of lns.py win back only part of them
(9,804 of 10,000 served, where every need can be served: docs/benchmarks.md).

Here each team need of h people becomes h units, as if h copies of one volunteer each, all fixed to one
half-day (the one its nearest candidates are most often free in, or its own), and the flow routes them
together with the needs of one: one unit per need-volunteer arc makes the h volunteers of a team distinct,
and the fixed half-day puts them together. The flow routes as many units as it can at the least travel; a
team not routed whole is dropped, its volunteers left free. `teams.solve_teams` keeps this answer
only when it serves more needs than its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from matching.core.arrays import Needs, Pool
from matching.core.candidates import Edges, candidates, edge_parts
from matching.core.flow import _proposals
from matching.core.network import network, prune
from matching.core.specs import PARTS, PRIORITY, Proposal, Weights

SINGLE_K = 4  # a one-volunteer need's list is this many times k long
TEAM_K = 16  # a team's list, this many times k


def half_days(pool: Pool, needs: Needs, edges: Edges) -> np.ndarray:
    """Per need: its own half-day, or the one most of its candidates in `edges` are free in."""
    free = edge_parts(pool, needs, edges)
    count = np.zeros((needs.size, PARTS), np.int64)
    for p in range(PARTS):
        np.add.at(count[:, p], edges.need, (free >> p) & 1)
    return np.where(needs.part >= 0, needs.part, count.argmax(axis=1))


def _disjoint(first: Edges, second: Edges) -> Edges:
    """Two candidate lists of different needs as one, by need, each need's list in its order (`_merge` without
    the search for pairs in both)."""
    need = np.concatenate([first.need, second.need])
    order = np.argsort(need, kind="stable")
    volunteer, km = np.concatenate([first.volunteer, second.volunteer]), np.concatenate([first.km, second.km])
    return Edges(need[order], volunteer[order], km[order])


def _units(rows: np.ndarray, supply: np.ndarray, tails: np.ndarray, heads: np.ndarray) -> int:
    """The most units a maximum flow routes from `rows`, each sending up to its `supply`."""
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(np.zeros(len(rows), np.int64), 2 + rows, supply[rows])
    flow.add_arcs_with_capacity(tails, heads, np.ones(len(tails), np.int64))
    if flow.solve(0, 1) != flow.OPTIMAL:
        raise RuntimeError("maximum flow failed")
    return flow.optimal_flow()


def solve_copies(
    pool: Pool, needs: Needs, people: np.ndarray, teams: np.ndarray, parts: np.ndarray, k: int, weights: Weights
) -> list[Proposal]:
    """The proposals of one flow over the needs of one volunteer and `teams` (rows, each sending people[row]
    units, in half-day parts[row]); teams not whole are left out. Needs of a window of days are not handled
    (their rows share an id): the caller passes none.

    A team is one node sending h units, each arc to a volunteer of capacity 1 (so h distinct volunteers), all
    in its half-day: as h copies of one volunteer each would be, with one list instead of h. The units of each
    priority level are first maximised (one maximum flow a level, as `flow._priority_quotas` does for needs),
    then routed at the least cost."""
    singles = np.flatnonzero(people == 1)
    rows = np.concatenate([singles, teams])
    supply = np.where(people == 1, 1, 0)
    supply[teams] = people[teams]
    specs = list(needs.specs)
    for row in teams.tolist():
        specs[row] = replace(specs[row], part=int(parts[row]))
    fixed = Needs(specs, pool)
    team_edges = candidates(pool, fixed, k * TEAM_K, only=teams)
    edges = _disjoint(candidates(pool, fixed, k * SINGLE_K, only=singles), team_edges)
    # `prune` drops a need's candidate when a volunteer free for every need listing them serves it for less:
    # sound for a need of one, not for a team that needs h of its candidates at once, whose lists stay whole.
    pruned = prune(pool, fixed, edges, weights)
    alone = people[pruned.need] == 1
    kept = _disjoint(Edges(pruned.need[alone], pruned.volunteer[alone], pruned.km[alone]), team_edges)
    graph = network(pool, fixed, kept, weights)
    # Units of each level and above that can be routed at all; the quotas are the differences.
    levels = len(PRIORITY)
    priority = fixed.priority
    at_least = np.zeros(levels + 1, np.int64)
    at_least[0] = _units(rows, supply, graph.tails, graph.heads)
    for level in range(1, levels):
        above = rows[priority[rows] >= level]
        if len(above) == len(rows):
            at_least[level] = at_least[0]
        elif len(above):
            at_least[level] = _units(above, supply, graph.tails, graph.heads)
    quotas = at_least[:-1] - at_least[1:]
    flow = min_cost_flow.SimpleMinCostFlow()
    hubs = graph.nodes + np.arange(levels)
    zeros = np.zeros(levels, np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(zeros, hubs, quotas, zeros)
    flow.add_arcs_with_capacity_and_unit_cost(hubs[priority[rows]], 2 + rows, supply[rows], 0 * rows)
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        graph.tails, graph.heads, np.ones(len(graph.tails), np.int64), graph.metres
    )
    flow.set_nodes_supplies(np.array([0, 1]), np.array([quotas.sum(), -quotas.sum()]))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min-cost flow failed")
    used = flow.flows(arcs[: len(kept.need)]) > 0
    chosen = graph.parts(used, flow.flows(arcs[len(kept.need) : len(kept.need) + graph.day_arcs]) > 0)
    whole = np.bincount(kept.need[used], minlength=needs.size) == people
    used &= whole[kept.need]
    return _proposals(pool, fixed, kept, used, chosen, graph.soft, edges)
