"""Windows of CP-SAT over the team needs left out (matching/core/lns.py): each team whole, one task a half-day,
and on small instances as many needs served as a brute-force search finds."""

import itertools
import random

import pytest

from matching.core import Needs, NeedSpec, Pool, VolunteerSpec, solve_teams
from matching.core.windows import expand

DAY = 739_950  # a Monday
MORNING, AFTERNOON = frozenset({0}), frozenset({1})


def solved(specs, volunteers, **options):
    """The search's budget is time: a generous one here, so that a loaded machine cannot cut it short. The
    flow of copies (copies.py, tried first on a zone too large) is off: these tests are of the search."""
    pool = Pool(volunteers)
    options = {"windows": 60.0, "copies_flow": False, **options}
    return solve_teams(pool, Needs(expand(specs), pool), zone_edges=0, **options)


def test_a_visit_moves_so_that_a_bath_for_two_can_be_served():
    """The flow gives the visit its nearest volunteer (11, free all day, one task a week); then no half-day has
    two volunteers free for the bath. Moving the visit to 12 serves both; the zone is declared too large for
    one solve here (zone_edges=0), so the chains of lns.py find it, and nothing does without their time."""
    volunteers = [
        VolunteerSpec(id=11, x=0.1, y=0, slots=MORNING | AFTERNOON),
        VolunteerSpec(id=12, x=1.0, y=0, slots=MORNING),
        VolunteerSpec(id=13, x=1.5, y=0, slots=AFTERNOON),
    ]
    visit = NeedSpec(id=1, x=0, y=0, day=DAY)
    bath = NeedSpec(id=2, x=1, y=0, day=DAY, people=2)
    without = solved([visit, bath], volunteers, windows=0.0)
    assert without.served == 1 and without.teams["status"] == "WINDOWS"
    result = solved([visit, bath], volunteers)
    assert result.served == 2 and result.unserved == []
    assert result.teams["windows"]["teams_added"] == 1
    crew = sorted((p.need, p.volunteer, p.part) for p in result.proposals)
    assert crew in ([(1, 12, 0), (2, 11, 1), (2, 13, 1)], [(1, 13, 1), (2, 11, 0), (2, 12, 0)])
    assert result.teams["served"] == 2 <= result.teams["upper_bound"]


def test_a_chain_of_two_moves_frees_a_volunteer_the_zone_could_not():
    """The bath at -1 km reaches 14 (free) and 11 only. 11 holds visit 1, which may move to 12 only if visit
    2 moves from 12 to 13: a chain of two. The zone (the bath and visit 1) is solved exactly, yet keeps visit 2
    fixed, so it serves two; the chains serve all three."""
    volunteers = [
        VolunteerSpec(id=11, x=0.1, y=0, slots=MORNING),
        VolunteerSpec(id=12, x=1.0, y=0, slots=MORNING),
        VolunteerSpec(id=13, x=3.0, y=0, slots=MORNING),
        VolunteerSpec(id=14, x=-1.6, y=0, slots=MORNING),
    ]
    specs = [
        NeedSpec(id=1, x=0, y=0, day=DAY, max_km=1.5),
        NeedSpec(id=2, x=1.1, y=0, day=DAY, max_km=2.0),
        NeedSpec(id=3, x=-1, y=0, day=DAY, max_km=1.2, people=2),
    ]
    pool = Pool(volunteers)
    assert solve_teams(pool, Needs(specs, pool), windows=0.0).served == 2
    result = solve_teams(pool, Needs(specs, pool), windows=60.0)
    assert result.teams["status"] == "OPTIMAL" and result.teams["windows"]["chains"] == 1
    assert sorted((p.need, p.volunteer) for p in result.proposals) == [(1, 12), (2, 13), (3, 11), (3, 14)]
    check(specs, volunteers, result)


def test_a_window_moves_a_team_to_its_afternoon_for_a_team_that_can_only_come_in_the_morning():
    """The greedy gives the bath of any time its cheapest half-day, the morning with 11 and 12; the morning
    bath then finds only 15 free. Chains move no team; a window moves the first bath to 14 and 15 in the
    afternoon, and the morning bath takes 11 and 12."""
    volunteers = [
        VolunteerSpec(id=11, x=0.1, y=0, slots=MORNING),
        VolunteerSpec(id=12, x=0.2, y=0, slots=MORNING),
        VolunteerSpec(id=14, x=1.0, y=0, slots=AFTERNOON),
        VolunteerSpec(id=15, x=1.1, y=0, slots=MORNING | AFTERNOON),
    ]
    specs = [NeedSpec(id=1, x=0, y=0, day=DAY, people=2), NeedSpec(id=2, x=0, y=0, day=DAY, part=0, people=2)]
    assert solved(specs, volunteers, windows=0.0).served == 1
    result = solved(specs, volunteers)
    assert result.served == 2 and result.teams["windows"]["improved"] == 1
    assert sorted((p.need, p.volunteer, p.part) for p in result.proposals) == [
        (1, 14, 1),
        (1, 15, 1),
        (2, 11, 0),
        (2, 12, 0),
    ]
    check(specs, volunteers, result)


def feasible_pairs(spec, volunteer):
    """The half-days in which a volunteer may serve a need of these tests (no skills, all within reach)."""
    if spec.gender and volunteer.sex != spec.gender:
        return []
    parts = [spec.part] if spec.part is not None else [0, 1, 2]
    weekday = (spec.day - 1) % 7
    return [p for p in parts if weekday * 3 + p in volunteer.slots and (spec.day, p) not in volunteer.busy]


def brute_force(specs, volunteers) -> int:
    """The most needs any assignment serves: each team whole in one half-day, one task a half-day, capacity."""
    best = 0

    def place(i, served, taken, load):
        nonlocal best
        best = max(best, served)
        if i == len(specs) or served + len(specs) - i <= best:
            return
        spec = specs[i]
        for p in range(3):
            free = [v for v in volunteers if p in feasible_pairs(spec, v) and (v.id, spec.day, p) not in taken]
            free = [v for v in free if load.get(v.id, 0) < v.capacity]
            for crew in itertools.combinations(free, spec.people):
                more = {(v.id, spec.day, p) for v in crew}
                place(i + 1, served + 1, taken | more, {**load, **{v.id: load.get(v.id, 0) + 1 for v in crew}})
        place(i + 1, served, taken, load)

    place(0, 0, frozenset(), {})
    return best


def check(specs, volunteers, result):
    by_id = {s.id: s for s in specs}
    by_volunteer = {v.id: v for v in volunteers}
    crews, load = {}, {}
    for p in result.proposals:
        crews.setdefault(p.need, []).append(p)
        load[p.volunteer] = load.get(p.volunteer, 0) + 1
        assert p.part in feasible_pairs(by_id[p.need], by_volunteer[p.volunteer])
    for need, crew in crews.items():
        assert len(crew) == by_id[need].people == len({p.volunteer for p in crew}), f"team {need} not whole"
        assert len({p.part for p in crew}) == 1, f"team {need} split over half-days"
    half_days = [(p.volunteer, p.day, p.part) for p in result.proposals]
    assert len(half_days) == len(set(half_days)), "a volunteer with two tasks in one half-day"
    assert all(load[v] <= by_volunteer[v].capacity for v in load), "over a volunteer's weekly capacity"


def random_instance(seed, genders=("",), days=1):
    rng = random.Random(seed)
    volunteers = [
        VolunteerSpec(
            id=100 + i,
            x=rng.uniform(0, 2),
            y=rng.uniform(0, 2),
            sex=rng.choice("MF"),
            slots=frozenset(rng.sample(range(6), 2)),  # Monday and Tuesday
            capacity=rng.randint(1, 2),
            busy=frozenset({(DAY + rng.randrange(2), rng.randrange(3))}),
        )
        for i in range(7)
    ]
    specs = [
        NeedSpec(
            id=i,
            x=rng.uniform(0, 2),
            y=rng.uniform(0, 2),
            day=DAY + rng.randrange(days),
            part=rng.choice([0, 1, None, None]),
            gender=rng.choice(genders),
            people=rng.choice([1, 1, 2, 2, 3]),
        )
        for i in range(6)
    ]
    return specs, volunteers


@pytest.mark.parametrize("seed", range(12))
def test_with_every_volunteer_in_reach_the_windows_serve_as_many_needs_as_brute_force(seed):
    """Every need on one day, no wished sex: every team lists every volunteer who could serve any need, so the
    last windows hold every need and end at the optimum; the greedy alone (no time for windows) may not."""
    specs, volunteers = random_instance(seed)
    result = solved(specs, volunteers)
    check(specs, volunteers, result)
    assert result.served == brute_force(specs, volunteers)
    assert result.served >= solved(specs, volunteers, windows=0.0).served


def test_the_windows_reach_the_optimum_where_the_greedy_alone_does_not():
    """Among the instances above, some are won by the windows: the test above can fail without them."""
    wins = 0
    for seed in range(12):
        specs, volunteers = random_instance(seed)
        wins += solved(specs, volunteers, windows=0.0).served < brute_force(specs, volunteers)
    assert wins > 0


@pytest.mark.parametrize("seed", range(6))
def test_with_wished_sexes_every_team_stays_whole_and_never_fewer_are_served(seed):
    specs, volunteers = random_instance(100 + seed, genders=("", "", "F", "M"), days=2)
    result = solved(specs, volunteers)
    check(specs, volunteers, result)
    assert solved(specs, volunteers, windows=0.0).served <= result.served <= brute_force(specs, volunteers)
