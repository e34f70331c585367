"""What waits in casework: plans and closures for a supervisor of the area to review. Registered with
core.queues in CaseworkConfig.ready()."""

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from casework.models import Action, Case, Stage
from core.access import scope_of
from core.queues import QueueItem, QueueProvider, queue_register

# The one place this module reads a case's step.
IN_REVIEW = Q(status__in=[Stage.PLAN_REVIEW, Stage.CLOSURE_REVIEW])
SUBMITTED = Q(events__action__in=[Action.SUBMIT_PLAN, Action.REQUEST_CLOSURE])


def cases_to_review(user):
    """Cases of the supervisor's area whose plan or closure waits, not their own case nor one about them."""
    scope = scope_of(user)
    if not scope.supervisor_paths:
        return None
    return (
        Case.objects.visible_to(user)
        .filter(IN_REVIEW)
        .exclude(social_worker=user)
        .exclude(recipient__user=user)
        .annotate(submitted_at=Max("events__at", filter=SUBMITTED))
        .select_related("recipient", "social_worker")
    )


def _case_line(case: Case) -> QueueItem:
    return QueueItem(
        title=f"#{case.pk} {case.recipient.name} · {case.social_worker.name}",
        url=case.get_absolute_url(),
        since=case.submitted_at,
        detail=str(case.get_status_display()),
    )


def register() -> None:
    queue_register(
        QueueProvider(
            key="case_review",
            label=_("Plans and closures to review"),
            items=cases_to_review,
            describe=_case_line,
            order="opened_at",
            position=12,
        )
    )
