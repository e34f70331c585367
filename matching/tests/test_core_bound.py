"""The upper bound on the needs served, teams included (matching/core/bound.py): never below what a brute-force
search serves, and computed on the full feasible graph, since on cut lists the same relaxation bounds nothing."""

import pytest

from matching.core import Needs, NeedSpec, Pool, VolunteerSpec, candidates, solve_teams
from matching.core.bound import relaxed, served_bound
from matching.core.windows import expand
from matching.tests.test_lns import brute_force, random_instance

DAY = 739_950  # a Monday
MORNING, AFTERNOON = frozenset({0}), frozenset({1})
TUESDAY_MORNING = frozenset({3})


def bound_of(specs, volunteers) -> int:
    pool = Pool(volunteers)
    return served_bound(pool, Needs(expand(specs), pool))


@pytest.mark.parametrize("seed", range(12))
def test_the_bound_is_never_below_the_most_a_brute_force_search_serves(seed):
    specs, volunteers = random_instance(seed, genders=("", "", "F", "M"), days=1 + seed % 2)
    bound = bound_of(specs, volunteers)
    optimum = brute_force(specs, volunteers)
    assert optimum <= bound <= len(specs)
    pool = Pool(volunteers)
    assert solve_teams(pool, Needs(expand(specs), pool), zone_edges=0, windows=60.0).served <= bound


def test_on_lists_cut_at_one_the_same_relaxation_is_below_the_optimum_and_on_the_full_graph_it_is_not():
    """Two visits at 0 km; 11 is the nearest of both, 12 a little further. Lists of one give both visits 11
    only: the relaxation there says 1, yet 12 serves the second visit."""
    volunteers = [VolunteerSpec(id=11, x=0.1, y=0, slots=MORNING), VolunteerSpec(id=12, x=1.0, y=0, slots=MORNING)]
    specs = [NeedSpec(id=1, x=0, y=0, day=DAY), NeedSpec(id=2, x=0, y=0, day=DAY)]
    pool = Pool(volunteers)
    needs = Needs(specs, pool)
    assert brute_force(specs, volunteers) == 2
    assert relaxed(pool, needs, candidates(pool, needs, 1)) == pytest.approx(1.0)
    assert relaxed(pool, needs) == pytest.approx(2.0) and served_bound(pool, needs) == 2


def test_a_team_counts_one_hth_for_each_volunteer_it_could_route_even_in_different_half_days():
    """The bath's two volunteers are free in different half-days: nobody can serve it, but the relaxation
    (which drops "in one half-day") routes both and counts 1. With a third volunteer only, it counts 1/2."""
    bath = NeedSpec(id=1, x=0, y=0, day=DAY, people=2)
    apart = [VolunteerSpec(id=11, x=0.1, y=0, slots=MORNING), VolunteerSpec(id=12, x=0.2, y=0, slots=AFTERNOON)]
    assert brute_force([bath], apart) == 0 and bound_of([bath], apart) == 1
    pool = Pool(apart[:1])
    assert relaxed(pool, Needs([bath], pool)) == pytest.approx(0.5) and bound_of([bath], apart[:1]) == 0
    together = [VolunteerSpec(id=11, x=0.1, y=0, slots=MORNING), VolunteerSpec(id=12, x=0.2, y=0, slots=MORNING)]
    assert brute_force([bath], together) == 1 and bound_of([bath], together) == 1


def test_a_team_with_a_window_of_days_may_send_all_its_volunteers_through_another_day():
    """A bath for two, Monday or Tuesday: both women are free on Tuesday morning only. The head of its window
    (Monday) passes both units on to Tuesday, so the bound counts the bath that solve_teams serves."""
    bath = NeedSpec(id=1, x=0, y=0, day=DAY, last_day=DAY + 1, people=2)
    women = [VolunteerSpec(id=11 + i, x=0.1 * i, y=0, sex="F", slots=TUESDAY_MORNING) for i in range(2)]
    pool = Pool(women)
    assert solve_teams(pool, Needs(expand([bath]), pool)).served == 1
    assert bound_of([bath], women) == 1
    assert bound_of([bath], women[:1]) == 0
