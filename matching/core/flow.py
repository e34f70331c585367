"""The exact solve: maximum flows for how many needs of each priority can be served, then the least-cost flow
among those on the candidate graph; and `match`, which solves week by week."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from matching.core.arrays import Needs, Pool, pair_keys
from matching.core.candidates import Edges, candidates
from matching.core.certify import Solved, priced
from matching.core.network import Network, network, prune
from matching.core.specs import DEFAULT_K, PRIORITY, NeedSpec, Proposal, Result, VolunteerSpec, Weights
from matching.core.windows import expand, heads, joined, spread, week_groups

PRICING = 8  # rounds of adding the arcs beyond the lists that could lower the cost
WIDENING = (4, 16, 64, None)  # how far each round of a need's widening looks, in multiples of k (None: all)


def _widen(pool: Pool, needs: Needs, edges: Edges, width: np.ndarray, rows: np.ndarray, k: int) -> Edges:
    """Longer candidate lists for `rows`: the next step of WIDENING from where each list stands."""
    steps = [k * grow for grow in WIDENING if grow is not None]
    for row_width in np.unique(width[rows]):
        group = rows[width[rows] == row_width]
        wider = next((step for step in steps if step > row_width), None)
        width[group] = 0 if wider is None else wider
        edges = _merge(edges, candidates(pool, needs, wider, only=group), pool)
    return edges


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


def _alternating(pool: Pool, edges: Edges, used: np.ndarray, start: np.ndarray, head: np.ndarray) -> np.ndarray:
    """Needs reachable from `start` by alternating paths: a need, one of its candidates, a need that candidate
    serves in the flow, and so on (a need of a window: any of its days). A cheaper or fuller solution can only
    move needs on such paths."""
    reach, frontier = start.copy(), start.copy()
    while frontier.any():
        volunteers = np.zeros(pool.size, bool)
        volunteers[edges.volunteer[frontier[edges.need]]] = True
        served_by_them = edges.need[used & volunteers[edges.volunteer]]
        frontier = np.zeros_like(reach)
        frontier[served_by_them] = True
        frontier = spread(frontier, head) & ~reach
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


def _merge(first: Edges, second: Edges, pool: Pool) -> Edges:
    need = np.concatenate([first.need, second.need])
    volunteer = np.concatenate([first.volunteer, second.volunteer])
    km = np.concatenate([first.km, second.km])
    _keys, keep = np.unique(pair_keys(need, volunteer), return_index=True)
    need, volunteer, km = need[keep], volunteer[keep], km[keep]
    order = np.lexsort((pool.ids[volunteer], km, need))
    return Edges(need[order], volunteer[order], km[order])


def solve(
    pool: Pool,
    needs: Needs,
    k: int | None = DEFAULT_K,
    weights: Weights | None = None,
    *,
    widen: bool = True,
    certify: bool = False,
    gap: float | None = None,
) -> Result:
    """Candidates, then the exact min-cost flow on them.

    When the maximum flow leaves needs out, every need on an alternating path from them whose list was cut
    gets a list four times as long (then sixteen times, then every feasible volunteer within reach), and the
    flow is tried again, so a scarce skill does not lose a need to the cut. Looking at everyone at once cost
    the scarce instances most of their time (bench/matching_valley.py --timed).

    With `certify`, volunteers beyond the lists whose arcs have a negative reduced cost join the graph until
    none is left (certify.py): the travel is then the full graph's least. It is exact but slow at county
    size (minutes, docs/benchmarks.md), so runs do without it.

    With `gap` (say 0.001), the same pricing stops as soon as it proves the cost within that fraction of the
    full graph's least: each round's reduced costs give a lower bound on it (`certify.shortfall`), kept in
    `result.bound`. On the valley at county size one round of pricing brings the travel within 0.01% of the
    optimum, and the bound proves it without the rounds that only move it by metres."""
    import time

    weights = weights or Weights()
    started = time.perf_counter()
    head = heads(needs.ids)  # rows of one need's window share an id (windows.py)
    everyone = np.flatnonzero(head == np.arange(needs.size))
    edges = candidates(pool, needs, k)
    kept = prune(pool, needs, edges, weights)
    graph = joined(network(pool, needs, kept, weights), head)
    served, used = _most_served(everyone, graph.tails, graph.heads, needs.size, len(kept.need))
    served = spread(served, head)
    width = np.full(needs.size, k if k is not None else 0)
    for _round in range(len(WIDENING) if widen and k is not None else 0):
        # Lists cut at their width on an alternating path from a need left out: a volunteer beyond the cut
        # could serve it, or free someone who can.
        counts = np.bincount(edges.need, minlength=needs.size)
        cut = np.flatnonzero(_alternating(pool, kept, used, ~served, head) & (counts >= width) & (width > 0))
        if not len(cut):
            break
        edges = _widen(pool, needs, edges, width, cut, k)
        kept = prune(pool, needs, edges, weights)
        graph = joined(network(pool, needs, kept, weights), head)
        served, used = _most_served(everyone, graph.tails, graph.heads, needs.size, len(kept.need))
        served = spread(served, head)
    generated = time.perf_counter()
    result, solved = _least_cost(pool, needs, kept, graph, served, listed=edges, head=head)
    counts = np.bincount(edges.need, minlength=needs.size)
    last_km = np.zeros(needs.size)
    np.maximum.at(last_km, edges.need, edges.km)
    boundary_km = np.where((counts >= width) & (width > 0), last_km, np.inf)
    pricing = (certify or gap is not None) and k is not None
    bound = None
    for _round in range(PRICING if pricing else 0):
        # Volunteers beyond the lists who could lower the cost join the graph, and the flow is solved again
        # (certify.py); when none is left, the flow is least-cost on the full feasible graph. Each round's
        # lower bound holds for the full graph, so the best of them is kept.
        extra, below = priced(pool, needs, edges, boundary_km, weights, solved, graph)
        bound = max(result.cost + below, bound if bound is not None else result.cost + below)
        result.bound = bound
        within = gap is not None and not certify and result.cost - bound <= gap * abs(bound)
        if not len(extra.need) or within:
            break
        edges = _merge(edges, extra, pool)
        kept = prune(pool, needs, edges, weights)
        graph = joined(network(pool, needs, kept, weights), head)
        served, _used = _most_served(everyone, graph.tails, graph.heads, needs.size, len(kept.need))
        result, solved = _least_cost(pool, needs, kept, graph, spread(served, head), listed=edges, head=head)
        result.bound = bound
    result.seconds = {"candidates": generated - started, "flow": time.perf_counter() - generated}
    return result


def _least_cost(
    pool: Pool,
    needs: Needs,
    edges: Edges,
    graph: Network,
    served: np.ndarray,
    listed: Edges | None = None,
    head: np.ndarray | None = None,
) -> tuple[Result, Solved]:
    """The least-cost flow that serves as many needs as `served` does, with the best priority order; and its
    arcs, for the check of certify.py. Only the head of a window's rows is fed (`head`, windows.py)."""
    n, sink = needs.size, 1
    head = np.arange(n) if head is None else head
    primary = head == np.arange(n)
    rows = np.flatnonzero(primary)
    quotas = _priority_quotas(np.where(primary, needs.priority, -1), served & primary, graph.tails, graph.heads)
    # Hubs, one per priority level, let through exactly the number of needs of that level that the best
    # order serves; the least-cost flow among those is the least travel.
    hubs = graph.nodes + np.arange(len(PRIORITY))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(hubs), np.int64), hubs, quotas, np.zeros(len(hubs), np.int64)
    )
    ones = np.ones(len(rows), np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(hubs[needs.priority[rows]], 2 + rows, ones, 0 * ones)
    hub_tails = np.concatenate([np.zeros(len(hubs), np.int64), hubs[needs.priority[rows]]])
    hub_heads = np.concatenate([hubs, 2 + rows])
    hub_capacities = np.concatenate([quotas, ones])
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        graph.tails, graph.heads, np.ones(len(graph.tails), np.int64), graph.metres
    )
    flow.set_nodes_supplies(np.array([0, sink]), np.array([quotas.sum(), -quotas.sum()]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with {status}")
    used = flow.flows(arcs[: len(edges.need)]) > 0
    parts = graph.parts(used, flow.flows(arcs[len(edges.need) : len(edges.need) + graph.day_arcs]) > 0)
    taken = np.zeros(n, bool)
    taken[head[edges.need[used]]] = True
    proposals = _proposals(pool, needs, edges, used, parts, graph.soft, listed or edges)
    result = Result(
        proposals=proposals,
        unserved=[int(i) for i in needs.ids[primary & ~taken]],
        edges=len(edges.need),
        cost=flow.optimal_cost(),
    )
    solved = Solved(
        nodes=int(hubs[-1]) + 1,
        tails=np.concatenate([hub_tails, graph.tails]),
        heads=np.concatenate([hub_heads, graph.heads]),
        costs=np.concatenate([np.zeros(len(hub_tails), np.int64), graph.metres]),
        capacities=np.concatenate([hub_capacities, np.ones(len(graph.tails), np.int64)]),
        flows=flow.flows(np.arange(flow.num_arcs())),
    )
    return result, solved


def solve_edges(pool: Pool, needs: Needs, edges: Edges, weights: Weights | None = None) -> Result:
    """The exact min-cost flow on a given candidate graph (the full feasible graph, in the benchmark)."""
    head = heads(needs.ids)
    graph = joined(network(pool, needs, edges, weights or Weights()), head)
    served, _used = _most_served(np.flatnonzero(head == np.arange(needs.size)), graph.tails, graph.heads, needs.size)
    return _least_cost(pool, needs, edges, graph, spread(served, head), head=head)[0]


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
    team_solver=None,
) -> Result:
    """Match needs to volunteers. Needs spanning several weeks are solved week by week, earliest first, so a
    recurring need keeps last week's volunteer unless a constraint breaks."""
    pool = volunteers if isinstance(volunteers, Pool) else Pool(volunteers)
    previous: dict[int, int] = {}
    total = Result(proposals=[], unserved=[])
    for group in week_groups(needs):  # one week, or the weeks a window of days joins
        specs = [replace(s, previous=previous.get(s.series, s.previous)) if s.series is not None else s for s in group]
        with _no_garbage_collection():
            rows = Needs(expand(specs), pool)
            if team_solver is not None and any(s.people > 1 for s in specs):  # all-or-none teams (teams.py)
                result = team_solver(pool, rows, k, weights)
            else:
                result = solve(pool, rows, k, weights)
        by_id = {s.id: s for s in specs}
        for proposal in result.proposals:
            spec = by_id[proposal.need]
            # A date the series' volunteer declined goes to another without passing the series to them.
            if spec.series is not None and spec.previous not in spec.declined:
                previous[spec.series] = proposal.volunteer
        total.proposals += result.proposals
        total.unserved += result.unserved
        total.edges += result.edges
        total.cost += result.cost
        if result.teams:
            total.teams.setdefault("weeks", []).append(result.teams)
        for name, seconds in result.seconds.items():
            total.seconds[name] = total.seconds.get(name, 0) + seconds
    return total
