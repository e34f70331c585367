"""Needs with a window of several days ("this week", "before Friday"), kept exact in the same flow.

A need whose `last_day` lies after its `day` becomes one row per day of its window (its copies, all with the
need's id); the first row is its head. Only the head is reached from the source (through its priority hub),
and a free arc of capacity 1 joins the head to each other copy. So one unit at most enters the need and it may
leave through any copy's candidates: any (volunteer, day, half-day) in the window, the half-day and week
layers unchanged, so a volunteer still does at most one task per half-day, counting tasks already held. The
flow stays a flow, and stays exact: every solution of the windowed need is a path of this network and back.

Weeks joined by a window are solved together (`week_groups`), so a volunteer's capacity and half-days in the
second week are seen by the need that may use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from matching.core.network import Network
from matching.core.specs import NeedSpec, week_of
from matching.core.unserved import STAGES
from matching.core.unserved import explain_unserved as explain

LONGEST = 31  # days a window may span: needs.recurrence.LONGEST_WINDOW, which the need form and API refuse
# beyond (matching.core imports no app; test_core_windows checks that the two agree)


def expand(specs: Sequence[NeedSpec]) -> list[NeedSpec]:
    """One spec per day of each need's window, the need's own day first; a need of one day stays as it is."""
    rows = []
    for spec in specs:
        last = spec.last_day if spec.last_day is not None else spec.day
        if last - spec.day >= LONGEST:
            raise ValueError(f"need {spec.id}: a window of at most {LONGEST} days")
        rows.extend(replace(spec, day=day, last_day=None) for day in range(spec.day, max(last, spec.day) + 1))
    return rows


def heads(ids: np.ndarray) -> np.ndarray:
    """For each row, the row of its need's head: the first row with the same id (itself for a need of one
    day)."""
    _unique, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    return first[inverse.ravel()]


def joined(graph: Network, head: np.ndarray) -> Network:
    """The network with the free arcs from each head to the other copies of its need (appended last, so the
    candidate and day arcs keep their places)."""
    copies = np.flatnonzero(head != np.arange(len(head)))
    if not len(copies):
        return graph
    graph.tails = np.concatenate([graph.tails, 2 + head[copies]])
    graph.heads = np.concatenate([graph.heads, 2 + copies])
    graph.metres = np.concatenate([graph.metres, np.zeros(len(copies), np.int64)])
    return graph


def spread(rows_hit: np.ndarray, head: np.ndarray) -> np.ndarray:
    """Rows whose need has any row in `rows_hit` (a boolean per row): a need is served, left out or reached
    as a whole."""
    hit = np.zeros(len(head), bool)
    hit[head[rows_hit]] = True
    return hit[head]


def week_groups(specs: Sequence[NeedSpec]) -> list[list[NeedSpec]]:
    """The needs in groups of consecutive weeks solved together: a week alone, or the weeks a window spans
    with every week another window joins to them, earliest first."""
    ordered = sorted(specs, key=lambda s: (s.day, s.id))
    spans = sorted({(week_of(s.day), week_of(max(s.day, s.last_day or s.day))) for s in ordered})
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    starts = np.array([first for first, _last in merged])
    groups: list[list[NeedSpec]] = [[] for _ in merged]
    for spec in ordered:
        groups[int(np.searchsorted(starts, week_of(spec.day), side="right")) - 1].append(spec)
    return groups


def explain_unserved(pool, specs: Sequence[NeedSpec]) -> dict[int, dict]:
    """`unserved.explain_unserved`, with a need of a window explained on the day of its window that kept
    volunteers through the most filters (its `day` says which)."""
    order = {stage: i for i, stage in enumerate(("pool", *STAGES, "taken"))}
    explanations = explain(pool, [s for s in specs if s.last_day is None])
    for spec in (s for s in specs if s.last_day is not None):
        days = [explain(pool, [copy])[spec.id] | {"day": copy.day} for copy in expand([spec])]
        explanations[spec.id] = max(days, key=lambda why: (order[why["reason"]], -why["day"]))
    return explanations
