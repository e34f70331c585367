"""The needs list's `unserved` filter, registered in the needs list by `StatsConfig.ready()`: the needs nobody has
answered (`any`), or those of one reason why they are unserved (`stats.sources.unserved_reason`), as the
dashboards count them, so that each figure of "not answered" links to its own needs."""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.fields.json import KT

from dispatch.models import DispatchStatus
from matching.models import Proposal
from needs.models import EventKind, Need
from stats.sources import DECLINED_BY_ALL, TAKEN

ANSWERED = (
    Q(tasks__status="done"),
    Q(events__kind=EventKind.RESOURCE_USED),
    Q(events__kind=EventKind.SERVICE_ITEM),
    Q(dispatches__status=DispatchStatus.COMPLETED),
)
"""A need is answered by a task done, a resource used, a project service, a department's completed dispatch, or a
casework case opened (`stats.sources.need_rows`)."""

REASONS = {
    "unmatched": Q(match_kind__isnull=True),
    "proposed": Q(match_kind__isnull=False) & ~Q(match_kind="none"),
    DECLINED_BY_ALL: Q(match_kind="none", match_reason=DECLINED_BY_ALL),
    TAKEN: Q(match_kind="none", match_reason=TAKEN),
    "no_candidate": Q(match_kind="none")
    & (Q(match_reason__isnull=True) | ~Q(match_reason__in=[DECLINED_BY_ALL, TAKEN])),
}


def needs_unserved(needs, value: str):
    """`any`: the needs nobody has answered; a reason of REASONS: those whose latest matching proposal gives it.
    Another value filters nothing, as an unknown value of the list's other filters."""
    if value != "any" and value not in REASONS:
        return needs
    needs = needs.filter(case_opened_at__isnull=True)
    for answer in ANSWERED:
        needs = needs.exclude(pk__in=Need.objects.filter(answer).values("pk"))
    if value == "any":
        return needs
    latest = Proposal.objects.filter(need_id=OuterRef("pk")).order_by("-run_id", "-pk")
    return needs.annotate(
        match_kind=Subquery(latest.values("kind")[:1]),
        match_reason=Subquery(latest.annotate(why=KT("explanation__reason")).values("why")[:1]),
    ).filter(REASONS[value])
