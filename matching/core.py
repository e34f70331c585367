"""Precise matching (精准匹配): needs to volunteers as an exact min-cost flow on a candidate graph.

Plain data in, proposals with explanations out. No Django import: the product, the tests and `bench/`
call the same functions.

Hard constraints (a volunteer is a candidate for a need only if all hold): every required skill; the
required qualification, valid on the task's day; the language; the gender preference; age rules (a minor
only on tasks marked suitable for minors, never in the evening); the distance limit; availability in the
task's half-day; capacity left in the task's week; not having declined this need before.

The objective, in this order:
1. serve as many needs as possible;
2. among those, crisis, then urgent, then normal before low;
3. the least travel, with soft terms measured in metres of travel: the volunteer of the last occurrence of a
   recurring need, one who served the recipient before, a preferred service field, membership of the
   project's team, and a convex cost on each volunteer's load in the week (the running total included), so
   the same few people are not always chosen.
The first two are exact through maximum flows (`_priority_quotas`); the third is the least-cost flow within
them. Candidates are the k nearest volunteers who pass every hard filter, found through a k-d
tree per skill; the flow on that graph is solved exactly by OR-Tools' SimpleMinCostFlow. The same input
gives the same output.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from scipy.spatial import cKDTree

PARTS = 3  # morning, afternoon, evening
EVENING = 2
PRIORITY = {"low": 0, "normal": 1, "urgent": 2, "crisis": 3}
FOREVER = np.iinfo(np.int32).max
DEFAULT_K = 20  # bench/matching_core.py: with widening, served and travel match the full feasible graph


@dataclass(frozen=True)
class Weights:
    """The soft terms, in metres of travel."""

    previous: int = 30_000  # the volunteer of the last occurrence: kept unless a constraint breaks
    served: int = 1_000  # served this recipient before
    field: int = 200  # prefers the need's service field
    team: int = 200  # in a team of the need's project
    load_step: int = 300  # the (m+1)-th task of a week costs m × load_step more: convex in the load


TRAVEL_ONLY = Weights(previous=0, served=0, field=0, team=0, load_step=0)


def weekday_of(day: int) -> int:
    """Monday 0 … Sunday 6 for a `date.toordinal()` (day 1, 1 January of year 1, was a Monday)."""
    return (day - 1) % 7


def week_of(day: int) -> int:
    return (day - 1) // 7


@dataclass(frozen=True)
class NeedSpec:
    """One occurrence of a need to be served on one day."""

    id: int
    x: float  # km east of the county's reference point
    y: float  # km north
    day: int  # date.toordinal()
    part: int | None = None  # 0 morning, 1 afternoon, 2 evening; None: any time that day
    skills: frozenset[int] = frozenset()
    qualification: int | None = None
    language: int | None = None
    gender: str = ""  # "M", "F", or "" for no preference
    minors_ok: bool = False
    max_km: float = 15.0
    priority: int = PRIORITY["normal"]
    recipient: int | None = None
    field: int | None = None
    teams: frozenset[int] = frozenset()  # teams of the project serving the need
    declined: frozenset[int] = frozenset()  # volunteers who declined this need before
    series: int | None = None  # occurrences of one recurring need share a series
    previous: int | None = None  # the volunteer who served the last occurrence


@dataclass(frozen=True, eq=False)
class VolunteerSpec:
    id: int
    x: float
    y: float
    sex: str = ""
    minor: bool = False
    skills: frozenset[int] = frozenset()
    languages: frozenset[int] = frozenset()
    fields: frozenset[int] = frozenset()
    teams: frozenset[int] = frozenset()
    qualifications: dict[int, int | None] = field(default_factory=dict)  # id → last valid day (None: for good)
    slots: frozenset[int] = frozenset()  # weekday * 3 + part
    capacity: int = 1  # tasks a week
    held: dict[int, int] = field(default_factory=dict)  # week → tasks already held
    served: frozenset[int] = frozenset()  # recipients served before


@dataclass
class Proposal:
    need: int
    volunteer: int
    day: int
    part: int
    km: float
    explanation: dict


@dataclass
class Result:
    proposals: list[Proposal]
    unserved: list[int]  # need ids
    edges: int = 0
    seconds: dict = field(default_factory=dict)
    cost: int = 0  # the last tier of the objective: travel, soft terms and load, in metres

    @property
    def served(self) -> int:
        return len(self.proposals)

    @property
    def travel_km(self) -> float:
        return sum(p.km for p in self.proposals)


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


def _pair_keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
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
        held, teams, served = [], [], []
        for i, v in enumerate(volunteers):
            for q, until in v.qualifications.items():
                self.qualifications[i, self.qualification_columns[q]] = FOREVER if until is None else until
            held.extend((i, week, count) for week, count in v.held.items())
            teams.extend((i, t) for t in v.teams)
            served.extend((i, r) for r in v.served)
        held = np.array(held, np.int64).reshape(-1, 3)
        order = np.argsort(_pair_keys(held[:, 0], held[:, 1]), kind="stable")
        self.held_keys = _pair_keys(held[order, 0], held[order, 1])
        self.held_counts = held[order, 2]
        self.team_keys = np.sort(_pair_keys(*np.array(teams, np.int64).reshape(-1, 2).T))
        self.served_keys = np.sort(_pair_keys(*np.array(served, np.int64).reshape(-1, 2).T))
        self._trees: dict[int, tuple[np.ndarray, cKDTree]] = {}

    def held(self, volunteer_index: np.ndarray, week: np.ndarray) -> np.ndarray:
        keys = _pair_keys(volunteer_index, week)
        at = np.searchsorted(self.held_keys, keys).clip(max=max(len(self.held_keys) - 1, 0))
        if not len(self.held_keys):
            return np.zeros(keys.shape, np.int64)
        return np.where(self.held_keys[at] == keys, self.held_counts[at], 0)

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
        self.declined_keys = np.sort(_pair_keys(*np.array(declined, np.int64).reshape(-1, 2).T))
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


def _slot_mask(needs: Needs, rows: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """The availability bits that would fit each need: its half-day, or any of its day (not the evening for
    a minor)."""
    whole_day = np.where(minor, 0b011, 0b111) << needs.day_shift[rows][:, None]
    slot = needs.slot_bit[rows][:, None]
    return np.where(slot != 0, slot, whole_day)


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
    ok &= (pool.slots[vols] & _slot_mask(needs, rows, minor)) != 0
    ok &= needs.room[needs.week_index[r], vols] > 0
    declining = needs.declining[rows]
    if declining.any():
        subset = np.flatnonzero(declining)
        keys = _pair_keys(np.broadcast_to(r[subset], vols[subset].shape), vols[subset])
        ok[subset] &= ~np.isin(keys, needs.declined_keys)
    return ok


@dataclass
class Edges:
    need: np.ndarray  # row in Needs
    volunteer: np.ndarray  # row in Pool
    km: np.ndarray


def candidates(
    pool: Pool, needs: Needs, k: int | None = DEFAULT_K, *, only: np.ndarray | None = None, chunk: int = 2_000_000
) -> Edges:
    """For each need, the k nearest volunteers (all, for k=None) within its distance limit who pass every hard
    filter, nearest first. A search that finds too few widens until the tree holds no more within reach.
    `only` limits the search to some rows of `needs`."""
    parts = []
    wanted_rows = np.ones(needs.size, bool) if only is None else np.isin(np.arange(needs.size), only)
    wanted = np.where(needs.slot_bit != 0, needs.slot_bit, 0b111 << needs.day_shift)
    # Needs that search the same tree are searched together.
    searches: dict[int, tuple] = {}
    groups, group_of_row = np.unique(np.stack([needs.search_bit, wanted], axis=1), axis=0, return_inverse=True)
    search_of_group = np.zeros(len(groups), np.int64)
    for g, (bit, slots) in enumerate(groups):
        members, tree = pool.tree(int(bit), int(slots))
        search_of_group[g] = searches.setdefault(id(members), (len(searches), members, tree))[0]
    search_of_row = search_of_group[group_of_row.ravel()]
    order = np.argsort(search_of_row, kind="stable")
    bounds = np.searchsorted(search_of_row[order], np.arange(len(searches) + 1))
    for number, members, tree in searches.values():
        rows = order[bounds[number] : bounds[number + 1]]
        rows = rows[~needs.impossible[rows] & wanted_rows[rows]]
        if tree is None or not len(rows):
            continue
        reach = float(needs.max_km[rows].max())
        width = len(members) if k is None else min(len(members), max(2 * k, 8))
        while len(rows):
            short = []
            step = max(1, chunk // max(width, 1))
            for start in range(0, len(rows), step):
                batch = rows[start : start + step]
                # Threads pay off only for big searches; starting them costs more than a small one.
                workers = -1 if len(batch) * width > 200_000 else 1
                km, at = tree.query(needs.xy[batch], k=max(width, 2), distance_upper_bound=reach, workers=workers)
                found = at < len(members)
                vols = np.where(found, members[at.clip(max=len(members) - 1)], 0)
                ok = found & feasible(pool, needs, batch, vols, km)
                if k is not None:
                    enough = ok.sum(axis=1) >= k
                    # Every neighbour found and still within reach: more may lie beyond, widen the search.
                    truncated = found[:, -1] & (width < len(members))
                    short.extend(batch[~enough & truncated])
                    done = enough | ~truncated
                    ok &= done[:, None] & (np.cumsum(ok, axis=1) <= k)
                row_index, column = np.nonzero(ok)
                parts.append((batch[row_index], vols[row_index, column], km[row_index, column]))
            rows = np.array(short, np.int64)
            width = min(len(members), width * 4)
    if not parts:
        empty = np.zeros(0, np.int64)
        return Edges(empty, empty, np.zeros(0))
    need, volunteer, km = (np.concatenate(column) for column in zip(*parts, strict=True))
    order = np.lexsort((pool.ids[volunteer], km, need))
    return Edges(need[order], volunteer[order], km[order])


def _chosen_part(pool: Pool, needs: Needs, edges: Edges) -> np.ndarray:
    """The half-day of each edge: the need's own, or the volunteer's first free part of that day."""
    rows = edges.need
    minor = pool.minor[edges.volunteer]
    free = (pool.slots[edges.volunteer] >> (needs.weekday[rows] * PARTS)) & np.where(minor, 0b011, 0b111)
    first = np.where(free & 1, 0, np.where(free & 2, 1, 2))
    return np.where(needs.part[rows] >= 0, needs.part[rows], first)


def _soft_terms(pool: Pool, needs: Needs, edges: Edges) -> dict[str, np.ndarray]:
    rows, vols = edges.need, edges.volunteer
    previous = needs.previous[rows] == vols
    recipient = needs.recipient[rows]
    served = (recipient >= 0) & np.isin(_pair_keys(vols, recipient.clip(min=0)), pool.served_keys)
    field_bit = needs.field[rows]
    preferred = (field_bit >= 0) & ((pool.fields[vols] >> field_bit.clip(min=0).astype(np.uint64)) & np.uint64(1) == 1)
    in_team = np.zeros(len(rows), bool)
    if len(needs.team_pairs):
        # Each (need, team) pair asks whether the edge's volunteer belongs to that team.
        need_of_pair, team_of_pair = needs.team_pairs.T
        first = np.searchsorted(need_of_pair, rows, side="left")
        last = np.searchsorted(need_of_pair, rows, side="right")
        for offset in range(int((last - first).max(initial=0))):
            has = first + offset < last
            team = team_of_pair[(first + offset).clip(max=len(team_of_pair) - 1)]
            in_team |= has & np.isin(_pair_keys(vols, team), pool.team_keys)
    return {"previous": previous, "served": served, "field": preferred, "team": in_team}


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
    parts = _chosen_part(pool, needs, edges)
    slots, slot_of_edge, slot_inflow = np.unique(
        _pair_keys(edges.volunteer, needs.day[edges.need] * PARTS + parts), return_inverse=True, return_counts=True
    )
    weeks, week_of_slot, week_inflow = np.unique(
        _pair_keys(slots >> 32, week_of((slots & 0xFFFFFFFF) // PARTS)), return_inverse=True, return_counts=True
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

    soft = _soft_terms(pool, needs, edges)
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
    parts = _chosen_part(pool, needs, edges)
    _slots, slot_of_edge, slot_inflow = np.unique(
        _pair_keys(edges.volunteer, needs.day[edges.need] * PARTS + parts), return_inverse=True, return_counts=True
    )
    weeks, week_of_edge, week_inflow = np.unique(
        _pair_keys(edges.volunteer, needs.week[edges.need]), return_inverse=True, return_counts=True
    )
    held = pool.held(weeks >> 32, weeks & 0xFFFFFFFF)
    crowded = np.zeros(len(weeks), bool)
    np.logical_or.at(crowded, week_of_edge, slot_inflow[slot_of_edge] > 1)
    free = ~crowded & (pool.capacity[weeks >> 32] - held >= week_inflow)
    soft = _soft_terms(pool, needs, edges)
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
    _keys, keep = np.unique(_pair_keys(need, volunteer), return_index=True)
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


def greedy(needs: Sequence[NeedSpec], volunteers: Sequence[VolunteerSpec] | Pool) -> Result:
    """The baseline: crisis first, then in order of arrival, each need takes its nearest feasible volunteer
    with room left in the week and a free half-day."""
    pool = volunteers if isinstance(volunteers, Pool) else Pool(volunteers)
    table = Needs(needs, pool)
    edges = candidates(pool, table, DEFAULT_K)
    parts = _chosen_part(pool, table, edges)
    room: dict[tuple[int, int], int] = {}
    busy: set[tuple[int, int, int]] = set()
    starts = np.searchsorted(edges.need, np.arange(table.size), side="left")
    ends = np.searchsorted(edges.need, np.arange(table.size), side="right")

    def first_free(spec: NeedSpec, options) -> tuple[int, int, float] | None:
        for vol, part, km in options:
            week = (vol, week_of(spec.day))
            if week not in room:
                room[week] = int(pool.capacity[vol] - pool.held(np.array([vol]), np.array([week[1]]))[0])
            if room[week] > 0 and (vol, spec.day, part) not in busy:
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
                zip(wide.volunteer.tolist(), _chosen_part(pool, one, wide).tolist(), wide.km.tolist(), strict=True),
            )
        if pick is None:
            unserved.append(spec.id)
            continue
        vol, part, km = pick
        room[(vol, week_of(spec.day))] -= 1
        busy.add((vol, spec.day, part))
        proposals.append(Proposal(spec.id, int(pool.ids[vol]), spec.day, part, km, {}))
    return Result(proposals=proposals, unserved=unserved)


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
        return (pool.slots[v] & _slot_mask(needs, np.array([row]), pool.minor[v][None, :])[0]) != 0
    if stage == "distance":
        return np.hypot(*(pool.xy[v] - needs.xy[row]).T) <= spec.max_km
    return ~np.isin(pool.ids[v], list(spec.declined))


def explain_unserved(pool: Pool, specs: Sequence[NeedSpec]) -> dict[int, dict]:
    """For each need, how many volunteers remain after each hard filter in turn; the first filter that leaves
    none is the reason. A need that had candidates lost them to needs ranked before it ("taken")."""
    needs = Needs(specs, pool)
    explanations = {}
    for row, spec in enumerate(needs.specs):
        remaining = np.arange(pool.size)
        counts = [("pool", pool.size)]
        for stage in STAGES:
            remaining = remaining[_passes(stage, remaining, pool, needs, row)]
            counts.append((stage, len(remaining)))
        blocking = next((stage for stage, count in counts if count == 0), None)
        explanations[spec.id] = {"reason": blocking or "taken", "counts": counts, "max_km": spec.max_km}
    return explanations


@dataclass(frozen=True)
class OfferSpec:
    """A resource or a project service: what field it serves, where (a region path), when, how many more."""

    id: int
    field: int | None
    area: str  # region path, e.g. "/15/1505/150521/"
    valid_from: int | None = None  # date.toordinal()
    valid_until: int | None = None
    remaining: int | None = None  # None: no limit
    kind: str | None = None  # a resource's kind ("repair", "clinic"); None for a project service


@dataclass(frozen=True)
class OfferNeed:
    id: int
    field: int | None
    place: str  # the need's region path
    day: int
    priority: int = PRIORITY["normal"]
    kinds: frozenset[str] | None = None  # the kinds of resource that fit what was asked; None: any kind


def assign_offers(needs: Sequence[OfferNeed], offers: Sequence[OfferSpec]) -> dict[int, int]:
    """Needs to resources or project services by field, kind (a lift to the hospital is never offered an
    appliance repair), area covered, validity and remaining capacity.

    Highest priority first; each need takes the offer with the narrowest area that covers it. Areas are
    regions, which nest, so taking the narrowest leaves the wider offers for needs only they reach."""
    left = {offer.id: offer.remaining for offer in offers}
    by_field: dict[int | None, list[OfferSpec]] = {}
    for offer in sorted(offers, key=lambda o: (-len(o.area), o.id)):
        by_field.setdefault(offer.field, []).append(offer)
    chosen = {}
    for need in sorted(needs, key=lambda n: (-n.priority, n.day, n.id)):
        if need.field is None:
            continue
        for offer in by_field.get(need.field, []):
            fits = (
                (offer.kind is None or need.kinds is None or offer.kind in need.kinds)
                and need.place.startswith(offer.area)
                and (offer.valid_from is None or offer.valid_from <= need.day)
                and (offer.valid_until is None or need.day <= offer.valid_until)
                and (left[offer.id] is None or left[offer.id] > 0)
            )
            if fits:
                chosen[need.id] = offer.id
                if left[offer.id] is not None:
                    left[offer.id] -= 1
                break
    return chosen
