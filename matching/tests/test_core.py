"""The matching core against an independent reference: hard constraints checked from the specs, and small
instances whose optimum is found by trying every assignment."""

import itertools
import math
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import core
from matching.core import EVENING, PRIORITY, NeedSpec, VolunteerSpec, explain_unserved, greedy, match, week_of

MONDAY = 739_950  # 2026-11-30


def km(need: NeedSpec, vol: VolunteerSpec) -> float:
    return math.hypot(need.x - vol.x, need.y - vol.y)


def parts_for(need: NeedSpec, vol: VolunteerSpec) -> list[int]:
    """The half-days the volunteer could serve in: free in the week and not taken by a task held that day."""
    weekday = (need.day - 1) % 7
    parts = [need.part] if need.part is not None else [0, 1, 2]
    return [
        part
        for part in parts
        if not (vol.minor and part == EVENING) and weekday * 3 + part in vol.slots and (need.day, part) not in vol.busy
    ]


def allowed(need: NeedSpec, vol: VolunteerSpec) -> bool:
    """Every hard constraint, written out again from the specs."""
    qualified = need.qualification is None or (
        need.qualification in vol.qualifications and (vol.qualifications[need.qualification] or math.inf) >= need.day
    )
    return (
        need.skills <= vol.skills
        and qualified
        and (need.language is None or need.language in vol.languages)
        and (not need.gender or need.gender == vol.sex)
        and (not vol.minor or (need.minors_ok and need.part != EVENING))
        and km(need, vol) <= need.max_km
        and parts_for(need, vol)
        and vol.capacity - vol.held.get(week_of(need.day), 0) > 0
        and vol.id not in need.declined
    )


def check_proposals(needs, vols, proposals):
    """Hard constraints, weekly capacity and one task per half-day hold for every proposal."""
    by_id = {v.id: v for v in vols}
    need_by_id = {n.id: n for n in needs}
    load: dict[tuple[int, int], int] = {}
    half_days = set()
    assert len({p.need for p in proposals}) == len(proposals)
    for p in proposals:
        need, vol = need_by_id[p.need], by_id[p.volunteer]
        assert allowed(need, vol), (need, vol)
        assert p.part in parts_for(need, vol)
        week = (vol.id, week_of(need.day))
        load[week] = load.get(week, 0) + 1
        assert load[week] + vol.held.get(week[1], 0) <= vol.capacity
        assert (vol.id, need.day, p.part) not in half_days
        half_days.add((vol.id, need.day, p.part))


def cost_of(needs, vols, pairs) -> int:
    """The objective's last tier in metres: travel less soft bonuses plus the convex weekly load."""
    by_id = {v.id: v for v in vols}
    need_by_id = {n.id: n for n in needs}
    weights = core.Weights()
    total = 0
    weeks: dict[tuple[int, int], int] = {}
    for need_id, vol_id in pairs:
        need, vol = need_by_id[need_id], by_id[vol_id]
        total += round(km(need, vol) * 1000)
        total -= weights.previous * (need.previous == vol.id)
        total -= weights.served * (need.recipient in vol.served)
        total -= weights.field * (need.field in vol.fields)
        total -= weights.team * bool(need.teams & vol.teams)
        week = (vol.id, week_of(need.day))
        total += (vol.held.get(week[1], 0) + weeks.get(week, 0)) * weights.load_step
        weeks[week] = weeks.get(week, 0) + 1
    return total


def rank(needs, pairs):
    """Most served first, then most of crisis or above, urgent or above, normal or above."""
    served = [n for n in needs if n.id in {need for need, _ in pairs}]
    return (len(served), *(sum(n.priority >= level for n in served) for level in (3, 2, 1)))


def brute_force(needs, vols):
    """Every assignment (each need to one allowed volunteer in one of their free half-days, or to nobody)
    that respects capacity and half-days; the best by rank, then by cost."""
    by_id = {v.id: v for v in vols}
    options = [[None] + [(v.id, part) for v in vols if allowed(n, v) for part in parts_for(n, v)] for n in needs]
    best = None
    for choice in itertools.product(*options):
        placed = [(n, c) for n, c in zip(needs, choice, strict=True) if c is not None]
        pairs = [(n.id, vol_id) for n, (vol_id, _part) in placed]
        weeks: dict = {}
        half_days = set()
        ok = True
        for need, (vol_id, part) in placed:
            vol = by_id[vol_id]
            week = (vol_id, week_of(need.day))
            weeks[week] = weeks.get(week, 0) + 1
            half_day = (vol_id, need.day, part)
            if weeks[week] + vol.held.get(week[1], 0) > vol.capacity or half_day in half_days:
                ok = False
                break
            half_days.add(half_day)
        if ok:
            key = (tuple(-x for x in rank(needs, pairs)), cost_of(needs, vols, pairs))
            best = key if best is None or key < best else best
    return best


def random_instance(rng: random.Random, needs: int, vols: int, spread: float = 6.0):
    volunteers = [
        VolunteerSpec(
            id=100 + i,
            x=rng.uniform(0, spread),
            y=rng.uniform(0, spread),
            sex=rng.choice("MF"),
            minor=rng.random() < 0.15,
            skills=frozenset(rng.sample(range(4), rng.randint(1, 2))),
            languages=frozenset(rng.sample([1, 2], rng.randint(1, 2))),
            fields=frozenset({rng.randrange(3)}),
            teams=frozenset({rng.randrange(3)}),
            qualifications={7: rng.choice([None, MONDAY - 1, MONDAY + 30])} if rng.random() < 0.4 else {},
            slots=frozenset(rng.sample(range(21), rng.randint(3, 15))),
            capacity=rng.randint(1, 3),
            held={week_of(MONDAY): 1} if rng.random() < 0.3 else {},
            served=frozenset({rng.randrange(needs)}) if rng.random() < 0.3 else frozenset(),
            busy=frozenset({(MONDAY + rng.randrange(3), rng.randrange(3))}) if rng.random() < 0.3 else frozenset(),
        )
        for i in range(vols)
    ]
    wanted = [
        NeedSpec(
            id=i,
            x=rng.uniform(0, spread),
            y=rng.uniform(0, spread),
            day=MONDAY + rng.randrange(3),
            part=rng.choice([0, 1, 2, None, None]),
            skills=frozenset(rng.sample(range(4), rng.randint(0, 1))),
            qualification=7 if rng.random() < 0.2 else None,
            language=rng.choice([None, None, 1, 2]),
            gender=rng.choice(["", "", "M", "F"]),
            minors_ok=rng.random() < 0.5,
            max_km=rng.choice([3.0, 5.0, 8.0]),
            priority=rng.choice(list(PRIORITY.values())),
            recipient=i,
            field=rng.randrange(3),
            teams=frozenset({rng.randrange(3)}) if rng.random() < 0.3 else frozenset(),
            declined=frozenset({100 + rng.randrange(vols)}) if rng.random() < 0.3 else frozenset(),
        )
        for i in range(needs)
    ]
    return wanted, volunteers


def test_it_finds_the_brute_force_optimum_on_small_instances():
    rng = random.Random(20261129)
    checked = 0
    for _ in range(60):
        needs, vols = random_instance(rng, rng.randint(1, 5), rng.randint(1, 4), spread=4.0)
        result = match(needs, vols)
        check_proposals(needs, vols, result.proposals)
        pairs = [(p.need, p.volunteer) for p in result.proposals]
        assert (tuple(-x for x in rank(needs, pairs)), cost_of(needs, vols, pairs)) == brute_force(needs, vols)
        checked += bool(pairs)
    assert checked > 30  # most instances serve someone, so the comparison is not empty


def test_one_scarce_volunteer_serves_the_crisis_even_when_two_normal_needs_arrived_first():
    helper = VolunteerSpec(id=1, x=0, y=0, skills=frozenset({1}), slots=frozenset({0}), capacity=1)
    needs = [
        NeedSpec(id=10, x=1, y=0, day=MONDAY, part=0, skills=frozenset({1}), priority=PRIORITY["normal"]),
        NeedSpec(id=11, x=5, y=0, day=MONDAY, part=0, skills=frozenset({1}), priority=PRIORITY["crisis"]),
    ]
    result = match(needs, [helper])
    assert [p.need for p in result.proposals] == [11]
    assert result.unserved == [10]


def test_optimal_serves_more_than_greedy_when_the_nearest_choice_blocks_another_need():
    # Need 1 arrives first and takes the volunteer who is the only one need 2 can use.
    a = VolunteerSpec(id=1, x=0, y=0, skills=frozenset({1, 2}), slots=frozenset({0}))
    b = VolunteerSpec(id=2, x=3, y=0, skills=frozenset({1}), slots=frozenset({0}))
    needs = [
        NeedSpec(id=1, x=0.1, y=0, day=MONDAY, part=0, skills=frozenset({1})),
        NeedSpec(id=2, x=0.2, y=0, day=MONDAY, part=0, skills=frozenset({2})),
    ]
    assert greedy(needs, [a, b]).served == 1
    best = match(needs, [a, b])
    assert best.served == 2
    assert {(p.need, p.volunteer) for p in best.proposals} == {(1, 2), (2, 1)}


def test_a_volunteer_who_declined_is_never_proposed_for_that_need():
    near = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({0}), capacity=3)
    far = VolunteerSpec(id=2, x=9, y=0, slots=frozenset({0}), capacity=3)
    need = NeedSpec(id=5, x=0, y=0, day=MONDAY, part=0, declined=frozenset({1}))
    assert [(p.need, p.volunteer) for p in match([need], [near, far]).proposals] == [(5, 2)]
    alone = match([need], [near])
    assert alone.proposals == [] and alone.unserved == [5]


def test_a_recurring_need_keeps_its_volunteer_until_a_constraint_breaks():
    # The nearer volunteer is free only in the first two weeks; the farther one every week.
    weekdays = [MONDAY + 7 * w for w in range(4)]
    steady = VolunteerSpec(id=1, x=4, y=0, slots=frozenset({0}), capacity=1)
    near = VolunteerSpec(id=2, x=1, y=0, slots=frozenset({0}), capacity=1, held={week_of(weekdays[2]): 1})
    needs = [NeedSpec(id=w, x=0, y=0, day=day, part=0, series=99) for w, day in enumerate(weekdays)]
    volunteers = [p.volunteer for p in sorted(match(needs, [steady, near]).proposals, key=lambda p: p.day)]
    # Week 1 takes the nearest; it stays through week 2, moves when the volunteer is full in week 3, and
    # keeps the new one in week 4 though the first is free again.
    assert volunteers == [2, 2, 1, 1]


def test_same_input_gives_the_same_proposals():
    rng = random.Random(7)
    needs, vols = random_instance(rng, 40, 60, spread=10)
    first = [(p.need, p.volunteer, p.part) for p in match(needs, vols).proposals]
    again = [(p.need, p.volunteer, p.part) for p in match(list(needs), list(vols)).proposals]
    assert first == again and first


def test_an_unserved_need_names_the_filter_that_left_no_one():
    speaker = VolunteerSpec(id=1, x=30, y=0, skills=frozenset({3}), languages=frozenset({1}), slots=frozenset({3}))
    barber = VolunteerSpec(id=2, x=2, y=0, skills=frozenset({3}), languages=frozenset({2}), slots=frozenset({3}))
    # Tuesday morning, a haircut (skill 3) in Mongolian (language 1) within 15 km.
    need = NeedSpec(id=8, x=0, y=0, day=MONDAY + 1, part=0, skills=frozenset({3}), language=1, max_km=15)
    result = match([need], [speaker, barber])
    assert result.unserved == [8]
    pool = core.Pool([speaker, barber])
    why = explain_unserved(pool, [need])[8]
    assert why["reason"] == "distance"
    assert dict(why["counts"])["language"] == 1 and dict(why["counts"])["distance"] == 0


def test_a_need_whose_candidates_went_to_others_is_explained_as_taken():
    one = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({0}), capacity=1)
    needs = [NeedSpec(id=1, x=0, y=0, day=MONDAY, part=0, priority=3), NeedSpec(id=2, x=0, y=0, day=MONDAY, part=0)]
    result = match(needs, [one])
    assert result.unserved == [2]
    assert explain_unserved(core.Pool([one]), [needs[1]])[2]["reason"] == "taken"


def test_a_minor_never_gets_an_evening_task_or_one_not_marked_suitable():
    minor = VolunteerSpec(id=1, x=0, y=0, minor=True, slots=frozenset(range(21)), capacity=3)
    needs = [
        NeedSpec(id=1, x=0, y=0, day=MONDAY, part=EVENING, minors_ok=True),
        NeedSpec(id=2, x=0, y=0, day=MONDAY, part=0, minors_ok=False),
        NeedSpec(id=3, x=0, y=0, day=MONDAY, part=None, minors_ok=True),
    ]
    result = match(needs, [minor])
    assert [(p.need, p.part) for p in result.proposals] == [(3, 0)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), needs=st.integers(1, 25), vols=st.integers(1, 25), spread=st.floats(2, 20))
def test_every_proposal_keeps_every_hard_constraint_and_serves_at_least_greedys_count(seed, needs, vols, spread):
    wanted, volunteers = random_instance(random.Random(seed), needs, vols, spread)
    result = match(wanted, volunteers)
    check_proposals(wanted, volunteers, result.proposals)
    assert sorted([p.need for p in result.proposals] + result.unserved) == sorted(n.id for n in wanted)
    baseline = greedy(wanted, volunteers)
    check_proposals(wanted, volunteers, baseline.proposals)
    assert result.served >= baseline.served
    assert rank(wanted, [(p.need, p.volunteer) for p in result.proposals]) >= rank(
        wanted, [(p.need, p.volunteer) for p in baseline.proposals]
    )


def test_offers_go_by_field_area_validity_and_capacity_narrowest_area_first():
    from matching.core import OfferNeed, OfferSpec, assign_offers

    county, town = "/15/1505/150521/", "/15/1505/150521/001/"
    offers = [
        OfferSpec(id=1, field=5, area=county, remaining=1),
        OfferSpec(id=2, field=5, area=town, remaining=1),
        OfferSpec(id=3, field=6, area=county, valid_until=MONDAY - 1),
    ]
    needs = [
        OfferNeed(id=10, field=5, place=town + "07/", day=MONDAY),
        OfferNeed(id=11, field=5, place="/15/1505/150521/002/", day=MONDAY),
        OfferNeed(id=12, field=5, place=town, day=MONDAY, priority=0),
        OfferNeed(id=13, field=6, place=town, day=MONDAY),
        OfferNeed(id=14, field=None, place=town, day=MONDAY),
    ]
    # The town need takes the town offer, so the county offer is left for the need outside the town;
    # the third field-5 need finds both used up, field 6 has expired, and a need without a field gets nothing.
    assert assign_offers(needs, offers) == {10: 2, 11: 1}


def test_widening_follows_alternating_paths_beyond_the_need_left_out():
    # A's three nearest are the only helpers of B, C and D; A must move to the farther v4 for all to be served.
    def helper(id_, x, skills):
        return VolunteerSpec(id=id_, x=x, y=0, skills=frozenset(skills), slots=frozenset({0}), capacity=1)

    vols = [helper(1, 1, {1}), helper(2, 1.1, {2}), helper(3, 1.2, {3}), helper(4, 5, set())]
    needs = [
        NeedSpec(id=10, x=0, y=0, day=MONDAY, part=0),
        NeedSpec(id=11, x=1, y=0, day=MONDAY, part=0, skills=frozenset({1})),
        NeedSpec(id=12, x=1, y=0, day=MONDAY, part=0, skills=frozenset({2})),
        NeedSpec(id=13, x=1, y=0, day=MONDAY, part=0, skills=frozenset({3})),
    ]
    assert match(needs, vols, k=3).served == 4
    pool = core.Pool(vols)
    assert core.solve(pool, core.Needs(needs, pool), 3, widen=False).served == 3
