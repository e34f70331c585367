"""Whether a least-cost flow on the cut candidate lists is also least-cost on the full feasible graph, and the
arcs to add when it may not be (pricing, as in column generation).

The flow is optimal on the candidate graph, so node potentials exist under which no residual arc has a
negative reduced cost: shortest distances in the residual graph from a root joined to every node. An arc
from a need to a volunteer beyond its list would reach that volunteer's week (its week node, or the sink
past the week's load cost); leaving out the half-day layer only relaxes the network, so if no such arc has a
negative reduced cost, the flow is optimal on the full graph too. Arcs cost at least their distance in
metres less the largest bonus, and no week stands higher than the highest potential past the needs, which
bounds how far to look; within that, every feasible volunteer beyond the list is priced, and the arcs with a
negative reduced cost join the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.core.arrays import Needs, Pool, feasible, pair_keys
from matching.core.candidates import Edges, soft_terms
from matching.core.network import Network
from matching.core.specs import Weights


@dataclass
class Solved:
    """Every arc of a solved min-cost flow."""

    nodes: int
    tails: np.ndarray
    heads: np.ndarray
    costs: np.ndarray
    capacities: np.ndarray
    flows: np.ndarray


def potentials(solved: Solved) -> np.ndarray:
    """Shortest distances in the residual graph from a root joined to every node at no cost, by rounds of
    relaxation over every arc at once (Bellman-Ford, stopping when a round changes nothing: as many rounds as
    the longest shortest path has arcs). The flow is optimal, so there is no negative cycle."""
    forward = solved.flows < solved.capacities
    backward = solved.flows > 0
    tails = np.concatenate([solved.tails[forward], solved.heads[backward]])
    heads = np.concatenate([solved.heads[forward], solved.tails[backward]])
    costs = np.concatenate([solved.costs[forward], -solved.costs[backward]]).astype(np.int64)
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]]) if len(heads) else np.zeros(0, np.int64)
    targets = heads[starts]
    distance = np.zeros(solved.nodes, np.int64)
    for _round in range(solved.nodes + 1):
        best = np.minimum.reduceat(distance[tails] + costs, starts) if len(starts) else starts
        better = best < distance[targets]
        if not better.any():
            return distance
        distance[targets[better]] = best[better]
    raise RuntimeError("negative cycle in the residual graph of an optimal flow")


def _bonus(weights: Weights, soft: dict) -> np.ndarray:
    return (
        weights.previous * soft["previous"]
        + weights.served * soft["served"]
        + weights.field * soft["field"]
        + weights.team * soft["team"]
    )


def priced(
    pool: Pool,
    needs: Needs,
    listed: Edges,
    boundary_km: np.ndarray,
    weights: Weights,
    solved: Solved,
    graph: Network,
    per_need: int | None = None,
) -> tuple[Edges, int]:
    """The arcs beyond the lists (each need's list holds every feasible volunteer nearer than its
    `boundary_km`; infinite for a list not cut) whose reduced cost is negative; and the sum over the needs of
    their most negative reduced cost (0 when none is), which added to the flow's cost is a lower bound on
    the least cost on the full feasible graph (`shortfall` below)."""
    n = needs.size
    distance = potentials(solved)
    highest = max(distance[1], distance[2 + n : graph.nodes].max(initial=distance[1]))
    most_bonus = weights.served + weights.field + weights.team + weights.previous * (needs.previous >= 0)
    radius = np.minimum((highest - distance[2 : 2 + n] + most_bonus) / 1000, needs.max_km)
    rows = np.flatnonzero((radius >= boundary_km) & ~needs.impossible)
    empty = Edges(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if not len(rows):
        return empty, 0
    wanted = np.where(needs.slot_bit != 0, needs.slot_bit, 0b111 << needs.day_shift)
    found_rows, found_vols = [], []
    keys = np.stack([needs.search_bit[rows], wanted[rows]], axis=1)
    groups, group_of_row = np.unique(keys, axis=0, return_inverse=True)
    for g, (bit, slots) in enumerate(groups):
        members, tree = pool.tree(int(bit), int(slots))
        if tree is None:
            continue
        batch = rows[group_of_row.ravel() == g]
        hits = tree.query_ball_point(needs.xy[batch], radius[batch])
        sizes = np.fromiter((len(h) for h in hits), np.int64, len(hits))
        found_rows.append(np.repeat(batch, sizes))
        found_vols.append(members[np.concatenate([np.asarray(h, np.int64) for h in hits])] if sizes.sum() else [])
    if not found_rows:
        return empty, 0
    need = np.concatenate(found_rows)
    vol = np.concatenate(found_vols).astype(np.int64)
    km = np.hypot(*(pool.xy[vol] - needs.xy[need]).T)
    fresh = (km >= boundary_km[need]) & ~np.isin(pair_keys(need, vol), pair_keys(listed.need, listed.volunteer))
    need, vol, km = need[fresh], vol[fresh], km[fresh]
    ok = feasible(pool, needs, need, vol[:, None], km[:, None]).ravel()
    need, vol, km = need[ok], vol[ok], km[ok]
    # The potential of the week each arc would reach: its node, or the sink past the load cost.
    week = pair_keys(vol, needs.week[need])
    at = np.searchsorted(graph.week_keys, week).clip(max=max(len(graph.week_keys) - 1, 0))
    known = (graph.week_keys[at] == week) if len(graph.week_keys) else np.zeros(len(week), bool)
    entry = np.where(known, graph.week_entry[at] if len(graph.week_keys) else 0, 0)
    entry = np.where(known, entry, pool.held(vol, needs.week[need]) * weights.load_step)
    target = np.where(known, graph.week_target[at] if len(graph.week_keys) else 1, 1)
    cost = np.rint(km * 1000).astype(np.int64) - _bonus(weights, soft_terms(pool, needs, Edges(need, vol, km)))
    reduced = cost + entry + distance[2 + need] - distance[target]
    add = np.flatnonzero(reduced < 0)
    lowest = shortfall(need[add], week[add], pool.capacity[vol[add]], reduced[add])
    if per_need is not None:
        # The most negative few of each need (partial pricing). Tried on bench/matching_valley.py --full at
        # 10%: two per need added ~9,000 arcs a round for eight rounds without converging; all at once added
        # 754,118 arcs and converged in four rounds.
        add = add[np.lexsort((reduced[add], need[add]))]
        rank = np.arange(len(add)) - np.searchsorted(need[add], need[add], side="left")
        add = add[rank < per_need]
    return Edges(need[add], vol[add], km[add]), lowest


def shortfall(need: np.ndarray, week: np.ndarray, capacity: np.ndarray, reduced: np.ndarray) -> int:
    """How far below the flow's cost the full graph's least cost can lie, given the arcs left out with a
    negative reduced cost (`need`, the volunteer-`week` they reach, its weekly `capacity`, `reduced`).

    For any flow x on the full graph that serves as many needs of each priority, cost(x) − cost(flow) is the
    sum over arcs of their reduced cost times the change of their flow. On the arcs of the graph that sum is
    not negative (the potentials leave no negative residual arc); on the arcs left out, a need sends at most
    one unit and a volunteer-week takes at most its capacity, so the sum is at least the least-cost flow on
    those arcs alone under these limits: a small assignment problem, solved here. A volunteer beyond the
    lists is priced at the load cost of their first task, which later tasks only exceed, and the half-day
    layer is left out: both only lower the bound, so it stays valid (column generation's bound)."""
    if not len(need):
        return 0
    rows, row_of = np.unique(need, return_inverse=True)
    weeks, week_of = np.unique(week, return_inverse=True)
    room = np.zeros(len(weeks), np.int64)
    np.maximum.at(room, week_of.ravel(), capacity.astype(np.int64))
    source, sink, first_week = 0, 1, 2 + len(rows)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.r_[np.zeros(len(rows), np.int64), source],
        np.r_[2 + np.arange(len(rows)), sink],
        np.ones(len(rows) + 1, np.int64) * np.r_[np.ones(len(rows), np.int64), len(rows)],
        np.zeros(len(rows) + 1, np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        2 + row_of.ravel(), first_week + week_of.ravel(), np.ones(len(need), np.int64), reduced.astype(np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        first_week + np.arange(len(weeks)), np.full(len(weeks), sink), room, np.zeros(len(weeks), np.int64)
    )
    flow.set_nodes_supplies(np.array([source, sink]), np.array([len(rows), -len(rows)]))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the bound's assignment failed")
    return int(flow.optimal_cost())
