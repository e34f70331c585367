"""Needs of several volunteers as copies in one flow with the needs of one (issue 13, the valley).

`teams.py` first solves the needs of one volunteer alone, and the teams then take what is left: where
volunteers are scarce (every need of a county on one day, the valley of bench/matching_multi.py) the flow has
given away the half-days the teams needed, and the chains and windows of lns.py win back only part of them
(9,804 of 10,000 served, where every need can be served: docs/benchmarks.md).

Here each team need of h people becomes h needs of one volunteer, all fixed to one half-day (the one its
candidates are most often free in, or its own), and the flow solves them together with the needs of one:
at most one task a half-day makes the h volunteers of a team distinct, and the fixed half-day puts them
together. The flow serves as many needs (copies counted one each) as it can at the least travel; a team
whose copies are not all served is dropped, its volunteers left free. `teams.solve_teams` keeps this answer
only when it serves more needs than its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matching.core.arrays import Needs, Pool
from matching.core.candidates import Edges, candidates, edge_parts
from matching.core.flow import _least_cost, _merge, _most_served
from matching.core.network import network, prune
from matching.core.specs import PARTS, Proposal, Weights

SINGLE_K = 4  # a one-volunteer need's list is this many times k long
TEAM_K = 16  # a team's (each copy's) list, this many times k


def half_days(pool: Pool, needs: Needs, edges: Edges) -> np.ndarray:
    """Per need: its own half-day, or the one most of its candidates in `edges` are free in."""
    free = edge_parts(pool, needs, edges)
    count = np.zeros((needs.size, PARTS), np.int64)
    for p in range(PARTS):
        np.add.at(count[:, p], edges.need, (free >> p) & 1)
    return np.where(needs.part >= 0, needs.part, count.argmax(axis=1))


def solve_copies(
    pool: Pool, needs: Needs, people: np.ndarray, teams: np.ndarray, parts: np.ndarray, k: int, weights: Weights
) -> list[Proposal]:
    """The proposals of one flow over the needs of one volunteer and `teams` (rows, each as people[row] copies
    in half-day parts[row]); teams not whole are left out. Needs of a window of days are not handled (their
    rows share an id): the caller passes none."""
    singles = np.flatnonzero(people == 1)
    fresh = int(needs.ids.max()) + 1
    specs, owner, first = [], [], []
    for row in singles.tolist():
        specs.append(needs.specs[row])
        owner.append(row)
    for row in teams.tolist():
        first.append(len(specs))
        for _copy in range(int(people[row])):
            specs.append(replace(needs.specs[row], id=fresh, part=int(parts[row]), people=1))
            owner.append(row)
            fresh += 1
    owner = np.array(owner, np.int64)
    copies = Needs(specs, pool)
    edges = candidates(pool, copies, k * SINGLE_K, only=np.arange(len(singles)))
    if len(first):
        # The copies of a team have one list: searched once, for the first.
        leading = candidates(pool, copies, k * TEAM_K, only=np.array(first, np.int64))
        size = people[owner[leading.need]]
        repeat = np.repeat(np.arange(len(leading.need)), size)
        offset = np.arange(len(repeat)) - np.repeat(np.cumsum(size) - size, size)
        edges = _merge(edges, Edges(leading.need[repeat] + offset, leading.volunteer[repeat], leading.km[repeat]), pool)
    kept = prune(pool, copies, edges, weights)
    graph = network(pool, copies, kept, weights)
    served, _used = _most_served(np.arange(copies.size), graph.tails, graph.heads, copies.size)
    result, _solved = _least_cost(pool, copies, kept, graph, served, listed=edges)
    row_of_id = dict(zip(copies.ids.tolist(), owner.tolist(), strict=True))
    got = np.bincount([row_of_id[p.need] for p in result.proposals], minlength=needs.size)
    whole = got == people
    return [replace(p, need=int(needs.ids[row_of_id[p.need]])) for p in result.proposals if whole[row_of_id[p.need]]]
