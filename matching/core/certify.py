"""Whether a least-cost flow on the cut candidate lists is also least-cost on the full feasible graph.

The flow is optimal on the candidate graph, so node potentials exist under which no residual arc has a
negative reduced cost: shortest distances in the residual graph from a root joined to every node. A
volunteer beyond a need's cut is at least as far as the last one listed, so their arc costs at least that
distance in metres, less the largest bonus the need could give. If that bound, reduced by the need's
potential and the highest potential of any node such an arc could reach (a half-day, day or week node, or
the sink, which a volunteer not yet in the graph reaches at no lower potential), is not negative, no
volunteer beyond the cut can make the solution cheaper. The needs for which it is negative get longer lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.core.arrays import Needs
from matching.core.candidates import Edges
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


def uncertain(
    needs: Needs, listed: Edges, width: np.ndarray, weights: Weights, solved: Solved, graph_nodes: int
) -> np.ndarray:
    """Rows of needs whose list was cut and whose volunteers beyond the cut could still lower the cost.
    `graph_nodes` ends the nodes an arc from a need can reach (the priority hubs come after)."""
    counts = np.bincount(listed.need, minlength=needs.size)
    cut = (counts >= width) & (width > 0)
    if not cut.any():
        return np.zeros(0, np.int64)
    distance = potentials(solved)
    last_km = np.zeros(needs.size)
    np.maximum.at(last_km, listed.need, listed.km)
    bonus = weights.served + weights.field + weights.team + weights.previous * (needs.previous >= 0)
    n = needs.size
    highest = max(distance[1], distance[2 + n : graph_nodes].max(initial=distance[1]))  # sink, nodes past needs
    margin = np.rint(last_km * 1000) - bonus + distance[2 : 2 + n] - highest
    return np.flatnonzero(cut & (margin < -0.5))
