"""The candidate graph: for each need, the nearest volunteers who pass every hard filter, and the soft terms
of each pair."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.core.arrays import Needs, Pool, feasible, free_parts, pair_keys
from matching.core.specs import DEFAULT_K


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
        if k is None:
            parts.extend(_everyone(pool, needs, rows, members, tree))
            continue
        reach = float(needs.max_km[rows].max())
        width = min(len(members), max(2 * k, 8))
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


def _everyone(pool: Pool, needs: Needs, rows: np.ndarray, members: np.ndarray, tree, batch_rows: int = 2_000):
    """Every feasible volunteer within each need's reach, by a ball search: asking the tree for all its
    points by distance sorted each whole tree per need (the widening of scarce instances spent minutes so)."""
    for start in range(0, len(rows), batch_rows):
        batch = rows[start : start + batch_rows]
        hits = tree.query_ball_point(needs.xy[batch], needs.max_km[batch], workers=-1 if len(batch) > 200 else 1)
        sizes = np.fromiter((len(h) for h in hits), np.int64, len(hits))
        if not sizes.sum():
            continue
        need = np.repeat(batch, sizes)
        vols = members[np.concatenate([np.asarray(h, np.int64) for h in hits if len(h)])]
        km = np.hypot(*(pool.xy[vols] - needs.xy[need]).T)
        ok = feasible(pool, needs, need, vols[:, None], km[:, None]).ravel()
        yield need[ok], vols[ok], km[ok]


def edge_parts(pool: Pool, needs: Needs, edges: Edges) -> np.ndarray:
    """The half-days each edge could use, as a 3-bit mask of parts (see `free_parts`)."""
    return free_parts(pool, needs, edges.need, edges.volunteer)


def lowest_part(mask: np.ndarray) -> np.ndarray:
    return np.where(mask & 1, 0, np.where(mask & 2, 1, 2))


def soft_terms(pool: Pool, needs: Needs, edges: Edges) -> dict[str, np.ndarray]:
    rows, vols = edges.need, edges.volunteer
    previous = needs.previous[rows] == vols
    recipient = needs.recipient[rows]
    served = (recipient >= 0) & np.isin(pair_keys(vols, recipient.clip(min=0)), pool.served_keys)
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
            in_team |= has & np.isin(pair_keys(vols, team), pool.team_keys)
    return {"previous": previous, "served": served, "field": preferred, "team": in_team}
