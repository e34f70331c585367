"""Hours for home-service tasks: the volunteer's start and end at the visit (or the times entered by the worker
or the team leader), confirmation by someone other than the volunteer, and the ledger entry, credited once.

Each step locks the need, then the task, then the service time (the order of needs.services), and writes its
step into the need's timeline. The ledger's own rules hold too: nobody records their own hours, and no hours
for a day that has not come yet."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import check_not_own, may_decide
from ledger.chain import service_hours
from ledger.models import EntryKind
from ledger.services import entry_append, entry_from_source
from needs.models import EventKind, Need, Task, TaskStatus
from needs.services import NeedError, _event, _lock_need_then, need_answer_finished
from needs.task_time import ConfirmedHow, TaskTime, TimeMethod
from orgs.models import MembershipStatus, TeamMembership

SOURCE_KIND = "task"  # the ledger's source kind of hours credited from a task
MAX_SERVICE = datetime.timedelta(hours=12)  # one visit; a longer one is a forgotten end, entered by the worker
SERVING_STATUSES = (TaskStatus.ACCEPTED, TaskStatus.DONE)


def hours_of(time: TaskTime) -> Decimal:
    """The service time in hours, rounded down to HOURS_STEP_MINUTES (as for activities)."""
    if time.ended_at is None:
        return Decimal(0)
    return service_hours(time.started_at, time.ended_at, step_minutes=settings.HOURS_STEP_MINUTES)


def _hours_text(hours: Decimal) -> str:
    return _("%(hours)s hours") % {"hours": f"{hours:f}".rstrip("0").rstrip(".") or "0"}


def may_serve(task: Task, volunteer) -> bool:
    """The task's volunteer, or an approved member of the team it was offered to."""
    if task.volunteer_id == volunteer.pk:
        return True
    return (
        task.team_id is not None
        and TeamMembership.objects.filter(
            team_id=task.team_id, volunteer=volunteer, status=MembershipStatus.APPROVED
        ).exists()
    )


def _require_serving(task: Task):
    if task.status not in SERVING_STATUSES:
        raise NeedError(
            _("Service time is recorded only for an accepted or done task; this task is %(status)s.")
            % {"status": task.get_status_display()}
        )


def _require_day_come(task: Task, start: datetime.datetime):
    if timezone.localdate(start) < task.on:
        raise NeedError(
            _("This task is set for %(date)s: its service cannot start before that day.")
            % {"date": date_format(task.on)}
        )


def _too_long_message() -> str:
    return _("One service lasts at most %(hours)s hours; for a longer one the social worker enters the times.") % {
        "hours": int(MAX_SERVICE.total_seconds() // 3600)
    }


def _check_times(task: Task, started_at: datetime.datetime, ended_at: datetime.datetime):
    if ended_at <= started_at:
        raise NeedError(_("The end must come after the start."))
    if ended_at > timezone.now():
        raise NeedError(_("Hours cannot be recorded for a time that has not come yet."))
    if ended_at - started_at > MAX_SERVICE:
        raise NeedError(_too_long_message())
    _require_day_come(task, started_at)


def _span(time: TaskTime) -> str:
    start, end = timezone.localtime(time.started_at), timezone.localtime(time.ended_at)
    return f"{time.volunteer.user.name} {start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _done(need: Need, task: Task, time: TaskTime, by, note: str = ""):
    """The task's own volunteer has ended their service: the task is done (as needs.services.task_done)."""
    if task.status != TaskStatus.ACCEPTED or task.volunteer_id != time.volunteer_id:
        return
    task.status = TaskStatus.DONE
    task.note = note.strip()[:200] or task.note
    task.save(update_fields=["status", "note"])
    _event(need, EventKind.TASK_DONE, by, note.strip())
    need_answer_finished(need=need, by=by)


def _time_locked(task: Task, volunteer) -> TaskTime | None:
    return (
        TaskTime.objects.select_for_update(of=("self",))
        .select_related("volunteer__user")
        .filter(task=task, volunteer=volunteer)
        .first()
    )


@transaction.atomic
def task_time_start(*, task: Task, volunteer) -> TaskTime:
    """The volunteer starts the service on their phone at the visit. A second start (a phone that sends twice)
    returns the first; a task set for a later day cannot start yet."""
    need, task = _lock_need_then(task)
    _require_serving(task)
    if not may_serve(task, volunteer):
        raise NeedError(_("This task is not yours."))
    time = _time_locked(task, volunteer)
    if time is not None:
        return time
    now = timezone.now()
    _require_day_come(task, now)
    time = TaskTime.objects.create(
        task=task, volunteer=volunteer, started_at=now, method=TimeMethod.PHONE, recorded_by=volunteer.user
    )
    _event(need, EventKind.SERVICE_STARTED, volunteer.user, f"{volunteer.user.name} {timezone.localtime(now):%H:%M}")
    return time


@transaction.atomic
def task_time_end(*, task: Task, volunteer, note: str = "") -> TaskTime:
    """The volunteer ends the service on their phone; the time then waits for another person's confirmation.
    A second end returns the first; the task's own volunteer ending it marks the task done."""
    need, task = _lock_need_then(task)
    time = _time_locked(task, volunteer)
    if time is None:
        raise NeedError(_("Start the service first."))
    if time.ended_at is not None:
        return time
    _require_serving(task)
    now = max(timezone.now(), time.started_at + datetime.timedelta(seconds=1))
    if now - time.started_at > MAX_SERVICE:
        raise NeedError(_too_long_message())
    time.ended_at = now
    time.save(update_fields=["ended_at"])
    _event(need, EventKind.SERVICE_ENDED, volunteer.user, f"{_span(time)} · {_hours_text(hours_of(time))}")
    _done(need, task, time, volunteer.user, note)
    return time


@transaction.atomic
def task_time_record(*, task: Task, volunteer, by, started_at, ended_at, how: str) -> TaskTime:
    """The worker (or the team's leader, `how`) enters the times of a volunteer without a phone, or of a member
    who came: past times only, the end after the start, on or after the task's day. Entered by someone other
    than the volunteer, the time is confirmed and credited at once; a leader's own waits for another person."""
    need, task = _lock_need_then(task)
    _require_serving(task)
    if not may_serve(task, volunteer):
        raise NeedError(
            _("%(name)s is not this task's volunteer or a member of its team.") % {"name": volunteer.user.name}
        )
    _check_times(task, started_at, ended_at)
    time = _time_locked(task, volunteer)
    if time is not None and time.confirmed_at is not None:
        raise NeedError(_("This service time has been confirmed already; ask for a correction of the record."))
    method = TimeMethod.LEADER if how == ConfirmedHow.LEADER else TimeMethod.WORKER
    if time is None:
        time = TaskTime(task=task, volunteer=volunteer)
    time.started_at, time.ended_at, time.method, time.recorded_by = started_at, ended_at, method, by
    time.save()
    _event(need, EventKind.SERVICE_ENDED, by, f"{_span(time)} · {time.get_method_display()}")
    _done(need, task, time, by)
    if may_decide(by, time):
        _confirm(need, task, time, confirmer=by, recorder=by, how=how)
    return time


@transaction.atomic
def task_time_confirm(*, time: TaskTime, by, how: str) -> TaskTime:
    """The worker or the team leader (`how`) confirms a service time; its hours go into the ledger once. Never
    one's own: a worker or leader who served waits for another person."""
    time = TaskTime.objects.select_related("volunteer").get(pk=time.pk)
    message = _("Your own service time is confirmed by the social worker, the team leader or the recipient.")
    check_not_own(by, time, NeedError, message)
    need, task = _lock_need_then(time.task)
    time = TaskTime.objects.select_for_update(of=("self",)).select_related("volunteer__user").get(pk=time.pk)
    if time.confirmed_at is not None:
        raise NeedError(_("This service time has been confirmed already."))
    if time.ended_at is None:
        raise NeedError(_("The service has not ended yet."))
    _require_serving(task)
    return _confirm(need, task, time, confirmer=by, recorder=by, how=how)


def task_times_confirm_on_evaluation(*, need: Need, by) -> int:
    """The recipient's evaluation confirms the ended, unconfirmed service times of the need's tasks (called by
    need_evaluate, inside its transaction). It is recorded by whoever collected it (`by`), or, from the
    recipient's phone link, by the worker who offered the task; a time of either's own is left for another."""
    confirmed = 0
    times = (
        TaskTime.objects.select_for_update(of=("self",))
        .select_related("task__created_by", "volunteer__user")
        .filter(task__need=need, task__status__in=SERVING_STATUSES, ended_at__isnull=False, confirmed_at__isnull=True)
        .order_by("pk")
    )
    for time in times:
        recorder = by or time.task.created_by
        if recorder is None or not may_decide(recorder, time):
            continue
        _confirm(need, time.task, time, confirmer=by, recorder=recorder, how=ConfirmedHow.EVALUATION)
        confirmed += 1
    return confirmed


def _confirm(need: Need, task: Task, time: TaskTime, *, confirmer, recorder, how: str) -> TaskTime:
    """Mark the time confirmed and credit its hours (Art. 7 fields) once; less than one step credits nothing."""
    time.confirmed_by, time.confirmed_at, time.confirmed_how = confirmer, timezone.now(), how
    time.save(update_fields=["confirmed_by", "confirmed_at", "confirmed_how"])
    hours = hours_of(time)
    name = time.volunteer.user.name
    if hours <= 0:
        _event(need, EventKind.HOURS_CONFIRMED, confirmer, f"{name} · {_('less than one step: no hours')}")
        return time
    _event(
        need,
        EventKind.HOURS_CONFIRMED,
        confirmer,
        f"{name} · {_hours_text(hours)} · {time.get_confirmed_how_display()}",
    )
    entry = entry_from_source(volunteer=time.volunteer, source_kind=SOURCE_KIND, source_ref=str(task.pk))
    if entry is None:
        entry = entry_append(**_entry_fields(need, task, time), by=recorder, hours=hours)
    time.entry = entry
    time.save(update_fields=["entry"])
    _event(need, EventKind.HOURS_CREDITED, confirmer, f"{name} · {_hours_text(entry.hours)}")
    return time


def _entry_fields(need: Need, task: Task, time: TaskTime) -> dict:
    """The record's fields (Art. 7): the service, its date, place and content, the organising unit and lead."""
    field = need.service_field.label if need.service_field_id else ""
    service = _("Home service: %(field)s") % {"field": field} if field else _("Home service")
    return {
        "volunteer": time.volunteer,
        "kind": EntryKind.SERVICE,
        "activity_name": service[:100],
        "on": timezone.localdate(time.started_at),
        "place": f"{need.region.name} {task.place}".strip()[:200],
        "content": task.what[:500],
        "organiser": (task.team.name if task.team_id else need.region.name)[:100],
        "lead": (task.created_by.name if task.created_by_id else "")[:50],
        "source_kind": SOURCE_KIND,
        "source_ref": str(task.pk),
    }
