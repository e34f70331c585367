"""Precise matching (精准匹配): needs to volunteers as an exact min-cost flow on a candidate graph.

Plain data in, proposals with explanations out. No Django import: the product, the tests and `bench/`
call the same functions.

Hard constraints (a volunteer is a candidate for a need only if all hold): every required skill; the
required qualification, valid on the task's day; the language; the gender preference; age rules (a minor
only on tasks marked suitable for minors, never in the evening); the distance limit; availability in the
task's half-day (for a need of any time, in some half-day of its day), not taken by a task already held;
capacity left in the task's week; not having declined this need before. A volunteer does at most one task
per half-day: a need of any time may take any of the volunteer's free half-days that day (`network`).

The objective, in this order:
1. serve as many needs as possible;
2. among those, crisis, then urgent, then normal before low;
3. the least travel, with soft terms measured in metres of travel: the volunteer of the last occurrence of a
   recurring need, one who served the recipient before, a preferred service field, membership of the
   project's team, and a convex cost on each volunteer's load in the week (the running total included), so
   the same few people are not always chosen.
The first two are exact through maximum flows (`_priority_quotas`); the third is the least-cost flow within
them. Candidates are the k nearest volunteers who pass every hard filter, found through a k-d
tree per skill; the flow on that graph is solved exactly by OR-Tools' SimpleMinCostFlow. Lists cut at k
grow where a need left out or a cheaper volunteer beyond the cut could change the answer (`certify`). The
same input gives the same output, except for needs of several volunteers where their search is cut by time
(CP-SAT's limit in `zone`, `lns.BUDGET`): on a loaded machine it may place fewer teams, never an infeasible one.

The code is split by stage: `specs` (the plain data), `arrays` (the data as numpy columns and the hard
filters), `candidates` (the candidate graph), `network` (the graph as flow arcs, and pruning), `flow` (the
exact solve and `match`), `certify` (the reduced-cost check of the cut lists), `greedy` (the baseline),
`unserved` (why a need has no volunteer), `offers` (resources and project services) and `teams` (needs of
several volunteers, with its CP-SAT model in `zone` and the search for teams left out in `chains` and `lns`).
The names below are the core's interface, used as `core.match`, `core.Pool`, ….
"""

from matching.core.arrays import Needs, Pool, feasible
from matching.core.candidates import Edges, candidates
from matching.core.flow import solve, solve_edges
from matching.core.greedy import greedy
from matching.core.offers import OfferNeed, OfferSpec, assign_offers
from matching.core.specs import (
    DEFAULT_K,
    EVENING,
    PRIORITY,
    TRAVEL_ONLY,
    NeedSpec,
    Proposal,
    Result,
    VolunteerSpec,
    Weights,
    week_of,
    weekday_of,
)
from matching.core.teams import match, solve_teams
from matching.core.unserved import STAGES, explain_unserved

__all__ = [
    "DEFAULT_K",
    "EVENING",
    "PRIORITY",
    "STAGES",
    "TRAVEL_ONLY",
    "Edges",
    "NeedSpec",
    "Needs",
    "OfferNeed",
    "OfferSpec",
    "Pool",
    "Proposal",
    "Result",
    "VolunteerSpec",
    "Weights",
    "assign_offers",
    "candidates",
    "explain_unserved",
    "feasible",
    "greedy",
    "match",
    "solve",
    "solve_edges",
    "solve_teams",
    "week_of",
    "weekday_of",
]
