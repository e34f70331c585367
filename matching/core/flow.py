"""The exact solve: maximum flows for how many needs of each priority can be served, then the least-cost flow
among those on the candidate graph; and `match`, which solves week by week."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from matching.core.arrays import Needs, Pool, pair_keys
from matching.core.candidates import Edges, candidates, chosen_part, soft_terms
from matching.core.specs import DEFAULT_K, PARTS, PRIORITY, NeedSpec, Proposal, Result, VolunteerSpec, Weights, week_of


def _most_served(
    rows: np.ndarray, tails: np.ndarray, heads: np.ndarray, needs: int, candidate_arcs: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Which needs a maximum flow serves, when only the needs in `rows` may be served; and which of the first
    `candidate_arcs` arcs (the candidates) it uses."""
    graph = max_flow.SimpleMaxFlow()
    source_arcs = graph.add_arcs_with_capacity(np.zeros(len(rows), np.int64), 2 + rows, np.ones(len(rows), np.int64))
    arcs = graph.add_arcs_with_capacity(tails, heads, np.ones(len(tails), np.int64))
    if graph.solve(0, 1) != graph.OPTIMAL:
        raise RuntimeError("maximum flow failed")
    served = np.zeros(needs, bool)
    served[rows[graph.flows(source_arcs) > 0]] = True
    used = graph.flows(arcs[:candidate_arcs]) > 0 if candidate_arcs else np.zeros(0, bool)
    return served, used


def _alternating(pool: Pool, edges: Edges, used: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Needs reachable from `start` by alternating paths: a need, one of its candidates, a need that candidate
    serves in the flow, and so on. A cheaper or fuller solution can only move needs on such paths."""
    reach, frontier = start.copy(), start.copy()
    while frontier.any():
        volunteers = np.zeros(pool.size, bool)
        volunteers[edges.volunteer[frontier[edges.need]]] = True
        served_by_them = edges.need[used & volunteers[edges.volunteer]]
        frontier = np.zeros_like(reach)
        frontier[served_by_them] = True
        frontier &= ~reach
        reach |= frontier
    return reach


def _priority_quotas(priority: np.ndarray, served: np.ndarray, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """How many needs of each priority level the best order serves, given one maximum flow's `served`.

    The sets of needs that can be served together form a matroid (a gammoid), so a set serves as many as
    possible with the highest priorities first exactly when, for each level, it serves as many needs of that
    level or above as can be served at all, found by maximum flow. The quotas are the differences. Levels
    above every need the first flow left out are served in full, and need no flow of their own.
    """
    levels = len(PRIORITY)
    at_least = np.array([np.sum(priority >= level) for level in range(levels)] + [0])
    at_least[0] = served.sum()
    highest_left_out = int(priority[~served].max(initial=-1))
    for level in range(1, highest_left_out + 1):
        at_least[level] = _most_served(np.flatnonzero(priority >= level), tails, heads, len(priority))[0].sum()
    return at_least[:-1] - at_least[1:]


@dataclass
class _Network:
    """The candidate graph as flow arcs (capacity 1 each, cost in metres), all but the source's."""

    nodes: int
    tails: np.ndarray
    heads: np.ndarray
    metres: np.ndarray
    parts: np.ndarray
    soft: dict


def _network(pool: Pool, needs: Needs, edges: Edges, weights: Weights) -> _Network:
    """Nodes: source 0, sink 1, one per need, one per volunteer half-day (a volunteer does one task per
    half-day) and one per volunteer week (capacity, and the convex load cost on its arcs to the sink). A
    half-day or a week that only one arc can reach needs no node of its own: that arc goes on to the next
    layer with the same cost, which keeps the graph near the size of the candidate list. The first
    len(edges) arcs are the candidates, in order."""
    n, sink = needs.size, 1
    parts = chosen_part(pool, needs, edges)
    slots, slot_of_edge, slot_inflow = np.unique(
        pair_keys(edges.volunteer, needs.day[edges.need] * PARTS + parts), return_inverse=True, return_counts=True
    )
    weeks, week_of_slot, week_inflow = np.unique(
        pair_keys(slots >> 32, week_of((slots & 0xFFFFFFFF) // PARTS)), return_inverse=True, return_counts=True
    )
    week_volunteer = weeks >> 32
    held = pool.held(week_volunteer, weeks & 0xFFFFFFFF)
    room = np.minimum(pool.capacity[week_volunteer] - held, week_inflow)

    shared_week = week_inflow >= 2
    week_node = np.full(len(weeks), sink)
    week_node[shared_week] = 2 + n + np.arange(shared_week.sum())
    # An unshared week's one task costs its load step on the way to the sink.
    week_entry_metres = np.where(shared_week, 0, held * weights.load_step)
    shared_slot = slot_inflow >= 2
    slot_node = np.full(len(slots), -1)
    slot_node[shared_slot] = 2 + n + shared_week.sum() + np.arange(shared_slot.sum())

    soft = soft_terms(pool, needs, edges)
    bonus = (
        weights.previous * soft["previous"]
        + weights.served * soft["served"]
        + weights.field * soft["field"]
        + weights.team * soft["team"]
    )
    through_slot = shared_slot[slot_of_edge]
    edge_week = week_of_slot[slot_of_edge]
    edge_head = np.where(through_slot, slot_node[slot_of_edge], week_node[edge_week])
    edge_metres = (
        np.rint(edges.km * 1000).astype(np.int64) - bonus + np.where(through_slot, 0, week_entry_metres[edge_week])
    )
    # The j-th task (from 0) of a shared week with m already held costs (m + j) × load_step.
    rooms = np.where(shared_week, room, 0).clip(min=0)
    load_week = np.repeat(np.arange(len(weeks)), rooms)
    load_rank = np.arange(len(load_week)) - np.repeat(np.cumsum(rooms) - rooms, rooms)
    return _Network(
        nodes=2 + n + int(shared_week.sum()) + int(shared_slot.sum()),
        tails=np.concatenate([2 + edges.need, slot_node[shared_slot], week_node[load_week]]),
        heads=np.concatenate([edge_head, week_node[week_of_slot[shared_slot]], np.full(len(load_week), sink)]),
        metres=np.concatenate(
            [
                edge_metres,
                week_entry_metres[week_of_slot[shared_slot]],
                (held[load_week] + load_rank) * weights.load_step,
            ]
        ),
        parts=parts,
        soft=soft,
    )


def _prune(pool: Pool, needs: Needs, edges: Edges, weights: Weights) -> Edges:
    """Drop candidates no optimal solution needs.

    A volunteer-week is free when the volunteer has room for every need that lists them that week and no two
    of those needs share a half-day: such a volunteer can take all of them at once. If a need's candidate
    costs, at best, more than a free volunteer of the same need at worst (travel less bonuses, plus the load
    cost of the last task the free volunteer could take), any solution using it can move the need to the free
    volunteer at no loss, with the same needs served. So the candidate goes, and the flow gets smaller.
    """
    if not len(edges.need):
        return edges
    parts = chosen_part(pool, needs, edges)
    _slots, slot_of_edge, slot_inflow = np.unique(
        pair_keys(edges.volunteer, needs.day[edges.need] * PARTS + parts), return_inverse=True, return_counts=True
    )
    weeks, week_of_edge, week_inflow = np.unique(
        pair_keys(edges.volunteer, needs.week[edges.need]), return_inverse=True, return_counts=True
    )
    held = pool.held(weeks >> 32, weeks & 0xFFFFFFFF)
    crowded = np.zeros(len(weeks), bool)
    np.logical_or.at(crowded, week_of_edge, slot_inflow[slot_of_edge] > 1)
    free = ~crowded & (pool.capacity[weeks >> 32] - held >= week_inflow)
    soft = soft_terms(pool, needs, edges)
    bonus = (
        weights.previous * soft["previous"]
        + weights.served * soft["served"]
        + weights.field * soft["field"]
        + weights.team * soft["team"]
    )
    metres = np.rint(edges.km * 1000).astype(np.int64) - bonus
    at_worst = metres + (held + week_inflow - 1)[week_of_edge] * weights.load_step
    at_best = metres + held[week_of_edge] * weights.load_step
    limit = np.full(needs.size, np.iinfo(np.int64).max)
    taken_free = free[week_of_edge]
    np.minimum.at(limit, edges.need[taken_free], at_worst[taken_free])
    keep = at_best <= limit[edges.need]
    return Edges(edges.need[keep], edges.volunteer[keep], edges.km[keep])


def _merge(first: Edges, second: Edges, pool: Pool) -> Edges:
    need = np.concatenate([first.need, second.need])
    volunteer = np.concatenate([first.volunteer, second.volunteer])
    km = np.concatenate([first.km, second.km])
    _keys, keep = np.unique(pair_keys(need, volunteer), return_index=True)
    need, volunteer, km = need[keep], volunteer[keep], km[keep]
    order = np.lexsort((pool.ids[volunteer], km, need))
    return Edges(need[order], volunteer[order], km[order])


def solve(
    pool: Pool, needs: Needs, k: int | None = DEFAULT_K, weights: Weights | None = None, *, widen: bool = True
) -> Result:
    """Candidates, then the exact min-cost flow on them.

    When the maximum flow leaves needs out, every need on an alternating path from them whose list was cut
    at k gets every feasible volunteer within reach, and the flow is tried again, so a scarce skill does not
    lose a need to the cut."""
    import time

    weights = weights or Weights()
    started = time.perf_counter()
    edges = candidates(pool, needs, k)
    kept = _prune(pool, needs, edges, weights)
    network = _network(pool, needs, kept, weights)
    everyone = np.arange(needs.size)
    served, used = _most_served(everyone, network.tails, network.heads, needs.size, len(kept.need))
    widened = np.zeros(needs.size, bool)
    for _round in range(3 if widen and k is not None else 0):
        # Lists cut at k on an alternating path from a need left out: a volunteer beyond the cut could
        # serve it, or free someone who can.
        counts = np.bincount(edges.need, minlength=needs.size)
        cut = np.flatnonzero(_alternating(pool, kept, used, ~served) & (counts >= k) & ~widened)
        if not len(cut):
            break
        widened[cut] = True
        edges = _merge(edges, candidates(pool, needs, None, only=cut), pool)
        kept = _prune(pool, needs, edges, weights)
        network = _network(pool, needs, kept, weights)
        served, used = _most_served(everyone, network.tails, network.heads, needs.size, len(kept.need))
    generated = time.perf_counter()
    result = _least_cost(pool, needs, kept, network, served, listed=edges)
    result.seconds = {"candidates": generated - started, "flow": time.perf_counter() - generated}
    return result


def _least_cost(
    pool: Pool, needs: Needs, edges: Edges, network: _Network, served: np.ndarray, listed: Edges | None = None
) -> Result:
    """The least-cost flow that serves as many needs as `served` does, with the best priority order."""
    n, sink = needs.size, 1
    quotas = _priority_quotas(needs.priority, served, network.tails, network.heads)
    # Hubs, one per priority level, let through exactly the number of needs of that level that the best
    # order serves; the least-cost flow among those is the least travel.
    hubs = network.nodes + np.arange(len(PRIORITY))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(hubs), np.int64), hubs, quotas, np.zeros(len(hubs), np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        hubs[needs.priority], np.arange(2, 2 + n), np.ones(n, np.int64), np.zeros(n, np.int64)
    )
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        network.tails, network.heads, np.ones(len(network.tails), np.int64), network.metres
    )
    flow.set_nodes_supplies(np.array([0, sink]), np.array([quotas.sum(), -quotas.sum()]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with {status}")
    used = flow.flows(arcs[: len(edges.need)]) > 0
    taken = np.zeros(n, bool)
    taken[edges.need[used]] = True
    proposals = _proposals(pool, needs, edges, used, network.parts, network.soft, listed or edges)
    return Result(
        proposals=proposals,
        unserved=[int(i) for i in needs.ids[~taken]],
        edges=len(edges.need),
        cost=flow.optimal_cost(),
    )


def solve_edges(pool: Pool, needs: Needs, edges: Edges, weights: Weights | None = None) -> Result:
    """The exact min-cost flow on a given candidate graph (the full feasible graph, in the benchmark)."""
    network = _network(pool, needs, edges, weights or Weights())
    served, _used = _most_served(np.arange(needs.size), network.tails, network.heads, needs.size)
    return _least_cost(pool, needs, edges, network, served)


def _proposals(pool, needs, edges, used, parts, soft, listed: Edges, alternatives: int = 5) -> list[Proposal]:
    """Proposals with their reasons; the candidates and alternatives come from the whole candidate list
    (`listed`), before pruning."""
    chosen = np.flatnonzero(used)
    rows = edges.need[chosen]
    starts = np.searchsorted(listed.need, rows, side="left").tolist()
    ends = np.searchsorted(listed.need, rows, side="right").tolist()
    listed_ids = pool.ids[listed.volunteer].tolist()
    listed_km = np.round(listed.km, 2).tolist()
    columns = zip(
        rows.tolist(),
        pool.ids[edges.volunteer[chosen]].tolist(),
        parts[chosen].tolist(),
        edges.km[chosen].tolist(),
        pool.held(edges.volunteer[chosen], needs.week[rows]).tolist(),
        *(soft[name][chosen].tolist() for name in ("previous", "served", "field", "team")),
        strict=True,
    )
    proposals = []
    for i, (row, volunteer, part, km, load, previous, served, field_, team) in enumerate(columns):
        nearest = range(starts[i], min(ends[i], starts[i] + alternatives + 1))
        spec = needs.specs[row]
        proposals.append(
            Proposal(
                need=spec.id,
                volunteer=volunteer,
                day=spec.day,
                part=part,
                km=km,
                explanation={
                    "km": round(km, 2),
                    "skills": sorted(spec.skills),
                    "language": spec.language,
                    "previous": previous,
                    "served_before": served,
                    "preferred_field": field_,
                    "team": team,
                    "week_load": load,
                    "candidates": ends[i] - starts[i],
                    "alternatives": [(listed_ids[e], listed_km[e]) for e in nearest if listed_ids[e] != volunteer][
                        :alternatives
                    ],
                },
            )
        )
    return proposals


@contextmanager
def _no_garbage_collection():
    """The solver makes many short-lived objects beside the long-lived inputs; collecting would walk all the
    inputs again and again for nothing (it cost a third of the run on the county benchmark)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def match(
    needs: Sequence[NeedSpec],
    volunteers: Sequence[VolunteerSpec] | Pool,
    k: int | None = DEFAULT_K,
    weights: Weights | None = None,
) -> Result:
    """Match needs to volunteers. Needs spanning several weeks are solved week by week, earliest first, so a
    recurring need keeps last week's volunteer unless a constraint breaks."""
    pool = volunteers if isinstance(volunteers, Pool) else Pool(volunteers)
    by_week: dict[int, list[NeedSpec]] = {}
    for spec in sorted(needs, key=lambda s: (s.day, s.id)):
        by_week.setdefault(week_of(spec.day), []).append(spec)
    previous: dict[int, int] = {}
    total = Result(proposals=[], unserved=[])
    for week in sorted(by_week):
        specs = [
            replace(s, previous=previous.get(s.series, s.previous)) if s.series is not None else s
            for s in by_week[week]
        ]
        with _no_garbage_collection():
            result = solve(pool, Needs(specs, pool), k, weights)
        series = {s.id: s.series for s in specs}
        for proposal in result.proposals:
            if series[proposal.need] is not None:
                previous[series[proposal.need]] = proposal.volunteer
        total.proposals += result.proposals
        total.unserved += result.unserved
        total.edges += result.edges
        total.cost += result.cost
        for name, seconds in result.seconds.items():
            total.seconds[name] = total.seconds.get(name, 0) + seconds
    return total
