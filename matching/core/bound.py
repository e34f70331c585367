"""An upper bound on the needs any assignment serves, needs of several volunteers included, proven for the full
feasible graph (issue 13).

The relaxation: the flow network of `network.py` (need → volunteer → the volunteer's half-day → week → sink,
each arc of capacity 1, a volunteer-week of their room), on every feasible pair within reach (`candidates`
with k=None), a need of h people sending up to h units and counting 1/h for each. It is a relaxation of the
integer problem: an assignment that serves a set S of needs, each team whole with h distinct volunteers in one
half-day, every volunteer at most one task a half-day and their weekly capacity, is a flow of this network
that sends h units from each need of S (distinct volunteers: one unit per need-volunteer arc; one task a
half-day and the week's room: the half-day and week layers), so it counts |S|. Dropping "all h in one
half-day" and "all or none", and allowing fractions, can only raise the maximum. So the maximum weighted flow
is at least the most needs any assignment serves, and its floor too, a served count being whole.

Computing it: the sets of units (h per need) that can be routed together form a matroid (a gammoid, the
arcs split into nodes), and the weight 1/h falls with h, so the greedy is optimal: route as many units as
possible of the needs of one volunteer, then of the needs of up to two, and so on, one maximum flow per size;
the units the size h adds count 1/h each. The flow LP being integral, this is also the linear relaxation's
optimum.

On a candidate graph (lists cut at k) the same value bounds nothing: a volunteer beyond a cut list may serve
what the lists cannot (`matching/tests/test_core_bound.py`). Needs of a window of days (one row per day, the
same id) send their units through their head, as in the flow (`windows.joined`), whose arcs to the other days
carry all h units here (a team may be served whole on any day of its window).
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow

from matching.core.arrays import Needs, Pool
from matching.core.candidates import Edges, candidates
from matching.core.network import network
from matching.core.specs import Weights
from matching.core.windows import heads, joined


def relaxed(pool: Pool, needs: Needs, edges: Edges | None = None) -> float:
    """The relaxation's optimum on `edges` (default: the full feasible graph, which makes it a bound)."""
    edges = candidates(pool, needs, None) if edges is None else edges
    people = np.fromiter((s.people for s in needs.specs), np.int64, needs.size)
    head = heads(needs.ids)
    first = head == np.arange(needs.size)
    graph = joined(network(pool, needs, edges, Weights()), head)
    capacities = np.ones(len(graph.tails), np.int64)
    copies = np.flatnonzero(~first)
    if len(copies):  # the head's arcs to the other days of its window (appended last) carry all h units
        capacities[len(capacities) - len(copies) :] = people[head[copies]]
    value, before = 0.0, 0
    for h in np.unique(people[first]).tolist():
        rows = np.flatnonzero(first & (people <= h))
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(np.zeros(len(rows), np.int64), 2 + rows, people[rows])
        flow.add_arcs_with_capacity(graph.tails, graph.heads, capacities)
        if flow.solve(0, 1) != flow.OPTIMAL:
            raise RuntimeError("maximum flow failed")
        routed = flow.optimal_flow()
        value, before = value + (routed - before) / h, routed
    return value


def served_bound(pool: Pool, needs: Needs) -> int:
    """The most needs any assignment can serve, at most: the relaxation on the full feasible graph, floored."""
    return int(relaxed(pool, needs) + 1e-9)
