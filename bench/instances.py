"""Realistic matching instances for the benchmarks and the tests: a 50 km county with volunteers clustered
in towns plus a rural spread, skill supply skewed to common skills and demand to specialist ones."""

import random

from matching.core import PRIORITY, NeedSpec, VolunteerSpec

SKILLS = 10
MONGOLIAN, MANDARIN = 1, 2
FIRST_AID = 1  # the one qualification some needs ask for
MONDAY = 739_950  # 2026-11-30, a Monday, as date.toordinal()


def _place(rng: random.Random, towns, rural_share: float, size_km: float):
    if rng.random() < rural_share:
        return rng.uniform(0, size_km), rng.uniform(0, size_km)
    tx, ty = rng.choice(towns)
    return min(max(rng.gauss(tx, 1.5), 0), size_km), min(max(rng.gauss(ty, 1.5), 0), size_km)


def county(
    needs: int,
    volunteers: int,
    *,
    availability: float = 1.0,
    seed: int = 1,
    size_km: float = 50.0,
    id_offset: int = 0,
) -> tuple[list[NeedSpec], list[VolunteerSpec]]:
    """`availability` is the share of the week's 21 half-days each volunteer offers (1.0, 0.2, 0.1)."""
    rng = random.Random(seed)
    towns = [(rng.uniform(5, size_km - 5), rng.uniform(5, size_km - 5)) for _ in range(12)]
    supply = [1 / (s + 1) for s in range(SKILLS)]  # common skills are offered most
    demand = [s + 1 for s in range(SKILLS)]  # specialist skills are asked for most
    slots_each = max(1, round(21 * availability))
    vols = []
    for i in range(volunteers):
        x, y = _place(rng, towns, 0.3, size_km)
        minor = rng.random() < 0.05
        vols.append(
            VolunteerSpec(
                id=id_offset + i,
                x=x,
                y=y,
                sex=rng.choice("MF"),
                minor=minor,
                skills=frozenset(rng.choices(range(SKILLS), supply, k=rng.randint(1, 3))),
                languages=frozenset({MANDARIN} | ({MONGOLIAN} if rng.random() < 0.5 else set())),
                fields=frozenset({rng.randrange(6)}),
                teams=frozenset({rng.randrange(653)}),
                qualifications={FIRST_AID: rng.choice([MONDAY - 30, MONDAY + 400, None])} if rng.random() < 0.1 else {},
                slots=frozenset(rng.sample(range(21), slots_each)),
                capacity=rng.randint(1, 3),
                held={(MONDAY - 1) // 7: 1} if rng.random() < 0.3 else {},
                served=frozenset({rng.randrange(needs)}) if rng.random() < 0.05 else frozenset(),
            )
        )
    wanted = []
    levels = list(PRIORITY.values())
    for i in range(needs):
        x, y = _place(rng, towns, 0.5, size_km)
        wanted.append(
            NeedSpec(
                id=id_offset + i,
                x=x,
                y=y,
                day=MONDAY + rng.randrange(7),
                part=rng.choices([0, 1, 2, None], [45, 35, 10, 10])[0],
                skills=frozenset(rng.choices(range(SKILLS), demand, k=1)),
                qualification=FIRST_AID if rng.random() < 0.05 else None,
                language=MONGOLIAN if rng.random() < 0.3 else None,
                gender=rng.choice("MF") if rng.random() < 0.1 else "",
                minors_ok=rng.random() < 0.2,
                max_km=15.0,
                priority=rng.choices(levels, [18, 70, 10, 2])[0],
                recipient=i,
                field=rng.randrange(6),
                teams=frozenset({rng.randrange(653)}) if rng.random() < 0.3 else frozenset(),
                declined=frozenset(rng.sample(range(volunteers), 2)) if rng.random() < 0.02 else frozenset(),
            )
        )
    return wanted, vols
