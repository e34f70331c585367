"""Matching instances built differently from `instances.py`, as another county would send them: a river valley
80 km long and 20 km wide, a county seat at its lower end and villages strung along the river; a flat skill mix
(most needs ask for no skill); every need on one day with no time of day; travel the only objective.

The shape that the first core served badly (issue 13): a volunteer free all day may take one need in each
free half-day, up to their weekly capacity (1–3)."""

import math
import random

from matching.core import NeedSpec, VolunteerSpec

LENGTH_KM, WIDTH_KM = 80.0, 20.0
SKILLS = 6
WEDNESDAY = 739_952  # 2026-12-02, as date.toordinal()


def _river(t: float) -> tuple[float, float]:
    """A point on the river, t from 0 (the county seat) to 1 (the head of the valley)."""
    return t * LENGTH_KM, WIDTH_KM / 2 + 6 * math.sin(t * 3 * math.pi)


def _clip(x: float, y: float) -> tuple[float, float]:
    return min(max(x, 0.0), LENGTH_KM), min(max(y, 0.0), WIDTH_KM)


def valley(
    needs: int,
    volunteers: int,
    *,
    availability: float = 1.0,
    seed: int = 13,
    day: int = WEDNESDAY,
    timed: bool = False,
) -> tuple[list[NeedSpec], list[VolunteerSpec]]:
    """`availability` is the share of the week's 21 half-days each volunteer offers (0.1, 0.2, 1.0). Volunteers
    live mostly in the seat (45%; 25% in villages, 30% spread over the valley), needs mostly in the villages
    (70%), where the old live, within 3 km. `timed` gives every
    need a half-day (morning 50%, afternoon 40%, evening 10%) instead of none."""
    rng = random.Random(seed)
    seat = _river(0.04)
    villages = [_river(0.1 + 0.9 * i / 29) for i in range(30)]

    def place(in_seat: float, in_villages: float) -> tuple[float, float]:
        r = rng.random()
        if r < in_seat:
            return _clip(rng.gauss(seat[0], 2.5), rng.gauss(seat[1], 2.5))
        if r < in_seat + in_villages:
            vx, vy = rng.choice(villages)
            return _clip(rng.gauss(vx, 0.7), rng.gauss(vy, 0.7))
        return rng.uniform(0, LENGTH_KM), rng.uniform(0, WIDTH_KM)

    slots_each = max(1, round(21 * availability))
    vols = []
    for i in range(volunteers):
        x, y = place(0.45, 0.25)
        vols.append(
            VolunteerSpec(
                id=i,
                x=x,
                y=y,
                sex=rng.choice("MF"),
                skills=frozenset(rng.sample(range(SKILLS), rng.randint(0, 2))),
                slots=frozenset(rng.sample(range(21), slots_each)),
                capacity=rng.randint(1, 3),
            )
        )
    wanted = []
    for i in range(needs):
        x, y = place(0.2, 0.7)
        wanted.append(
            NeedSpec(
                id=i,
                x=x,
                y=y,
                day=day,
                part=rng.choices([0, 1, 2], [50, 40, 10])[0] if timed else None,
                skills=frozenset({rng.randrange(SKILLS)}) if rng.random() < 0.3 else frozenset(),
                gender=rng.choice("MF") if rng.random() < 0.05 else "",
                max_km=3.0,
            )
        )
    return wanted, vols
