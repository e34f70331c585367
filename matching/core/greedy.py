"""The baseline the benchmark compares with: each need in turn takes its nearest free volunteer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.core.arrays import Needs, Pool
from matching.core.candidates import candidates, edge_parts
from matching.core.specs import DEFAULT_K, NeedSpec, Proposal, Result, VolunteerSpec, week_of


def greedy(needs: Sequence[NeedSpec], volunteers: Sequence[VolunteerSpec] | Pool) -> Result:
    """The baseline: crisis first, then in order of arrival, each need takes its nearest feasible volunteer
    with room left in the week and a free half-day (the first free one, for a need with no time of day)."""
    pool = volunteers if isinstance(volunteers, Pool) else Pool(volunteers)
    table = Needs(needs, pool)
    edges = candidates(pool, table, DEFAULT_K)
    parts = edge_parts(pool, table, edges)
    room: dict[tuple[int, int], int] = {}
    busy: set[tuple[int, int, int]] = set()
    starts = np.searchsorted(edges.need, np.arange(table.size), side="left")
    ends = np.searchsorted(edges.need, np.arange(table.size), side="right")

    def first_free(spec: NeedSpec, options) -> tuple[int, int, float] | None:
        for vol, free, km in options:
            week = (vol, week_of(spec.day))
            if week not in room:
                room[week] = int(pool.capacity[vol] - pool.held(np.array([vol]), np.array([week[1]]))[0])
            part = next((p for p in range(3) if free >> p & 1 and (vol, spec.day, p) not in busy), None)
            if room[week] > 0 and part is not None:
                return vol, part, km
        return None

    proposals, unserved = [], []
    for row in sorted(range(table.size), key=lambda r: (-table.priority[r], r)):
        spec = table.specs[row]
        nearest = range(starts[row], ends[row])
        pick = first_free(spec, ((int(edges.volunteer[e]), int(parts[e]), float(edges.km[e])) for e in nearest))
        if pick is None and len(nearest) >= DEFAULT_K:
            # The nearest k are taken: look at every feasible volunteer.
            one = Needs([spec], pool)
            wide = candidates(pool, one, None)
            pick = first_free(
                spec,
                zip(wide.volunteer.tolist(), edge_parts(pool, one, wide).tolist(), wide.km.tolist(), strict=True),
            )
        if pick is None:
            unserved.append(spec.id)
            continue
        vol, part, km = pick
        room[(vol, week_of(spec.day))] -= 1
        busy.add((vol, spec.day, part))
        proposals.append(Proposal(spec.id, int(pool.ids[vol]), spec.day, part, km, {}))
    return Result(proposals=proposals, unserved=unserved)
