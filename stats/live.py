"""The same figures as `selectors.figures_of`, computed with a live GROUP BY over the source tables.

Used by the test that holds the rollups equal to the record and by the benchmark as the baseline; no page
reads it. Written apart from `stats/sources.py` on purpose, from the figures' definitions.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from casework.models import Action, Case
from dispatch.models import OPEN_DISPATCH, Dispatch
from ledger.models import LedgerEntry
from matching.models import Proposal
from needs.models import OPEN_STATUSES, Evaluation, Need, NeedEvent, Status
from orgs.models import Kind, Organisation
from people.models import Recipient, RegistrationStatus, Volunteer
from stats.selectors import ACTIVE_DAYS, Figures, Period
from stats.sources import NOT_A_RESPONSE


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _after(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def live_figures(region, period: Period, today: datetime.date) -> Figures:
    out: Figures = defaultdict(Decimal)
    within = {"region__path__startswith": region.path}

    volunteers = Volunteer.objects.filter(**within)
    for row in volunteers.values("kind").annotate(n=Count("pk")):
        out[("volunteers_any", f"kind:{row['kind']}")] += row["n"]
    registered = volunteers.filter(status=RegistrationStatus.REGISTERED)
    out[("volunteers", "")] += registered.count()
    for field in ("kind", "sex"):
        for row in registered.values(field).annotate(n=Count("pk")):
            out[("volunteers", f"{field}:{row[field]}")] += row["n"]
    for row in registered.annotate(year=ExtractYear("birth_date")).values("year").annotate(n=Count("pk")):
        out[("volunteers", f"born:{row['year']}")] += row["n"]

    last_served = (
        volunteers.filter(ledger__kind="service")
        .annotate(day=Max("ledger__on"))
        .filter(day__gt=today - datetime.timedelta(days=ACTIVE_DAYS), day__lte=today)
    )
    out[("volunteers_active", "")] += last_served.count()

    recipients = Recipient.objects.filter(**within)
    out[("recipients", "")] += recipients.count()
    for row in recipients.exclude(groups=None).values("groups__code").annotate(n=Count("pk")):
        out[("recipients", f"group:{row['groups__code']}")] += row["n"]

    organisations = Organisation.objects.filter(**within)
    out[("teams", "")] += organisations.filter(kind=Kind.TEAM).count()
    for row in organisations.exclude(kind=Kind.TEAM).values("kind").annotate(n=Count("pk")):
        out[("organisations", f"kind:{row['kind']}")] += row["n"]

    entries = LedgerEntry.objects.filter(
        volunteer__region__path__startswith=region.path, on__gte=period.first, on__lt=_after(period.last)
    )
    for row in entries.annotate(month=TruncMonth("on")).values("kind", "month").annotate(h=Sum("hours")):
        out[("hours", f"kind:{row['kind']}")] += row["h"]
        out[("hours", "")] += row["h"]
        out[("hours_month", row["month"].strftime("%Y-%m"))] += row["h"]

    needs = Need.objects.filter(**within)
    for row in needs.values("status").annotate(n=Count("pk")):
        out[("needs_status", row["status"])] += row["n"]
    out[("needs_open_crisis", "")] += needs.filter(status__in=OPEN_STATUSES, crisis=True).count()
    out[("needs_waiting_overdue", "")] += needs.filter(
        status__in=[Status.NEW, Status.TRIAGED], response_due_at__lt=_start(today)
    ).count()
    late = Dispatch.objects.filter(
        need__region__path__startswith=region.path, status__in=OPEN_DISPATCH, deadline__lt=_start(today)
    )
    for row in late.values("department_id").annotate(n=Count("pk")):
        out[("dispatch_open_overdue", f"dept:{row['department_id']}")] += row["n"]
        out[("dispatch_open_overdue", "")] += row["n"]

    cohort = needs.filter(created_at__gte=_start(period.first), created_at__lt=_start(_after(period.last)))
    _need_flows(out, cohort)
    _crisis_cases(out, region, period)
    return {key: Decimal(value) for key, value in out.items() if value}


def _need_flows(out: Figures, cohort) -> None:
    served = [Status.SERVED, Status.CLOSED]
    splits = {
        "": Q(),
        "crisis": Q(crisis=True),
    }
    for name, status in (("needs_found", None), ("needs_served", served), ("needs_closed", [Status.CLOSED])):
        needs = cohort if status is None else cohort.filter(status__in=status)
        for dim, condition in splits.items():
            out[(name, dim)] += needs.filter(condition).count()
        for row in needs.exclude(service_field=None).values("service_field__code").annotate(n=Count("pk")):
            out[(name, f"field:{row['service_field__code']}")] += row["n"]
        for row in needs.exclude(recipient=None).values("recipient__groups__code").annotate(n=Count("pk")):
            if row["recipient__groups__code"]:
                out[(name, f"group:{row['recipient__groups__code']}")] += row["n"]

    closing = ExpressionWrapper(F("ended_at") - F("created_at"), output_field=DurationField())
    for need in cohort.filter(status=Status.CLOSED).annotate(took=closing).values_list("took", flat=True):
        out[("closing_seconds", "")] += int(need.total_seconds())

    first = (
        NeedEvent.objects.filter(need__in=cohort)
        .exclude(kind__in=NOT_A_RESPONSE)
        .values("need_id")
        .annotate(at=Min("at"))
    )
    created = dict(cohort.values_list("pk", "created_at"))
    crisis = set(cohort.filter(crisis=True).values_list("pk", flat=True))
    for row in first:
        seconds = int((row["at"] - created[row["need_id"]]).total_seconds())
        for dim in ("", "crisis") if row["need_id"] in crisis else ("",):
            out[("responded", dim)] += 1
            out[("response_seconds", dim)] += seconds

    answers = {
        "volunteer": Q(tasks__status="done"),
        "resource": Q(events__kind="resource_used"),
        "service_item": Q(events__kind="service_item"),
        "department": Q(dispatches__status="completed"),
        "case": Q(case_opened_at__isnull=False),
    }
    any_answer = Q()
    for by, condition in answers.items():
        ids = cohort.filter(condition).values("pk")
        out[("needs_answered", f"by:{by}")] += cohort.filter(pk__in=ids).count()
        any_answer |= Q(pk__in=ids)
    unanswered = cohort.exclude(any_answer)
    for row in unanswered.values("status").annotate(n=Count("pk")):
        out[("needs_unanswered", f"why:{row['status']}")] += row["n"]
    latest = Proposal.objects.filter(need_id=OuterRef("pk")).order_by("-run_id", "-id")
    matched = unanswered.annotate(
        kind=Subquery(latest.values("kind")[:1]), why=Subquery(latest.values("explanation__reason")[:1])
    )
    for row in matched.values("kind", "why").annotate(n=Count("pk")):
        if row["kind"] is None:
            reason = "unmatched"
        elif row["kind"] != "none":
            reason = "proposed"
        else:
            reason = row["why"] if row["why"] in ("declined", "taken") else "no_candidate"
        out[("needs_unanswered", f"reason:{reason}")] += row["n"]

    evaluations = Evaluation.objects.filter(need__in=cohort)
    out[("evaluations", "")] += evaluations.count()
    out[("satisfaction_sum", "")] += evaluations.aggregate(s=Sum("satisfaction"))["s"] or 0
    for row in evaluations.values("satisfaction").annotate(n=Count("pk")):
        out[("evaluations", f"score:{row['satisfaction']}")] += row["n"]


def _crisis_cases(out: Figures, region, period: Period) -> None:
    """Casework cases opened in the period that had a crisis (its first-response deadline set), those answered,
    those answered by the deadline, and the whole minutes from the latest crisis flag to the first response."""
    cases = Case.objects.filter(
        region__path__startswith=region.path,
        crisis_due_at__isnull=False,
        opened_at__gte=_start(period.first),
        opened_at__lt=_start(_after(period.last)),
    )
    counts = cases.aggregate(
        n=Count("pk"),
        responded=Count("pk", filter=Q(crisis_responded_at__isnull=False)),
        in_time=Count("pk", filter=Q(crisis_responded_at__lte=F("crisis_due_at"))),
    )
    out[("cases_crisis", "")] += counts["n"]
    out[("cases_crisis", "responded")] += counts["responded"]
    out[("cases_crisis", "in_time")] += counts["in_time"]
    flagged = cases.filter(crisis_responded_at__isnull=False).annotate(
        flagged=Max("events__at", filter=Q(events__action=Action.CRISIS))
    )
    for responded, flag in flagged.exclude(flagged=None).values_list("crisis_responded_at", "flagged"):
        minutes = max(int((responded - flag).total_seconds()) // 60, 0)
        out[("case_crisis_minutes", f"min:{minutes}")] += 1
