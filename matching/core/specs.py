"""The matching core's plain data: what a need and a volunteer are, the weights of the soft terms, and what
a solve returns. Days are `date.toordinal()` numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PARTS = 3  # morning, afternoon, evening
EVENING = 2
PRIORITY = {"low": 0, "normal": 1, "urgent": 2, "crisis": 3}
FOREVER = np.iinfo(np.int32).max
# With widening the served count matches the full feasible graph; the travel does on bench/matching_core.py's
# counties but not on every shape (10% availability in bench/matching_valley.py: +1.2%, docs/benchmarks.md).
DEFAULT_K = 20


@dataclass(frozen=True)
class Weights:
    """The soft terms, in metres of travel."""

    previous: int = 30_000  # the volunteer of the last occurrence: kept unless a constraint breaks
    served: int = 1_000  # served this recipient before
    field: int = 200  # prefers the need's service field
    team: int = 200  # in a team of the need's project
    load_step: int = 300  # the (m+1)-th task of a week costs m × load_step more: convex in the load


TRAVEL_ONLY = Weights(previous=0, served=0, field=0, team=0, load_step=0)


def weekday_of(day: int) -> int:
    """Monday 0 … Sunday 6 for a `date.toordinal()` (day 1, 1 January of year 1, was a Monday)."""
    return (day - 1) % 7


def week_of(day: int) -> int:
    return (day - 1) // 7


@dataclass(frozen=True)
class NeedSpec:
    """One occurrence of a need to be served on one day."""

    id: int
    x: float  # km east of the county's reference point
    y: float  # km north
    day: int  # date.toordinal()
    part: int | None = None  # 0 morning, 1 afternoon, 2 evening; None: any time that day
    skills: frozenset[int] = frozenset()
    qualification: int | None = None
    language: int | None = None
    gender: str = ""  # "M", "F", or "" for no preference
    minors_ok: bool = False
    max_km: float = 15.0
    priority: int = PRIORITY["normal"]
    recipient: int | None = None
    field: int | None = None
    teams: frozenset[int] = frozenset()  # teams of the project serving the need
    declined: frozenset[int] = frozenset()  # volunteers who declined this need before
    series: int | None = None  # occurrences of one recurring need share a series
    previous: int | None = None  # the volunteer who served the last occurrence
    people: int = 1  # volunteers who serve it together, all or none (`teams`)
    last_day: int | None = None  # a window of days from `day` to this one (windows.py); None: `day` only


@dataclass(frozen=True, eq=False)
class VolunteerSpec:
    id: int
    x: float
    y: float
    sex: str = ""
    minor: bool = False
    skills: frozenset[int] = frozenset()
    languages: frozenset[int] = frozenset()
    fields: frozenset[int] = frozenset()
    teams: frozenset[int] = frozenset()
    qualifications: dict[int, int | None] = field(default_factory=dict)  # id → last valid day (None: for good)
    slots: frozenset[int] = frozenset()  # weekday * 3 + part
    capacity: int = 1  # tasks a week
    held: dict[int, int] = field(default_factory=dict)  # week → tasks already held
    busy: frozenset[tuple[int, int]] = frozenset()  # (day, part) half-days taken by tasks already held
    served: frozenset[int] = frozenset()  # recipients served before


@dataclass
class Proposal:
    need: int
    volunteer: int
    day: int
    part: int
    km: float
    explanation: dict


@dataclass
class Result:
    proposals: list[Proposal]
    unserved: list[int]  # need ids
    edges: int = 0
    seconds: dict = field(default_factory=dict)
    cost: int = 0  # the last tier of the objective: travel, soft terms and load, in metres
    teams: dict = field(default_factory=dict)  # with needs of several people: CP-SAT's figures and the bound
    bound: int | None = None  # with pricing (`solve(gap=…)`): a proven lower bound on `cost` on the full graph

    @property
    def served(self) -> int:
        """Needs served (a need of several people has a proposal for each)."""
        return len({p.need for p in self.proposals})

    @property
    def travel_km(self) -> float:
        return sum(p.km for p in self.proposals)
