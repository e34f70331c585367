"""Half-days in the matching core: needs with no time of day may use any free half-day of the volunteer's day,
and a half-day taken by a task already held is never given again."""

import random

from matching import core
from matching.core import NeedSpec, VolunteerSpec, greedy, match
from matching.tests.test_core import MONDAY, brute_force, check_proposals, cost_of, random_instance, rank

TUESDAY = MONDAY + 1


def test_a_volunteer_free_all_day_takes_one_any_time_need_in_each_free_half_day():
    # Free Monday morning, afternoon and evening, three tasks a week: three "any time that day" needs fit.
    all_day = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({0, 1, 2}), capacity=3)
    needs = [NeedSpec(id=i, x=0.1 * i, y=0, day=MONDAY, part=None) for i in range(3)]
    result = match(needs, [all_day])
    assert result.served == 3 and result.unserved == []
    assert sorted(p.part for p in result.proposals) == [0, 1, 2]
    check_proposals(needs, [all_day], result.proposals)


def test_any_time_needs_leave_the_half_day_a_timed_need_cannot_do_without():
    # The afternoon need can only go to the afternoon; the two any-time needs take the morning and evening.
    all_day = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({0, 1, 2}), capacity=3)
    needs = [
        NeedSpec(id=1, x=0, y=0, day=MONDAY, part=None),
        NeedSpec(id=2, x=0, y=0, day=MONDAY, part=None),
        NeedSpec(id=3, x=0, y=0, day=MONDAY, part=1),
    ]
    result = match(needs, [all_day])
    assert {(p.need, p.part) for p in result.proposals if p.need == 3} == {(3, 1)}
    assert sorted(p.part for p in result.proposals) == [0, 1, 2]


def test_a_minor_free_all_day_takes_any_time_needs_in_the_morning_and_afternoon_only():
    minor = VolunteerSpec(id=1, x=0, y=0, minor=True, slots=frozenset({0, 1, 2}), capacity=3)
    needs = [NeedSpec(id=i, x=0, y=0, day=MONDAY, part=None, minors_ok=True) for i in range(3)]
    result = match(needs, [minor])
    assert sorted(p.part for p in result.proposals) == [0, 1] and len(result.unserved) == 1


def test_any_time_needs_are_served_as_the_brute_force_optimum_serves_them():
    # Every need any time that day, few volunteers free most of it: the shape the first core served badly.
    rng = random.Random(1311)
    for _ in range(40):
        vols = [
            VolunteerSpec(
                id=100 + v,
                x=rng.uniform(0, 3),
                y=rng.uniform(0, 3),
                slots=frozenset(rng.sample(range(6), rng.randint(2, 5))),
                capacity=rng.randint(1, 3),
                busy=frozenset({(MONDAY, rng.randrange(3))}) if rng.random() < 0.3 else frozenset(),
            )
            for v in range(rng.randint(1, 2))
        ]
        needs = [
            NeedSpec(id=i, x=rng.uniform(0, 3), y=rng.uniform(0, 3), day=MONDAY + rng.randrange(2), part=None)
            for i in range(rng.randint(1, 5))
        ]
        result = match(needs, vols)
        check_proposals(needs, vols, result.proposals)
        pairs = [(p.need, p.volunteer) for p in result.proposals]
        assert (tuple(-x for x in rank(needs, pairs)), cost_of(needs, vols, pairs)) == brute_force(needs, vols)


def test_a_half_day_taken_by_a_held_task_is_never_proposed_again():
    # Volunteer 1 holds Tuesday morning from an earlier run; the Tuesday-morning need goes to volunteer 2.
    holder = VolunteerSpec(
        id=1, x=0, y=0, slots=frozenset({3, 4}), capacity=3, held={core.week_of(TUESDAY): 1}, busy={(TUESDAY, 0)}
    )
    other = VolunteerSpec(id=2, x=5, y=0, slots=frozenset({3}), capacity=1)
    morning = NeedSpec(id=1, x=0, y=0, day=TUESDAY, part=0)
    result = match([morning], [holder, other])
    assert [(p.need, p.volunteer) for p in result.proposals] == [(1, 2)]
    # Without the held task the nearer volunteer is chosen.
    free = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({3, 4}), capacity=3)
    assert [p.volunteer for p in match([morning], [free, other]).proposals] == [1]


def test_an_any_time_need_goes_around_the_held_half_day():
    holder = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({3, 4}), capacity=3, busy={(TUESDAY, 0)})
    needs = [NeedSpec(id=1, x=0, y=0, day=TUESDAY, part=None), NeedSpec(id=2, x=0, y=0, day=TUESDAY, part=None)]
    result = match(needs, [holder])
    assert [p.part for p in result.proposals] == [1] and len(result.unserved) == 1
    assert greedy(needs, [holder]).proposals[0].part == 1


def test_a_held_half_day_is_the_reason_when_it_was_the_only_one():
    holder = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({3}), capacity=3, busy={(TUESDAY, 0)})
    need = NeedSpec(id=1, x=0, y=0, day=TUESDAY, part=None)
    assert match([need], [holder]).unserved == [1]
    assert core.explain_unserved(core.Pool([holder]), [need])[1]["reason"] == "time"


def test_the_same_instances_with_held_half_days_match_the_brute_force_optimum():
    rng = random.Random(2026113)
    for _ in range(40):
        needs, vols = random_instance(rng, rng.randint(1, 4), rng.randint(1, 3), spread=4.0)
        result = match(needs, vols)
        check_proposals(needs, vols, result.proposals)
        pairs = [(p.need, p.volunteer) for p in result.proposals]
        assert (tuple(-x for x in rank(needs, pairs)), cost_of(needs, vols, pairs)) == brute_force(needs, vols)


def test_needs_of_any_time_compete_with_timed_needs_for_the_half_days_of_one_day():
    # Morning and afternoon are asked for by timed needs; two needs of any time share the evening left.
    all_day = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({0, 1, 2}), capacity=3)
    needs = [
        NeedSpec(id=1, x=0, y=0, day=MONDAY, part=0, priority=3),
        NeedSpec(id=2, x=0, y=0, day=MONDAY, part=1, priority=3),
        NeedSpec(id=3, x=0, y=0, day=MONDAY, part=None),
        NeedSpec(id=4, x=0.5, y=0, day=MONDAY, part=None),
    ]
    result = match(needs, [all_day])
    assert sorted((p.need, p.part) for p in result.proposals) == [(1, 0), (2, 1), (3, 2)]
    assert result.unserved == [4]


def test_short_candidate_lists_reach_the_full_graphs_optimum_once_widened_and_certified():
    # Lists of two: the flow on them alone often travels further than it must; widening where a need was
    # left out, and with `certify` pricing the volunteers beyond the cut, reaches the full graph's optimum.
    rng = random.Random(4242)
    cheaper_with_everyone = 0
    for _ in range(40):
        wanted, vols = random_instance(rng, 15, 12, spread=8.0)
        pool = core.Pool(vols)
        needs = core.Needs(wanted, pool)
        full = core.solve_edges(pool, needs, core.candidates(pool, needs, None))
        result = core.solve(pool, needs, 2, certify=True)
        assert (result.served, result.cost) == (full.served, full.cost)
        check_proposals(wanted, vols, result.proposals)
        cut = core.solve(pool, needs, 2, widen=False)
        cheaper_with_everyone += (cut.served, -cut.cost) < (full.served, -full.cost)
    assert cheaper_with_everyone > 5


def test_pricing_to_a_gap_proves_a_lower_bound_on_the_full_graphs_least_cost():
    # Lists of two, priced until the column-generation bound proves the cost within 1% of the full graph's
    # least: the bound lies at or below that least, and the cost within 1% of the bound. Some instances stop
    # before the optimum (the bound proved enough), some reach it (no arc beyond the lists is negative).
    rng = random.Random(777)
    stopped_early = reached = 0
    for _ in range(40):
        wanted, vols = random_instance(rng, 15, 12, spread=8.0)
        pool = core.Pool(vols)
        needs = core.Needs(wanted, pool)
        full = core.solve_edges(pool, needs, core.candidates(pool, needs, None))
        result = core.solve(pool, needs, 2, gap=0.01)
        check_proposals(wanted, vols, result.proposals)
        assert result.served == full.served
        if result.bound is None:  # nothing served, or every list whole: nothing to price
            assert result.cost == full.cost
            continue
        assert result.bound <= full.cost <= result.cost <= result.bound + 0.01 * abs(result.bound)
        stopped_early += result.cost > full.cost
        reached += result.cost == full.cost
    assert stopped_early and reached
