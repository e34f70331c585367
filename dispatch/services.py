"""Sending needs to departments and their answers."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import check_not_own
from dispatch import notify
from dispatch.models import OPEN_DISPATCH, Dispatch, DispatchStatus
from needs.models import ENDED_STATUSES, EventKind, Need
from needs.services import NeedError, need_answer, need_answer_finished, need_event_add
from orgs.models import Kind


@transaction.atomic
def need_dispatch(*, need: Need, by, department, deadline, instructions: str = "") -> Dispatch:
    if department.kind != Kind.DEPARTMENT:
        raise NeedError(_("Needs are dispatched to government departments."))
    if deadline <= timezone.now():
        raise NeedError(_("The deadline must be in the future."))
    need = need_answer(need=need)
    dispatch = Dispatch.objects.create(
        need=need, department=department, deadline=deadline, instructions=instructions.strip(), sent_by=by
    )
    need_event_add(
        need=need,
        kind=EventKind.DISPATCHED,
        by=by,
        note=f"{department} · {timezone.localtime(deadline):%Y-%m-%d %H:%M}",
    )
    notify.dispatch_sent(dispatch)
    return dispatch


def _answer(dispatch: Dispatch, *, allowed: set, by, status: str, reply: str, kind: str) -> Dispatch:
    need = Need.objects.select_for_update().get(pk=dispatch.need_id)  # the need first, as everywhere
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if status != DispatchStatus.WITHDRAWN:  # the department's answer, never the sender's
        check_not_own(by, dispatch, NeedError)
    if need.status in ENDED_STATUSES:
        raise NeedError(_("This need has ended already (%(status)s).") % {"status": need.get_status_display()})
    if dispatch.status not in allowed:
        raise NeedError(_("This dispatch is %(status)s already.") % {"status": dispatch.get_status_display()})
    now = timezone.now()
    dispatch.status = status
    dispatch.answered_at = dispatch.answered_at or now
    dispatch.answered_by = by
    if reply:
        dispatch.reply = reply.strip()
    if status == DispatchStatus.COMPLETED:
        dispatch.completed_at = now
    dispatch.save(update_fields=["status", "answered_at", "answered_by", "reply", "completed_at"])
    note = f"{dispatch.department}{': ' + reply.strip() if reply.strip() else ''}"
    need_event_add(need=dispatch.need, kind=kind, by=by, note=note)
    return dispatch


@transaction.atomic
def dispatch_accept(*, dispatch: Dispatch, by) -> Dispatch:
    return _answer(
        dispatch,
        allowed={DispatchStatus.SENT},
        by=by,
        status=DispatchStatus.ACCEPTED,
        reply="",
        kind=EventKind.DISPATCH_ACCEPTED,
    )


def _finish(dispatch: Dispatch, *, by, status: str, text: str, kind: str) -> Dispatch:
    dispatch = _answer(
        dispatch, allowed={DispatchStatus.SENT, DispatchStatus.ACCEPTED}, by=by, status=status, reply=text, kind=kind
    )
    need_answer_finished(need=Need.objects.select_for_update().get(pk=dispatch.need_id), by=by)
    return dispatch


@transaction.atomic
def dispatch_return(*, dispatch: Dispatch, by, reason: str) -> Dispatch:
    if not reason.strip():
        raise NeedError(_("Give the reason for returning it."))
    dispatch = _finish(dispatch, by=by, status=DispatchStatus.RETURNED, text=reason, kind=EventKind.DISPATCH_RETURNED)
    notify.dispatch_answered(dispatch, "dispatch_returned")
    return dispatch


@transaction.atomic
def dispatch_complete(*, dispatch: Dispatch, by, result: str) -> Dispatch:
    if not result.strip():
        raise NeedError(_("Describe the result."))
    dispatch = _finish(dispatch, by=by, status=DispatchStatus.COMPLETED, text=result, kind=EventKind.DISPATCH_COMPLETED)
    notify.dispatch_answered(dispatch, "dispatch_completed")
    return dispatch


@transaction.atomic
def dispatch_withdraw(*, dispatch: Dispatch, by, reason: str) -> Dispatch:
    """The sender takes a dispatch back (sent to the wrong department, or no longer needed); the need can
    then be sent elsewhere."""
    if not reason.strip():
        raise NeedError(_("Give a reason."))
    return _finish(dispatch, by=by, status=DispatchStatus.WITHDRAWN, text=reason, kind=EventKind.DISPATCH_WITHDRAWN)


def dispatches_withdraw_with_need(need: Need) -> None:
    """A need that ends takes back its open dispatches (inside the need's transaction)."""
    need.dispatches.open().update(status=DispatchStatus.WITHDRAWN, answered_at=timezone.now())


def dispatch_escalate_overdue(now) -> int:
    """Mark dispatches past their deadline as escalated (once each), with an event on their need."""
    dispatches = list(
        Dispatch.objects.select_for_update()
        .filter(status__in=OPEN_DISPATCH, deadline__lt=now, escalated_at__isnull=True)
        .select_related("department")
    )
    for dispatch in dispatches:
        dispatch.escalated_at = now
        dispatch.save(update_fields=["escalated_at"])
        need_event_add(
            need=dispatch.need,
            kind=EventKind.ESCALATED,
            note=f"{dispatch.department} {timezone.localtime(dispatch.deadline):%Y-%m-%d %H:%M}",
        )
        notify.dispatch_overdue(dispatch)
    return len(dispatches)
