"""The volunteers and needs of one solve as numpy columns, and the hard constraints checked on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy.spatial import cKDTree

from matching.core.specs import EVENING, FOREVER, PARTS, NeedSpec, VolunteerSpec, week_of, weekday_of


class _Bits:
    """Dictionary ids to bit positions (at most 64 kinds of each: skills, languages, fields)."""

    def __init__(self, ids: Iterable[int]):
        self.bit = {value: position for position, value in enumerate(sorted(set(ids)))}
        if len(self.bit) > 64:
            raise ValueError("at most 64 distinct values per dictionary")

    def mask(self, ids: Iterable[int]) -> int:
        return sum(1 << self.bit[i] for i in ids if i in self.bit)

    def knows(self, ids: Iterable[int]) -> bool:
        return all(i in self.bit for i in ids)


def pair_keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return (left.astype(np.int64) << 32) | right.astype(np.int64)


class Pool:
    """The volunteers of one run as columns, with a k-d tree per skill built on first use."""

    def __init__(self, volunteers: Sequence[VolunteerSpec]):
        self.size = len(volunteers)
        self.skill_bits = _Bits(s for v in volunteers for s in v.skills)
        self.language_bits = _Bits(s for v in volunteers for s in v.languages)
        self.field_bits = _Bits(s for v in volunteers for s in v.fields)
        self.qualification_columns = {
            q: i for i, q in enumerate(sorted({q for v in volunteers for q in v.qualifications}))
        }
        n = self.size
        self.ids = np.fromiter((v.id for v in volunteers), np.int64, n)
        self.xy = np.array([(v.x, v.y) for v in volunteers], dtype=np.float64).reshape(n, 2)
        self.sex = np.fromiter(({"M": 1, "F": 2}.get(v.sex, 0) for v in volunteers), np.int8, n)
        self.minor = np.fromiter((v.minor for v in volunteers), bool, n)
        self.skills = np.fromiter((self.skill_bits.mask(v.skills) for v in volunteers), np.uint64, n)
        self.languages = np.fromiter((self.language_bits.mask(v.languages) for v in volunteers), np.uint64, n)
        self.fields = np.fromiter((self.field_bits.mask(v.fields) for v in volunteers), np.uint64, n)
        self.slots = np.fromiter((sum(1 << s for s in v.slots) for v in volunteers), np.int64, n)
        self.capacity = np.fromiter((v.capacity for v in volunteers), np.int32, n)
        self.qualifications = np.zeros((n, len(self.qualification_columns)), np.int32)
        held, teams, served, busy = [], [], [], {}
        for i, v in enumerate(volunteers):
            for q, until in v.qualifications.items():
                self.qualifications[i, self.qualification_columns[q]] = FOREVER if until is None else until
            held.extend((i, week, count) for week, count in v.held.items())
            for day, part in v.busy:
                busy[(i, day)] = busy.get((i, day), 0) | (1 << part)
            teams.extend((i, t) for t in v.teams)
            served.extend((i, r) for r in v.served)
        held = np.array(held, np.int64).reshape(-1, 3)
        order = np.argsort(pair_keys(held[:, 0], held[:, 1]), kind="stable")
        self.held_keys = pair_keys(held[order, 0], held[order, 1])
        self.held_counts = held[order, 2]
        self.team_keys = np.sort(pair_keys(*np.array(teams, np.int64).reshape(-1, 2).T))
        self.served_keys = np.sort(pair_keys(*np.array(served, np.int64).reshape(-1, 2).T))
        # Half-days taken by tasks already held, as a mask of parts per (volunteer, day).
        taken = np.array([(i, day, mask) for (i, day), mask in busy.items()], np.int64).reshape(-1, 3)
        order = np.argsort(pair_keys(taken[:, 0], taken[:, 1]), kind="stable")
        self.busy_keys = pair_keys(taken[order, 0], taken[order, 1])
        self.busy_masks = taken[order, 2]
        self._trees: dict[int, tuple[np.ndarray, cKDTree]] = {}

    def held(self, volunteer_index: np.ndarray, week: np.ndarray) -> np.ndarray:
        keys = pair_keys(volunteer_index, week)
        at = np.searchsorted(self.held_keys, keys).clip(max=max(len(self.held_keys) - 1, 0))
        if not len(self.held_keys):
            return np.zeros(keys.shape, np.int64)
        return np.where(self.held_keys[at] == keys, self.held_counts[at], 0)

    def busy(self, volunteer_index: np.ndarray, day: np.ndarray) -> np.ndarray:
        """The parts of each (volunteer, day) taken by tasks already held, as a 3-bit mask."""
        if not len(self.busy_keys):
            return np.zeros(np.broadcast(volunteer_index, day).shape, np.int64)
        keys = pair_keys(volunteer_index, day)
        at = np.searchsorted(self.busy_keys, keys).clip(max=len(self.busy_keys) - 1)
        return np.where(self.busy_keys[at] == keys, self.busy_masks[at], 0)

    def tree(self, bit: int, slots: int) -> tuple[np.ndarray, cKDTree | None]:
        """A k-d tree over the volunteers with skill `bit` (any, for -1) who take tasks at all; narrowed to
        those free in `slots` when that leaves out at least half, so scarce times are searched directly."""
        key = (bit, slots)
        if key not in self._trees:
            if (bit, 0) not in self._trees:
                keep = self.capacity > 0
                if bit >= 0:
                    keep &= (self.skills >> np.uint64(bit)) & np.uint64(1) == 1
                members = np.flatnonzero(keep)
                self._trees[(bit, 0)] = (members, cKDTree(self.xy[members]) if len(members) else None)
            members, tree = self._trees[(bit, 0)]
            free = members[(self.slots[members] & slots) != 0]
            if len(free) * 2 <= len(members):
                members, tree = free, cKDTree(self.xy[free]) if len(free) else None
            self._trees[key] = (members, tree)
        return self._trees[key]


class Needs:
    """The needs of one solve as columns, aligned with the pool's dictionaries."""

    def __init__(self, specs: Sequence[NeedSpec], pool: Pool):
        self.specs = list(specs)
        n = len(self.specs)
        self.size = n
        s = self.specs
        self.ids = np.fromiter((x.id for x in s), np.int64, n)
        self.xy = np.array([(x.x, x.y) for x in s], dtype=np.float64).reshape(n, 2)
        self.day = np.fromiter((x.day for x in s), np.int64, n)
        self.weekday = weekday_of(self.day)
        self.week = week_of(self.day)
        # Capacity left in each week of these needs, per volunteer.
        weeks, self.week_index = np.unique(self.week, return_inverse=True)
        self.room = np.zeros((len(weeks), pool.size), np.int64)
        for i, week in enumerate(weeks):
            self.room[i] = pool.capacity - pool.held(np.arange(pool.size), np.full(pool.size, week))
        self.part = np.fromiter((-1 if x.part is None else x.part for x in s), np.int64, n)
        self.skills = np.fromiter((pool.skill_bits.mask(x.skills) for x in s), np.uint64, n)
        columns = pool.qualification_columns
        self.qualification = np.fromiter((columns.get(x.qualification, -1) for x in s), np.int64, n)
        self.language = np.fromiter((pool.language_bits.bit.get(x.language, -1) for x in s), np.int64, n)
        self.gender = np.fromiter(({"M": 1, "F": 2}.get(x.gender, 0) for x in s), np.int8, n)
        self.minors_ok = np.fromiter((x.minors_ok for x in s), bool, n)
        self.max_km = np.fromiter((x.max_km for x in s), np.float64, n)
        self.priority = np.fromiter((x.priority for x in s), np.int64, n)
        self.recipient = np.fromiter((-1 if x.recipient is None else x.recipient for x in s), np.int64, n)
        self.field = np.fromiter((pool.field_bits.bit.get(x.field, -1) for x in s), np.int64, n)
        # A requirement nobody in the pool can meet leaves the need without candidates.
        self.impossible = np.fromiter(
            (
                not pool.skill_bits.knows(x.skills)
                or (x.qualification is not None and x.qualification not in columns)
                or (x.language is not None and x.language not in pool.language_bits.bit)
                for x in s
            ),
            bool,
            n,
        )
        index = {int(v): i for i, v in enumerate(pool.ids)}
        self.previous = np.fromiter((index.get(x.previous, -1) for x in s), np.int64, n)
        declined = [(i, index[v]) for i, x in enumerate(s) for v in x.declined if v in index]
        self.declined_keys = np.sort(pair_keys(*np.array(declined, np.int64).reshape(-1, 2).T))
        self.declining = np.isin(np.arange(n), self.declined_keys >> 32)
        # Precomputed for the filters, which run on many small batches.
        self.qualification_column = np.maximum(self.qualification, 0)
        self.language_shift = np.maximum(self.language, 0).astype(np.uint64)
        self.day_shift = self.weekday * PARTS
        self.slot_bit = np.where(self.part >= 0, 1 << (self.day_shift + np.maximum(self.part, 0)), 0)
        teams = [(i, t) for i, x in enumerate(s) for t in x.teams]
        self.team_pairs = np.array(teams, np.int64).reshape(-1, 2)
        # The rarest required skill picks the k-d tree to search.
        supply = {
            bit: int(((pool.skills >> np.uint64(bit)) & np.uint64(1)).sum()) for bit in pool.skill_bits.bit.values()
        }
        self.search_bit = np.fromiter(
            (
                min((pool.skill_bits.bit[k] for k in x.skills if k in pool.skill_bits.bit), key=supply.get, default=-1)
                for x in s
            ),
            np.int64,
            n,
        )


def free_parts(pool: Pool, needs: Needs, rows: np.ndarray, vols: np.ndarray) -> np.ndarray:
    """The half-days (a 3-bit mask of parts) in which each volunteer could serve the need of its row: free in
    the week's availability on the need's day, not taken by a task already held that day, never the evening
    for a minor, and only the need's own half-day when it names one. Shaped like `vols`."""
    r = rows.reshape(rows.shape + (1,) * (vols.ndim - rows.ndim))
    free = (pool.slots[vols] >> needs.day_shift[r]) & np.where(pool.minor[vols], 0b011, 0b111)
    if len(pool.busy_keys):
        free &= ~pool.busy(vols, np.broadcast_to(needs.day[r], vols.shape))
    part = needs.part[r]
    return np.where(part >= 0, free & (1 << np.maximum(part, 0)), free)


def feasible(pool: Pool, needs: Needs, rows: np.ndarray, vols: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Whether each volunteer in `vols` (one row of candidates per need in `rows`) passes every hard constraint.
    A requirement none of these needs has is not checked."""
    r = rows[:, None]
    required = needs.skills[r]
    ok = (km <= needs.max_km[r]) & ~needs.impossible[r]
    ok &= (pool.skills[vols] & required) == required
    column = needs.qualification[r]
    if pool.qualifications.shape[1] and (column >= 0).any():
        ok &= (column < 0) | (pool.qualifications[vols, needs.qualification_column[r]] >= needs.day[r])
    language = needs.language[r]
    if (language >= 0).any():
        ok &= (language < 0) | ((pool.languages[vols] >> needs.language_shift[r]) & np.uint64(1) == 1)
    gender = needs.gender[r]
    if (gender != 0).any():
        ok &= (gender == 0) | (pool.sex[vols] == gender)
    minor = pool.minor[vols]
    ok &= ~minor | (needs.minors_ok[r] & (needs.part[r] != EVENING))
    ok &= free_parts(pool, needs, rows, vols) != 0
    ok &= needs.room[needs.week_index[r], vols] > 0
    declining = needs.declining[rows]
    if declining.any():
        subset = np.flatnonzero(declining)
        keys = pair_keys(np.broadcast_to(r[subset], vols[subset].shape), vols[subset])
        ok[subset] &= ~np.isin(keys, needs.declined_keys)
    return ok
