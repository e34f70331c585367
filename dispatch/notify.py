"""Whom the dispatch services tell: the department's liaisons of what is sent to them, the sender of answers."""

from django.urls import reverse
from django.utils import timezone

from notifications.services import notification_raise
from people.selectors import liaisons_of


def dispatch_sent(dispatch) -> None:
    deadline = timezone.localtime(dispatch.deadline)
    notification_raise(
        kind="dispatch_sent",
        event_key=f"dispatch:{dispatch.pk}:sent",
        people=liaisons_of(dispatch.department),
        url=reverse("dispatch:detail", args=[dispatch.pk]),
        params={"department": dispatch.department.name, "day": f"{deadline.month}月{deadline.day}日"},
        region=dispatch.need.region,
    )


def dispatch_answered(dispatch, kind: str) -> None:
    """Returned or completed: the worker who sent it; a return says why, in short (the text goes by SMS)."""
    reason = dispatch.reply[:40] if kind == "dispatch_returned" else ""
    notification_raise(
        kind=kind,
        event_key=f"dispatch:{dispatch.pk}:{kind}",
        people=[dispatch.sent_by_id],
        url=reverse("dispatch:detail", args=[dispatch.pk]),
        params={"department": dispatch.department.name, "reason": reason},
        region=dispatch.need.region,
    )


def dispatch_overdue(dispatch) -> None:
    """Past its deadline: the sender and the department's liaisons."""
    notification_raise(
        kind="dispatch_overdue",
        event_key=f"dispatch:{dispatch.pk}:overdue",
        people=[dispatch.sent_by_id, *liaisons_of(dispatch.department)],
        url=reverse("dispatch:detail", args=[dispatch.pk]),
        params={"department": dispatch.department.name},
        region=dispatch.need.region,
    )
