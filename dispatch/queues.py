"""What waits in dispatch: needs a department returned, for the workers of the area; dispatches to answer,
for the department's liaisons. Registered with core.queues in DispatchConfig.ready()."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import scope_of
from core.queues import QueueItem, QueueProvider, queue_register
from dispatch.models import OPEN_DISPATCH, Dispatch, DispatchStatus
from needs.models import OPEN_STATUSES, EventKind, Need, NeedEvent

# The events that give a need another answer; a returned dispatch waits until one follows it.
ANSWER_EVENTS = (
    EventKind.TASK_OFFERED,
    EventKind.DISPATCHED,
    EventKind.SERVICE_ITEM,
    EventKind.RESOURCE_USED,
    EventKind.CASE_OPENED,
)


def dispatches_returned(user):
    """Dispatches a department returned, of open needs the user works on, until the need gets another answer."""
    scope = scope_of(user)
    if not (scope.everything or scope.staff_paths):
        return None
    answered_since = NeedEvent.objects.filter(
        need_id=OuterRef("need_id"), kind__in=ANSWER_EVENTS, at__gt=OuterRef("answered_at")
    )
    return (
        Dispatch.objects.visible_to(user)
        .filter(
            status=DispatchStatus.RETURNED,
            need__status__in=OPEN_STATUSES,
            need__in=Need.objects.changeable_by(user),
        )
        .exclude(Exists(answered_since))
        .select_related("need__recipient", "need__region", "department")
    )


def _returned_line(dispatch: Dispatch) -> QueueItem:
    need = dispatch.need
    who = need.recipient.name if need.recipient_id else need.region.name
    return QueueItem(
        title=f"#{need.pk} {who} ← {dispatch.department}",
        url=need.get_absolute_url(),
        since=dispatch.answered_at,
        detail=dispatch.reply,
    )


def dispatches_to_answer(user):
    """Dispatches sent to the liaison's departments, still open, not sent by the liaison themself."""
    scope = scope_of(user)
    if not scope.liaison_org_ids:
        return None
    return (
        Dispatch.objects.visible_to(user)
        .filter(department_id__in=scope.liaison_org_ids, status__in=OPEN_DISPATCH)
        .exclude(sent_by=user)
        .select_related("need__region", "need__service_field", "department")
    )


def _to_answer_line(dispatch: Dispatch) -> QueueItem:
    need = dispatch.need
    field = need.service_field.label if need.service_field_id else ""
    return QueueItem(
        title=f"#{need.pk} {field} · {need.region.name}",
        url=reverse("dispatch:detail", args=[dispatch.pk]),
        since=dispatch.sent_at,
        detail=f"{dispatch.get_status_display()} · {dispatch.department}",
    )


def register() -> None:
    queue_register(
        QueueProvider(
            key="dispatch_returned",
            label=_("Dispatches returned by a department"),
            items=dispatches_returned,
            describe=_returned_line,
            order="answered_at",
            position=15,
        )
    )
    queue_register(
        QueueProvider(
            key="dispatch_to_answer",
            label=_("Dispatches for your department to answer"),
            items=dispatches_to_answer,
            describe=_to_answer_line,
            order="sent_at",
            position=20,
        )
    )
