"""Ejection chains: a team need left out is placed by moving one-volunteer needs along chains of candidates,
each to a volunteer free in one of its half-days, until h of the team's candidates are free together.

For a team need and a half-day: its candidates free then are taken first; each other candidate holding a
one-volunteer need then is freed when that need can move to another of its candidates free in some half-day
of its day with room in the week, or to one held by another one-volunteer need that can move in turn, and so
on. The search takes first the needs fewest moves from a free half-day, as a search backwards from the free
half-days last labelled them (`_labels`, again every `RELABEL` chains), and looks through at most `SEARCH`
needs. The team's chosen volunteers are never a target. A chain moves each need to a half-day that
is free once the next has left, and only the last volunteer takes one more task in the week, so every step
keeps the assignment feasible and the needs served the same; when fewer than h are freed, the moves are
undone. It is a fast first pass before the windows of CP-SAT (lns.py), which also trade teams and needs.
"""

from __future__ import annotations

import heapq
import time

import numpy as np

from matching.core.arrays import Needs
from matching.core.candidates import Edges
from matching.core.specs import PARTS

SEARCH = 200  # needs one search may look through
RELABEL = 50  # chains between two backward searches (`_labels`)
FAR = 1 << 30


class State:
    """An assignment: each row's volunteers and half-day, who holds each half-day (volunteer << 32 | day × 3 +
    part), the tasks per volunteer and week (volunteer << 32 | week), and the rows each volunteer holds."""

    def __init__(self, needs: Needs, crew: dict[int, tuple[tuple[int, ...], int]]):
        self.needs, self.crew = needs, {}
        self.owner: dict[int, int] = {}
        self.weeks: dict[int, int] = {}
        self.held_by: dict[int, set[int]] = {}
        for row, (members, part) in crew.items():
            self.add(row, members, part)

    def room(self, volunteer: int, row: int) -> int:
        """Tasks the volunteer may still take in the week of `row`."""
        needs = self.needs
        week = int(needs.week[row])
        return int(needs.room[needs.week_index[row], volunteer]) - self.weeks.get((volunteer << 32) | week, 0)

    def add(self, row: int, members: tuple[int, ...], part: int) -> None:
        self.crew[row] = (members, part)
        slot, week = int(self.needs.day[row]) * PARTS + part, int(self.needs.week[row])
        for v in members:
            self.weeks[(v << 32) | week] = self.weeks.get((v << 32) | week, 0) + 1
            self.owner[(v << 32) | slot] = row
            self.held_by.setdefault(v, set()).add(row)

    def drop(self, row: int) -> tuple[tuple[int, ...], int]:
        members, part = self.crew.pop(row)
        slot, week = int(self.needs.day[row]) * PARTS + part, int(self.needs.week[row])
        for v in members:
            self.weeks[(v << 32) | week] -= 1
            del self.owner[(v << 32) | slot]
            self.held_by[v].discard(row)
        return members, part


class _Listing:
    """Half-day key → the needs that may move and list it, from sorted columns."""

    def __init__(self, keys: np.ndarray, rows: np.ndarray):
        order = np.argsort(keys, kind="stable")
        keys, self.rows = keys[order], rows[order].tolist()
        unique, first = np.unique(keys, return_index=True)
        last = np.append(first[1:], len(keys))[: len(first)]
        self.spans = dict(zip(unique.tolist(), zip(first.tolist(), last.tolist(), strict=True), strict=True))

    def get(self, key: int, default=()):
        span = self.spans.get(key)
        return default if span is None else self.rows[span[0] : span[1]]

    def items(self):
        for key, (first, last) in self.spans.items():
            yield key, self.rows[first:last]


def eject(
    state: State,
    people: np.ndarray,
    movable: np.ndarray,
    edges: Edges,
    edge_free: np.ndarray,
    teams: list[int],
    deadline: float,
) -> int:
    """Place what it can of `teams` (rows, in the order tried); `movable` marks the rows that may move (needs
    of one volunteer and one day). `edges` are sorted by need, nearest first; `edge_free` holds the half-days
    each could use. Returns the teams placed."""
    needs = state.needs
    placed = 0
    dead: set[int] = set()  # needs a search since the last move found unable to move
    # Every (need, volunteer, half-day) the edges allow, as columns sorted by need, nearest first.
    at, part = np.nonzero((edge_free[:, None] >> np.arange(PARTS)) & 1)
    row_of, volunteer = edges.need[at], edges.volunteer[at]
    key = (volunteer << 32) | (needs.day[row_of] * PARTS + part)
    bounds = np.searchsorted(row_of, np.arange(needs.size + 1)).tolist()
    columns = volunteer.tolist(), key.tolist(), part.tolist()
    cache: dict[int, list] = {}

    def options(row: int) -> list:
        """Where the need of `row` could go: (volunteer, half-day key, part), nearest first."""
        if row not in cache:
            first, last = bounds[row], bounds[row + 1]
            cache[row] = list(zip(*(column[first:last] for column in columns), strict=True))
        return cache[row]

    held_now = np.zeros(needs.size, bool)
    held_now[list(state.crew)] = True
    mine = movable[row_of] & held_now[row_of]
    listing = _Listing(key[mine], row_of[mine])
    hops = _labels(state, listing)
    found = 0
    for team in teams:
        if time.perf_counter() > deadline:
            break
        if team in state.crew:
            continue
        h, day = int(people[team]), int(needs.day[team])
        tried = []
        for p in range(PARTS):
            free, held = [], []
            for v, slot, q in options(team):
                if q != p:
                    continue
                holder = state.owner.get(slot)
                if holder is None and state.room(v, team) > 0:
                    free.append(v)
                elif holder is not None and movable[holder] and holder in hops and holder not in dead:
                    held.append((hops[holder], v))
            if len(free) + len(held) >= h:
                tried.append((-min(len(free), h), p, free, [v for _hops, v in sorted(held)]))
        for _short, p, free, held in sorted(tried):
            chosen, moves = free[:h], []
            for v in held:
                if len(chosen) == h:
                    break
                holder = state.owner[(v << 32) | (day * PARTS + p)]
                path = _chain(state, movable, options, hops, holder, {*chosen, v}, dead)
                if path is not None:
                    moves.append(_apply(state, path))
                    _row, to, part = path[0]
                    _taken(state, listing, hops, options, (to << 32) | (int(needs.day[_row]) * PARTS + part))
                    chosen.append(v)
                    dead.clear()
                    found += 1
                    if found % RELABEL == 0:
                        hops = _labels(state, listing)
            if len(chosen) == h:
                state.add(team, tuple(chosen), p)
                for v in chosen:
                    _taken(state, listing, hops, options, (v << 32) | (day * PARTS + p))
                placed += 1
                break
            for undo in reversed(moves):
                _apply(state, undo)
    return placed


def _taken(state: State, listing: _Listing, hops: dict, options, key: int) -> None:
    """A free half-day was taken: the needs next to it with no other free half-day lose their label."""
    for row in listing.get(key, ()):
        free = (k not in state.owner and state.room(v, row) > 0 for v, k, _p in options(row))
        if hops.get(row) == 0 and row in state.crew and not any(free):
            del hops[row]


def _labels(state: State, listing: _Listing) -> dict[int, int]:
    """Moves each need that may move is from a free half-day (0: one of its own is free), by a search backwards
    from the free half-days through `listing` (half-day → needs listing it): a guide for `_chain`, which
    checks every step against the assignment itself."""
    hops, frontier = {}, []
    for key, listed in listing.items():
        if key not in state.owner:
            for row in listed:
                if row not in hops and state.room(key >> 32, row) > 0:
                    hops[row] = 0
                    frontier.append(row)
    needs = state.needs
    while frontier:
        after = []
        for row in frontier:
            (v,), p = state.crew[row]
            for other in listing.get((v << 32) | (int(needs.day[row]) * PARTS + p), ()):
                if other not in hops:
                    hops[other] = hops[row] + 1
                    after.append(other)
        frontier = after
    return hops


def _chain(state, movable, options, hops: dict, start: int, protected: set, dead: set) -> list | None:
    """Moves (row, volunteer, part) that free the volunteer of `start` in its half-day, or None: a search that
    takes first the needs `hops` puts nearest a free half-day. A search that fails marks the needs it visited
    `dead`: later searches pass them by until a chain moves something."""
    if start in dead:
        return None
    owner = state.owner
    parent = {start: None}
    heap = [(hops.get(start, FAR), 0, start)]
    popped = 0
    while heap and popped < SEARCH and heap[0][0] < FAR:  # the rest lead nowhere free, as last labelled
        row = heapq.heappop(heap)[2]
        popped += 1
        here = state.crew[row][0][0]
        for v, key, p in options(row):
            if v == here or v in protected:
                continue
            holder = owner.get(key)
            if holder is None:
                if state.room(v, row) > 0:
                    moves = [(row, v, p)]
                    while parent[row] is not None:
                        row, v, p = parent[row]
                        moves.append((row, v, p))
                    return moves
            elif holder not in parent and holder not in dead and movable[holder]:
                parent[holder] = (row, v, p)
                heapq.heappush(heap, (hops.get(holder, FAR), len(parent), holder))
    dead.update(parent)
    return None


def _apply(state: State, moves: list) -> list:
    """Make the moves in order (each into a half-day the one before has left); returns the moves undoing them."""
    undo = []
    for row, v, p in moves:
        (before,), before_part = state.drop(row)
        state.add(row, (v,), p)
        undo.append((row, before, before_part))
    return undo[::-1]
