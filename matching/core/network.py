"""The candidate graph as a flow network, the half-days of a solved flow, and the pruning of candidates no
optimal solution needs.

A volunteer does at most one task per half-day and at most their capacity per week. A need names a half-day,
or any time of its day; a need of any time may take any half-day the volunteer is free that day (a task
already held takes that half-day). So the layers are: need → (volunteer, day) for needs of any time →
(volunteer, half-day) → (volunteer, week) → sink, the last with the convex load cost.

Nodes that cannot bind are left out, which keeps the graph near the size of the candidate list:
- an edge with one half-day open (a need that names it, or a volunteer free only once that day) goes
  straight to that half-day;
- a (volunteer, day) with at least as many half-days that no timed need asks for as needs of any time that
  list it: those needs can all go to such half-days, which bind nothing else, so they go straight to the week;
- a half-day or a week that only one arc reaches: that arc goes on to the next layer with the same cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.core.arrays import Needs, Pool, pair_keys
from matching.core.candidates import Edges, edge_parts, lowest_part, soft_terms
from matching.core.specs import PARTS, Weights, week_of


def _popcount3(mask: np.ndarray) -> np.ndarray:
    return (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1)


@dataclass
class Network:
    """The candidate graph as flow arcs (capacity 1 each, cost in metres), all but the source's. The first
    len(edges) arcs are the candidates, in order; the next `day_arcs` go from (volunteer, day) nodes to
    half-days."""

    nodes: int
    tails: np.ndarray
    heads: np.ndarray
    metres: np.ndarray
    soft: dict
    single_part: np.ndarray  # per edge: its one half-day, or -1 for an edge through its day's group
    group: np.ndarray  # per edge: its (volunteer, day) group, or -1
    offered_group: np.ndarray  # the half-days a group hands out: group, part, and whether it is an arc
    offered_part: np.ndarray
    offered_arc: np.ndarray  # index among the day arcs, or -1 for a half-day no timed need asks for
    day_arcs: int
    week_keys: np.ndarray  # (volunteer, week) pairs in the graph, sorted
    week_target: np.ndarray  # the node each week's arcs reach (the sink for a week reached once)
    week_entry: np.ndarray  # the load cost paid on the way into the sink for a week reached once

    def parts(self, used: np.ndarray, day_arc_used: np.ndarray) -> np.ndarray:
        """The half-day of each edge the flow uses (-1 for the others). Needs of one (volunteer, day) group
        are interchangeable, so each takes the next half-day the group hands out."""
        parts = np.where(used, self.single_part, -1)
        through = np.flatnonzero(used & (self.group >= 0))
        if not len(through):
            return parts
        offered = np.append(day_arc_used, True)[self.offered_arc]  # -1, the last: no arc, always handed out
        groups, parts_offered = self.offered_group[offered], self.offered_part[offered]
        # `offered_*` are sorted by group; the i-th used edge of a group takes the group's i-th half-day.
        through = through[np.argsort(self.group[through], kind="stable")]
        group = self.group[through]
        first = np.searchsorted(group, group, side="left")
        rank = np.arange(len(through)) - first
        parts[through] = parts_offered[np.searchsorted(groups, group, side="left") + rank]
        return parts


def network(pool: Pool, needs: Needs, edges: Edges, weights: Weights) -> Network:
    n, sink = needs.size, 1
    free = edge_parts(pool, needs, edges)
    single = (free & (free - 1)) == 0
    day = needs.day[edges.need]
    vol = edges.volunteer

    # Half-days asked for by single edges.
    single_rows = np.flatnonzero(single)
    single_part = np.where(single, lowest_part(free), -1)
    single_slot = pair_keys(vol[single_rows], day[single_rows] * PARTS + single_part[single_rows])

    # (volunteer, day) groups of the needs of any time that have a choice.
    flexible = np.flatnonzero(~single)
    day_keys, group_of_flexible, group_inflow = np.unique(
        pair_keys(vol[flexible], day[flexible]), return_inverse=True, return_counts=True
    )
    group_of_flexible = group_of_flexible.ravel()
    group = np.full(len(edges.need), -1)
    group[flexible] = group_of_flexible
    group_mask = np.zeros(len(day_keys), np.int64)
    group_mask[group_of_flexible] = free[flexible]
    group_vol, group_day = day_keys >> 32, day_keys & 0xFFFFFFFF
    # Every half-day of every group, sorted by group then part.
    offered_group = np.concatenate([np.flatnonzero((group_mask >> p) & 1) for p in range(PARTS)])
    offered_part = np.concatenate([np.full(int(((group_mask >> p) & 1).sum()), p) for p in range(PARTS)])
    order = np.lexsort((offered_part, offered_group))
    offered_group, offered_part = offered_group[order], offered_part[order]
    offered_slot = pair_keys(group_vol[offered_group], group_day[offered_group] * PARTS + offered_part)
    exclusive = ~np.isin(offered_slot, single_slot)
    collapsed = np.bincount(offered_group[exclusive], minlength=len(day_keys)) >= group_inflow
    # A collapsed group hands out its exclusive half-days; the others go through a node and day arcs.
    keep = exclusive | ~collapsed[offered_group]
    offered_group, offered_part, offered_slot = offered_group[keep], offered_part[keep], offered_slot[keep]
    arc_rows = np.flatnonzero(~collapsed[offered_group])
    offered_arc = np.full(len(offered_group), -1)
    offered_arc[arc_rows] = np.arange(len(arc_rows))

    # Half-day nodes: reached by single edges and day arcs; one reached only once needs no node.
    arriving_slot = np.concatenate([single_slot, offered_slot[arc_rows]])
    slots, slot_of_arriving, slot_inflow = np.unique(arriving_slot, return_inverse=True, return_counts=True)
    slot_of_arriving = slot_of_arriving.ravel()
    shared_slot = slot_inflow >= 2

    # What reaches each week: collapsed edges, unshared half-days and half-day nodes.
    collapsed_edges = flexible[collapsed[group_of_flexible]]
    to_week = np.concatenate(
        [
            pair_keys(vol[collapsed_edges], week_of(day[collapsed_edges])),
            (arriving_slot >> 32)[~shared_slot[slot_of_arriving]] << 32
            | week_of((arriving_slot & 0xFFFFFFFF)[~shared_slot[slot_of_arriving]] // PARTS),
            (slots[shared_slot] >> 32) << 32 | week_of((slots[shared_slot] & 0xFFFFFFFF) // PARTS),
        ]
    )
    weeks, week_of_arc, week_inflow = np.unique(to_week, return_inverse=True, return_counts=True)
    week_of_arc = week_of_arc.ravel()
    week_volunteer = weeks >> 32
    held = pool.held(week_volunteer, weeks & 0xFFFFFFFF)
    room = np.minimum(pool.capacity[week_volunteer] - held, week_inflow)
    shared_week = week_inflow >= 2
    # An unshared week's one task costs its load step on the way to the sink.
    entry = np.where(shared_week, 0, held * weights.load_step)

    base = 2 + n
    week_node = np.full(len(weeks), sink)
    week_node[shared_week] = base + np.arange(shared_week.sum())
    base += int(shared_week.sum())
    uncollapsed_groups = np.flatnonzero(~collapsed)
    group_node = np.full(len(day_keys), -1)
    group_node[uncollapsed_groups] = base + np.arange(len(uncollapsed_groups))
    base += len(uncollapsed_groups)
    slot_node = np.full(len(slots), -1)
    slot_node[shared_slot] = base + np.arange(shared_slot.sum())
    base += int(shared_slot.sum())

    # The week of each arc that reaches the week layer, in the order of `to_week`.
    c, u = len(collapsed_edges), int((~shared_slot[slot_of_arriving]).sum())
    week_of_collapsed, week_of_unshared = week_of_arc[:c], week_of_arc[c : c + u]
    week_of_slot_node = week_of_arc[c + u :]
    # Heads of the arcs that arrive at half-days (single edges first, then day arcs).
    arriving_week = np.full(len(arriving_slot), -1)
    arriving_week[~shared_slot[slot_of_arriving]] = week_of_unshared
    arriving_head = np.where(
        shared_slot[slot_of_arriving], slot_node[slot_of_arriving], week_node[arriving_week.clip(min=0)]
    )
    arriving_metres = np.where(shared_slot[slot_of_arriving], 0, entry[arriving_week.clip(min=0)])

    soft = soft_terms(pool, needs, edges)
    bonus = (
        weights.previous * soft["previous"]
        + weights.served * soft["served"]
        + weights.field * soft["field"]
        + weights.team * soft["team"]
    )
    edge_head = np.zeros(len(edges.need), np.int64)
    edge_extra = np.zeros(len(edges.need), np.int64)
    s = len(single_rows)
    edge_head[single_rows], edge_extra[single_rows] = arriving_head[:s], arriving_metres[:s]
    edge_head[collapsed_edges] = week_node[week_of_collapsed]
    edge_extra[collapsed_edges] = entry[week_of_collapsed]
    through_group = flexible[~collapsed[group_of_flexible]]
    edge_head[through_group] = group_node[group[through_group]]
    edge_metres = np.rint(edges.km * 1000).astype(np.int64) - bonus + edge_extra

    # The j-th task (from 0) of a shared week with m already held costs (m + j) × load_step.
    rooms = np.where(shared_week, room, 0).clip(min=0)
    load_week = np.repeat(np.arange(len(weeks)), rooms)
    load_rank = np.arange(len(load_week)) - np.repeat(np.cumsum(rooms) - rooms, rooms)
    return Network(
        nodes=base,
        tails=np.concatenate(
            [2 + edges.need, group_node[offered_group[arc_rows]], slot_node[shared_slot], week_node[load_week]]
        ),
        heads=np.concatenate(
            [edge_head, arriving_head[s:], week_node[week_of_slot_node], np.full(len(load_week), sink)]
        ),
        metres=np.concatenate(
            [
                edge_metres,
                arriving_metres[s:],
                entry[week_of_slot_node],
                (held[load_week] + load_rank) * weights.load_step,
            ]
        ),
        soft=soft,
        single_part=single_part,
        group=group,
        offered_group=offered_group,
        offered_part=offered_part,
        offered_arc=offered_arc,
        day_arcs=len(arc_rows),
        week_keys=weeks,
        week_target=week_node,
        week_entry=entry,
    )


def prune(pool: Pool, needs: Needs, edges: Edges, weights: Weights) -> Edges:
    """Drop candidates no optimal solution needs.

    A volunteer-week is free when the volunteer has room for every need that lists them that week and can
    take all of them at once: each day, the needs that name a half-day name different ones, and the needs
    of any time fit in the half-days left. If a need's candidate costs, at best, more than a free volunteer
    of the same need at worst (travel less bonuses, plus the load cost of the last task the free volunteer
    could take), any solution using it can move the need to the free volunteer at no loss, with the same
    needs served. So the candidate goes, and the flow gets smaller.
    """
    if not len(edges.need):
        return edges
    free = edge_parts(pool, needs, edges)
    single = (free & (free - 1)) == 0
    days, day_of_edge = np.unique(pair_keys(edges.volunteer, needs.day[edges.need]), return_inverse=True)
    day_of_edge = day_of_edge.ravel()
    fixed = np.zeros(len(days), np.int64)
    np.bitwise_or.at(fixed, day_of_edge[single], free[single])
    fixed_count = np.bincount(day_of_edge[single], minlength=len(days))
    anytime = np.zeros(len(days), np.int64)
    np.bitwise_or.at(anytime, day_of_edge[~single], free[~single])
    anytime_count = np.bincount(day_of_edge[~single], minlength=len(days))
    crowded_day = (fixed_count > _popcount3(fixed)) | (anytime_count > _popcount3(anytime & ~fixed))

    weeks, week_of_edge, week_inflow = np.unique(
        pair_keys(edges.volunteer, needs.week[edges.need]), return_inverse=True, return_counts=True
    )
    week_of_edge = week_of_edge.ravel()
    held = pool.held(weeks >> 32, weeks & 0xFFFFFFFF)
    crowded = np.zeros(len(weeks), bool)
    np.logical_or.at(crowded, week_of_edge, crowded_day[day_of_edge])
    free_week = ~crowded & (pool.capacity[weeks >> 32] - held >= week_inflow)
    soft = soft_terms(pool, needs, edges)
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
    taken_free = free_week[week_of_edge]
    np.minimum.at(limit, edges.need[taken_free], at_worst[taken_free])
    keep = at_best <= limit[edges.need]
    return Edges(edges.need[keep], edges.volunteer[keep], edges.km[keep])
