"""Why a need has no volunteer: how many remain after each hard filter in turn."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.core.arrays import Needs, Pool, free_parts
from matching.core.specs import EVENING, NeedSpec

# Why a need has no candidate: the hard filters in the order a social worker reads them.
STAGES = ("capacity", "skill", "qualification", "language", "gender", "age", "time", "distance", "declined")


def _passes(stage: str, v: np.ndarray, pool: Pool, needs: Needs, row: int) -> np.ndarray:
    """Which of the volunteers `v` pass one hard filter for the need in `row`."""
    spec = needs.specs[row]
    if stage == "capacity":
        return needs.room[needs.week_index[row], v] > 0
    if stage == "skill":
        if not pool.skill_bits.knows(spec.skills):
            return np.zeros(len(v), bool)
        return (pool.skills[v] & needs.skills[row]) == needs.skills[row]
    if stage == "qualification":
        column = int(needs.qualification[row])
        return (
            pool.qualifications[v, column] >= spec.day if column >= 0 else np.full(len(v), spec.qualification is None)
        )
    if stage == "language":
        bit = int(needs.language[row])
        if bit < 0:
            return np.full(len(v), spec.language is None)
        return (pool.languages[v] >> np.uint64(bit)) & np.uint64(1) == 1
    if stage == "gender":
        return (needs.gender[row] == 0) | (pool.sex[v] == needs.gender[row])
    if stage == "age":
        return ~pool.minor[v] | (spec.minors_ok and spec.part != EVENING)
    if stage == "time":
        return free_parts(pool, needs, np.full(len(v), row), v) != 0
    if stage == "distance":
        return np.hypot(*(pool.xy[v] - needs.xy[row]).T) <= spec.max_km
    return ~np.isin(pool.ids[v], list(spec.declined))


def explain_unserved(pool: Pool, specs: Sequence[NeedSpec]) -> dict[int, dict]:
    """For each need, how many volunteers remain after each hard filter in turn; the first filter that leaves
    none (fewer than the need's people, for a need of several together) is the reason. A need that had
    candidates lost them to needs ranked before it ("taken")."""
    needs = Needs(specs, pool)
    explanations = {}
    for row, spec in enumerate(needs.specs):
        remaining = np.arange(pool.size)
        counts = [("pool", pool.size)]
        for stage in STAGES:
            remaining = remaining[_passes(stage, remaining, pool, needs, row)]
            counts.append((stage, len(remaining)))
        # A need of several volunteers together is blocked where fewer than that many remain.
        blocking = next((stage for stage, count in counts if count < spec.people), None)
        explanations[spec.id] = {"reason": blocking or "taken", "counts": counts, "max_km": spec.max_km}
        if spec.people > 1:
            explanations[spec.id]["people"] = spec.people
    return explanations
