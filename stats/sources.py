"""What each source row contributes to the facts: a list of (metric, dim, period, value) at its leaf region.

The definitions of the figures live here and in `stats/live.py`, which computes the same figures with a
live GROUP BY over the source tables; the test of `stats/tests/test_equal_live.py` holds the two equal.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.periods import month_of
from dispatch.models import OPEN_DISPATCH, DispatchStatus
from needs.models import EventKind, Status
from people.models import RegistrationStatus
from stats.models import SNAPSHOT

Row = tuple[str, str, datetime.date, Decimal]

NOT_A_RESPONSE = {EventKind.CREATED, EventKind.EDITED, EventKind.ESCALATED}
"""Steps that do not answer the person: the first other step of a need's timeline is its first response."""

WAITING = (Status.NEW, Status.TRIAGED)
SERVED_STATUSES = (Status.SERVED, Status.CLOSED)
ONE = Decimal(1)

DECLINED_BY_ALL = "declined"
"""The reason a matching run records when every volunteer who qualifies has declined the need."""
TAKEN = "taken"
"""... when volunteers qualified but were needed for needs ranked before it."""


def unserved_reason(kind: str | None, reason: str | None) -> str:
    """Why a need nobody has answered is unserved, from its latest matching proposal (kind and explanation's
    reason): `declined` (every volunteer who qualifies declined it), `no_candidate` (no volunteer passes the
    filters, and no resource or project service covers it: the run proposed nothing), `taken` (those who qualified
    went to other needs), `proposed` (a volunteer, resource or project service was proposed, not yet done) or
    `unmatched` (no matching run has read it)."""
    if kind is None:
        return "unmatched"
    if kind != "none":
        return "proposed"
    if reason in (DECLINED_BY_ALL, TAKEN):
        return reason
    return "no_candidate"


def day_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def volunteer_rows(volunteer) -> list[Row]:
    """Registered volunteers by kind, sex and year of birth (age bands are folded from years when read);
    the kinds of every registration status too, as the home page shows them."""
    rows = [("volunteers_any", f"kind:{volunteer.kind}", SNAPSHOT, ONE)]
    if volunteer.status == RegistrationStatus.REGISTERED:
        for dim in ("", f"kind:{volunteer.kind}", f"sex:{volunteer.sex}", f"born:{volunteer.birth_date.year}"):
            rows.append(("volunteers", dim, SNAPSHOT, ONE))
    return rows


def recipient_rows(recipient) -> list[Row]:
    """Recipients in all and by target group (一老一小一困 …), as the home page shows them. Expects the recipient's
    `groups` at hand (`rollup._catch_up_recipients`)."""
    dims = ["", *(f"group:{group.code}" for group in recipient.groups.all())]
    return [("recipients", dim, SNAPSHOT, ONE) for dim in dims]


def active_rows(last_service_day: datetime.date | None) -> list[Row]:
    """A volunteer's last day of service hours in the ledger: active in the last 90 days when it is recent."""
    return [] if last_service_day is None else [("volunteer_last_served", "", last_service_day, ONE)]


def organisation_rows(organisation) -> list[Row]:
    if organisation.kind == "team":
        return [("teams", "", SNAPSHOT, ONE)]
    return [("organisations", f"kind:{organisation.kind}", SNAPSHOT, ONE)]


def entry_rows(entry) -> list[Row]:
    """A ledger entry (append-only: a correction is a new entry) adds its hours to its month."""
    return [("hours", f"kind:{entry.kind}", month_of(entry.on), entry.hours)]


def _seconds(later, earlier) -> Decimal:
    return Decimal(int((later - earlier).total_seconds()))


def need_rows(need) -> list[Row]:
    """A need counts in the month it was found (a cohort): found, served, closed, answered, evaluated, its
    response and closing times; while it waits it counts on its due day (overdue = due before today); its open
    dispatches count on their deadline's day by department. Expects the need with `recipient.groups`,
    `service_field`, `events`, `tasks`, `dispatches` and `evaluation` at hand, and its latest matching
    proposal's `match_kind` and `match_reason` (`rollup.needs_with_parts`)."""
    month = month_of(need.created_at)
    dims = [""]
    if need.crisis:
        dims.append("crisis")
    if need.service_field_id:
        dims.append(f"field:{need.service_field.code}")
    if need.recipient_id:
        dims += [f"group:{group.code}" for group in need.recipient.groups.all()]
    rows: list[Row] = [("needs_found", dim, month, ONE) for dim in dims]
    if need.status in SERVED_STATUSES:
        rows += [("needs_served", dim, month, ONE) for dim in dims]
    if need.status == Status.CLOSED:
        rows += [("needs_closed", dim, month, ONE) for dim in dims]
        rows.append(("closing_seconds", "", month, _seconds(need.ended_at, need.created_at)))
    rows.append(("needs_status", need.status, SNAPSHOT, ONE))
    if need.crisis and need.is_open:
        rows.append(("needs_open_crisis", "", SNAPSHOT, ONE))
    if need.status in WAITING:
        rows.append(("needs_waiting_due", "", day_of(need.response_due_at), ONE))

    events = sorted(need.events.all(), key=lambda event: (event.at, event.pk))
    first = next((event for event in events if event.kind not in NOT_A_RESPONSE), None)
    if first is not None:
        seconds = _seconds(first.at, need.created_at)
        rows += [("responded", "", month, ONE), ("response_seconds", "", month, seconds)]
        if need.crisis:
            rows += [("responded", "crisis", month, ONE), ("response_seconds", "crisis", month, seconds)]

    kinds = {event.kind for event in events}
    answered = []
    if any(task.status == "done" for task in need.tasks.all()):
        answered.append("volunteer")
    if EventKind.RESOURCE_USED in kinds:
        answered.append("resource")
    if EventKind.SERVICE_ITEM in kinds:
        answered.append("service_item")
    if any(dispatch.status == DispatchStatus.COMPLETED for dispatch in need.dispatches.all()):
        answered.append("department")
    if need.case_opened_at:
        answered.append("case")
    rows += [("needs_answered", f"by:{by}", month, ONE) for by in answered]
    if not answered:
        rows.append(("needs_unanswered", f"why:{need.status}", month, ONE))
        reason = unserved_reason(getattr(need, "match_kind", None), getattr(need, "match_reason", None))
        rows.append(("needs_unanswered", f"reason:{reason}", month, ONE))

    for dispatch in need.dispatches.all():
        if dispatch.status in OPEN_DISPATCH:
            rows.append(("dispatch_open_due", f"dept:{dispatch.department_id}", day_of(dispatch.deadline), ONE))

    evaluation = getattr(need, "evaluation", None)
    if evaluation is not None:
        rows += [
            ("evaluations", "", month, ONE),
            ("evaluations", f"score:{evaluation.satisfaction}", month, ONE),
            ("satisfaction_sum", "", month, Decimal(evaluation.satisfaction)),
        ]
    return rows


def response_minutes(responded, flagged) -> int:
    """Whole minutes from a crisis flag to its first response."""
    return max(int((responded - flagged).total_seconds()) // 60, 0)


def case_rows(case) -> list[Row]:
    """A casework case with a crisis (flagged at least once: `crisis_due_at` is set, and ending the crisis keeps it)
    counts in the month the case was opened: `cases_crisis` in all, `responded` (a first contact recorded),
    `in_time` (by `crisis_due_at`); `case_crisis_minutes` keeps the minutes from the latest flag to the first response
    as a histogram (`min:<minutes>`), for the median. Expects `flagged_at`, the time of the case's latest crisis
    step (`rollup.cases_with_parts`)."""
    if case.crisis_due_at is None:
        return []
    month = month_of(case.opened_at)
    rows: list[Row] = [("cases_crisis", "", month, ONE)]
    if case.crisis_responded_at is not None:
        rows.append(("cases_crisis", "responded", month, ONE))
        if case.crisis_responded_at <= case.crisis_due_at:
            rows.append(("cases_crisis", "in_time", month, ONE))
        if case.flagged_at is not None:
            minutes = response_minutes(case.crisis_responded_at, case.flagged_at)
            rows.append(("case_crisis_minutes", f"min:{minutes}", month, ONE))
    return rows
