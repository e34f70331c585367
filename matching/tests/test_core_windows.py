"""Needs with a window of several days: any free (volunteer, day, half-day) in the window, exact as the brute
force over every day of every window, one task per half-day counting tasks already held."""

import dataclasses
import itertools
import random

import pytest

from matching import core
from matching.core import NeedSpec, VolunteerSpec, match, windows
from matching.core.windows import expand, week_groups
from matching.tests.test_core import MONDAY, brute_force, check_proposals, cost_of, random_instance, rank
from needs.recurrence import LONGEST_WINDOW

TUESDAY, FRIDAY = MONDAY + 1, MONDAY + 4


def on_days(needs, proposals):
    """The needs as the proposals served them: each on the day it was given."""
    day = {p.need: p.day for p in proposals}
    return [dataclasses.replace(n, day=day.get(n.id, n.day), last_day=None) for n in needs]


def window_optimum(needs, vols):
    """The brute-force best over every choice of a day for each need with a window."""
    days = [range(n.day, (n.last_day or n.day) + 1) for n in needs]
    return min(
        brute_force([dataclasses.replace(n, day=d, last_day=None) for n, d in zip(needs, pick, strict=True)], vols)
        for pick in itertools.product(*days)
    )


def test_a_need_of_this_week_goes_to_the_day_its_nearest_volunteer_is_free():
    # The nearest volunteer is free only on Thursday afternoon; the window runs Monday to Friday.
    near = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({3 * 3 + 1}), capacity=1)
    far = VolunteerSpec(id=2, x=9, y=0, slots=frozenset({0}), capacity=1)
    need = NeedSpec(id=7, x=0, y=0, day=MONDAY, last_day=FRIDAY)
    result = match([need], [near, far])
    assert [(p.need, p.volunteer, p.day, p.part) for p in result.proposals] == [(7, 1, MONDAY + 3, 1)]
    # The same need on Monday only goes to the far volunteer.
    monday = dataclasses.replace(need, last_day=None)
    assert [(p.volunteer, p.day) for p in match([monday], [near, far]).proposals] == [(2, MONDAY)]


def test_a_windowed_need_is_served_once_and_never_in_a_half_day_already_held():
    # Free every morning, Tuesday morning held by an earlier task: three needs of Monday–Wednesday mornings.
    vol = VolunteerSpec(
        id=1, x=0, y=0, slots=frozenset({0, 3, 6}), capacity=3, held={core.week_of(TUESDAY): 1}, busy={(TUESDAY, 0)}
    )
    needs = [NeedSpec(id=i, x=0, y=0, day=MONDAY, last_day=MONDAY + 2, part=0) for i in range(3)]
    result = match(needs, [vol])
    assert sorted(p.day for p in result.proposals) == [MONDAY, MONDAY + 2]
    assert len(result.unserved) == 1 and len({p.need for p in result.proposals}) == 2
    check_proposals(on_days(needs, result.proposals), [vol], result.proposals)


def test_a_window_across_a_weekend_solves_both_weeks_together():
    # Friday to next Tuesday: the volunteer's capacity of next week is seen, and the fixed need of next
    # Monday keeps its morning.
    vol = VolunteerSpec(id=1, x=0, y=0, slots=frozenset({0}), capacity=1)
    needs = [
        NeedSpec(id=1, x=0, y=0, day=FRIDAY, last_day=FRIDAY + 4, part=0),
        NeedSpec(id=2, x=0, y=0, day=MONDAY + 7, part=0),
    ]
    assert [len(group) for group in week_groups(needs)] == [2]
    result = match(needs, [vol])
    assert result.served == 1 and len(result.unserved) == 1
    check_proposals(on_days(needs, result.proposals), [vol], result.proposals)


def test_windows_match_the_brute_force_optimum_over_every_day():
    rng = random.Random(13_2026)
    for _ in range(30):
        needs, vols = random_instance(rng, rng.randint(1, 3), rng.randint(1, 2), spread=4.0)
        needs = [
            dataclasses.replace(n, day=MONDAY, last_day=MONDAY + rng.randrange(3)) if rng.random() < 0.6 else n
            for n in needs
        ]
        result = match(needs, vols)
        served_on = on_days(needs, result.proposals)
        check_proposals(served_on, vols, result.proposals)
        pairs = [(p.need, p.volunteer) for p in result.proposals]
        assert (tuple(-x for x in rank(needs, pairs)), cost_of(served_on, vols, pairs)) == window_optimum(needs, vols)


def test_a_window_longer_than_a_month_is_refused():
    with pytest.raises(ValueError, match="a window of at most 31 days"):
        expand([NeedSpec(id=1, x=0, y=0, day=MONDAY, last_day=MONDAY + 31)])


def test_a_date_declined_by_the_series_volunteer_goes_to_another_and_the_series_stays():
    regular = VolunteerSpec(id=1, x=3, y=0, slots=frozenset({0}), capacity=1)
    nearer = VolunteerSpec(id=2, x=1, y=0, slots=frozenset({0}), capacity=1)
    weeks = [
        NeedSpec(
            id=w, x=0, y=0, day=MONDAY + 7 * w, part=0, series=9, previous=1, declined=frozenset({1} if w == 1 else ())
        )
        for w in range(3)
    ]
    result = match(weeks, [regular, nearer])
    assert [(p.need, p.volunteer) for p in result.proposals] == [(0, 1), (1, 2), (2, 1)]


def test_the_solver_takes_every_window_the_need_form_lets_through():
    """matching.core imports no app, so the bound is written twice: the solver's and the form's must agree."""
    assert windows.LONGEST == LONGEST_WINDOW
    longest = NeedSpec(id=1, x=0.0, y=0.0, day=MONDAY, part=0, last_day=MONDAY + LONGEST_WINDOW - 1)
    assert len(expand([longest])) == LONGEST_WINDOW
    with pytest.raises(ValueError):
        expand([dataclasses.replace(longest, last_day=MONDAY + LONGEST_WINDOW)])
