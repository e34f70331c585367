"""State changes of needs, tasks and evaluations. Each writes its step into the need's timeline; the need's status
moves only through its table (needs/workflow.py)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.forms import WANTED
from needs import notify
from needs.answers import answer_kinds
from needs.models import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    Decline,
    Evaluation,
    EventKind,
    HomeVisit,
    Need,
    NeedEvent,
    Status,
    Task,
    TaskStatus,
    Urgency,
)
from needs.recurrence import RECURRING, window_problem
from needs.workflow import NEED_FLOW, Action, NeedError, ended_already


def response_due(*, start: datetime.datetime, urgency: str, crisis: bool) -> datetime.datetime:
    hours = settings.RESPONSE_HOURS[Urgency.CRISIS if crisis else urgency]
    return start + datetime.timedelta(hours=hours)


def _event(need: Need, kind: str, by=None, note: str = "") -> NeedEvent:
    return NeedEvent.objects.create(need=need, kind=kind, by=by, note=note)


def need_event_add(*, need: Need, kind: str, by=None, note: str = "") -> NeedEvent:
    """A step of an answer, written into the need's timeline (called by the apps that answer needs)."""
    return _event(need, kind, by, note)


def _require_open(need: Need):
    if need.status in ENDED_STATUSES:
        raise NeedError(ended_already(need))


def _require_within_a_year(day):
    message = WANTED.problem(day)
    if message:
        raise NeedError(message)


def require_window(data: dict, need: Need | None = None):
    """A window of days in order, not past, at most 31 days, on a need served once (`window_problem`)."""

    def value(name, default=None):
        return data[name] if name in data else getattr(need, name, default)

    message = window_problem(value("wanted_on"), value("wanted_until"), value("recurrence"), people=value("people", 1))
    if message:
        raise NeedError(message)


NEED_FIELDS = (
    "recipient", "service_field", "help", "description", "urgency", "crisis", "region", "address", "latitude",
    "longitude", "wanted_on", "wanted_until", "wanted_part", "recurrence", "language", "gender_preference",
    "required_qualification", "suitable_for_minors", "max_distance_km", "people",
)  # fmt: skip


@transaction.atomic
def need_create(*, source: str, by, data: dict, home_visit: HomeVisit | None = None) -> Need:
    """Record a need found by a visit, asked by a resident, referred or reported."""
    _require_within_a_year(data.get("wanted_on"))
    require_window(data)
    need = Need(source=source, created_by=by, home_visit=home_visit)
    for key in NEED_FIELDS:
        if key in data:
            setattr(need, key, data[key])
    if need.crisis:
        need.urgency = Urgency.CRISIS
    need.response_due_at = response_due(start=timezone.now(), urgency=need.urgency, crisis=need.crisis)
    need.save()
    need.required_skills.set(data.get("required_skills", []))
    _event(need, EventKind.CREATED, by)
    notify.need_waiting(need, by)
    return need


@transaction.atomic
def home_visit_record(*, by, recipient, visited_at, observations: str, needs: list[dict]) -> HomeVisit:
    """One visit, with the household's observations and every need it found."""
    visit = HomeVisit.objects.create(
        recipient=recipient, region=recipient.region, visited_at=visited_at, visited_by=by, observations=observations
    )
    for data in needs:
        need_create(
            source="home_visit",
            by=by,
            home_visit=visit,
            data={"recipient": recipient, "region": recipient.region, "address": recipient.address, **data},
        )
    return visit


def open_duplicates(*, recipient, service_field, exclude: Need | None = None):
    """Open needs of the same recipient in the same field: shown before a triage saves."""
    if recipient is None or service_field is None:
        return Need.objects.none()
    duplicates = Need.objects.filter(recipient=recipient, service_field=service_field, status__in=OPEN_STATUSES)
    return duplicates.exclude(pk=exclude.pk) if exclude else duplicates


@transaction.atomic
def need_triage(*, need: Need, by, service_field, urgency: str, crisis: bool, note: str = "") -> Need:
    """A worker other than the need's person sets its field and urgency (a worker's own request is triaged by a
    colleague)."""
    urgency = Urgency.CRISIS if crisis else urgency
    changes = {
        "service_field": service_field,
        "crisis": crisis,
        "urgency": urgency,
        "response_due_at": response_due(start=need.created_at, urgency=urgency, crisis=crisis),
    }
    label = f"{service_field.label if service_field else ''} · {Urgency(urgency).label}"
    return NEED_FLOW.take(need, Action.TRIAGE, by=by, note=f"{label}{' · ' + note if note else ''}", changes=changes)


def _answered(need: Need, by=None) -> Need:
    """A triaged need that gets an answer is in service: the need, locked, is returned. The app giving the
    answer has decided who may give it, and writes the answer's event."""
    return NEED_FLOW.take(need, Action.ANSWER, by=by, automatic=True)


@transaction.atomic
def need_answer(*, need: Need) -> Need:
    """An answer is given to a need (by the app that owns the answer): the need, locked, is in service.
    Refused for a need not yet triaged or already ended. The caller writes the answer's event."""
    return _answered(need)


def _open_answer(need: Need) -> bool:
    return need.tasks.filter(status__in=[TaskStatus.OFFERED, TaskStatus.ACCEPTED]).exists() or any(
        kind.is_open(need) for kind in answer_kinds()
    )


def need_answer_finished(*, need: Need, by=None):
    """When the last open task or other answer of a need in service finishes, the need is served."""
    if need.status != Status.IN_SERVICE:
        return
    if _open_answer(need):
        return
    if need.tasks.filter(status=TaskStatus.DONE).exists() or any(kind.delivered(need) for kind in answer_kinds()):
        notify.evaluation_link(NEED_FLOW.take(need, Action.SERVE, by=by, automatic=True))


@transaction.atomic
def task_offer(*, need: Need, by, what: str, on, place: str, contact: str, volunteer=None, team=None) -> Task:
    if volunteer is None and team is None:
        raise NeedError(_("Choose a volunteer or a team."))
    _require_within_a_year(on)
    if volunteer is not None and volunteer.status != "registered":
        raise NeedError(_("This volunteer's registration is not active."))
    need = _answered(need, by)
    task = Task.objects.create(
        need=need, volunteer=volunteer, team=team, what=what, on=on, place=place, contact=contact, created_by=by
    )
    _event(need, EventKind.TASK_OFFERED, by, str(volunteer.user.name if volunteer else team))
    notify.task_offered(task)
    return task


def _lock_need_then(task: Task) -> tuple[Need, Task]:
    """Lock the need before its task: every service locks in this order, so two never wait on each other."""
    need = Need.objects.select_for_update().get(pk=task.need_id)
    return need, Task.objects.select_for_update().get(pk=task.pk)


def _shortfall(need: Need, task: Task, volunteer) -> str:
    """For a need served by several volunteers together, who is missing on the day of the task declined (the
    worker reads it in the timeline and finds another), else nothing."""
    if need.people <= 1:
        return ""
    live = [TaskStatus.OFFERED, TaskStatus.ACCEPTED, TaskStatus.DONE]
    coming = need.tasks.filter(on=task.on, status__in=live).exclude(pk=task.pk).count()
    return _(
        "On %(day)s, %(missing)s of the %(people)s volunteers serving together are missing: %(name)s declined."
    ) % {
        "day": date_format(task.on),
        "people": need.people,
        "missing": max(0, need.people - coming),
        "name": volunteer.user.name,
    }


@transaction.atomic
def task_answer(*, task: Task, volunteer, accept: bool, reason: str = "", series: bool = False) -> Task:
    """A volunteer accepts or declines. A team task is taken by the first member who accepts; a member who
    declines it leaves it open for the others. Declining a date of a recurring need declines that date alone;
    with `series`, the whole series (matching never proposes them for the need again)."""
    reason = reason.strip()[:200]  # the task's note and the decline's reason hold 200 characters
    need, task = _lock_need_then(task)
    _require_open(need)
    if task.status != TaskStatus.OFFERED:
        raise NeedError(_("This task has been answered already."))
    kind = EventKind.TASK_ACCEPTED if accept else EventKind.TASK_DECLINED
    if not accept:
        # A date of a recurring need is declined alone: the series stays with the volunteer, the date is matched
        # again without them.
        on = task.on if need.recurrence in RECURRING and not series else None
        Decline.objects.get_or_create(need=need, volunteer=volunteer, on=on, defaults={"reason": reason})
    if not accept and task.volunteer is None:
        _event(need, kind, volunteer.user, f"{task.team}: {reason}".rstrip(": "))
        notify.task_answered(task, volunteer, accept)
        return task
    task.status = TaskStatus.ACCEPTED if accept else TaskStatus.DECLINED
    task.answered_by = volunteer
    if accept and task.volunteer is None:
        task.volunteer = volunteer
    task.note = reason
    task.save(update_fields=["status", "answered_by", "volunteer", "note"])
    note = reason if accept else " ".join(filter(None, [_shortfall(need, task, volunteer), reason]))
    _event(need, kind, volunteer.user, note)
    notify.task_answered(task, volunteer, accept)
    if not accept:
        need_answer_finished(need=need, by=volunteer.user)
    return task


@transaction.atomic
def task_done(*, task: Task, volunteer, note: str = "") -> Task:
    need, task = _lock_need_then(task)
    _require_open(need)
    if task.status != TaskStatus.ACCEPTED:
        raise NeedError(_("Accept the task before marking it done."))
    task.status = TaskStatus.DONE
    task.note = note.strip()
    task.save(update_fields=["status", "note"])
    _event(need, EventKind.TASK_DONE, volunteer.user, note.strip())
    need_answer_finished(need=need, by=volunteer.user)
    return task


@transaction.atomic
def need_match_service_item(*, need: Need, by, item) -> Need:
    need = _answered(need, by)
    item.needs.add(need)
    _event(need, EventKind.SERVICE_ITEM, by, str(item))
    return need


@transaction.atomic
def need_open_case(*, need: Need, by) -> Need:
    need = _answered(need, by)
    if need.case_opened_at is None:
        need.case_opened_at = timezone.now()
        need.save(update_fields=["case_opened_at"])
        _event(need, EventKind.CASE_OPENED, by)
    return need


@transaction.atomic
def need_mark_served(*, need: Need, by, note: str = "") -> Need:
    """A social worker confirms the service was delivered (确认完成), e.g. by a project service."""

    def nothing_open(need: Need):
        if need.tasks.filter(status__in=[TaskStatus.OFFERED, TaskStatus.ACCEPTED]).exists():
            raise NeedError(_("Some tasks are still open: finish or cancel them first."))
        for answer in answer_kinds():
            if answer.is_open(need):
                raise NeedError(answer.still_open_message or _("An answer to this need is still open."))

    need = NEED_FLOW.take(need, Action.MARK_SERVED, by=by, note=note, check=nothing_open)
    notify.evaluation_link(need)
    return need


@transaction.atomic
def need_evaluate(*, need: Need, by, satisfaction: int, comment: str, outcome: str, given_by: str) -> Evaluation:
    """The evaluation that closes a served need (评单), collected by someone who did not deliver the service
    (`by` is None for the recipient's own phone link)."""

    def in_range(need: Need):
        if not 1 <= int(satisfaction) <= 5:
            raise NeedError(_("Satisfaction is a number from 1 to 5."))

    # The phone link has no user to check: the link itself is the recipient's.
    need = NEED_FLOW.take(
        need,
        Action.EVALUATE,
        by=by,
        automatic=by is None,
        note=f"{'★' * int(satisfaction)} {comment.strip()}",
        changes={"ended_at": timezone.now()},
        check=in_range,
    )
    for answer in answer_kinds():
        if answer.on_evaluated:  # the evaluation confirms the hours of the tasks served (needs.task_service)
            answer.on_evaluated(need, by)
    evaluation = Evaluation.objects.create(
        need=need,
        satisfaction=satisfaction,
        comment=comment.strip(),
        outcome=outcome.strip(),
        given_by=given_by.strip() or _("recipient"),
        collected_by=by,
    )
    _event(need, EventKind.CLOSED, by, outcome.strip())
    return evaluation


def _end(need: Need, *, by, action: str, reason: str, referred_to: str = "") -> Need:
    def reason_given(need: Need):
        if not reason.strip():
            raise NeedError(_("Give a reason."))

    need = NEED_FLOW.take(
        need,
        action,
        by=by,
        note=f"{referred_to.strip() + ': ' if referred_to.strip() else ''}{reason.strip()}",
        changes={"end_reason": reason.strip(), "referred_to": referred_to.strip(), "ended_at": timezone.now()},
        check=reason_given,
    )
    need.tasks.filter(status__in=[TaskStatus.OFFERED, TaskStatus.ACCEPTED]).update(status=TaskStatus.CANCELLED)
    for answer in answer_kinds():
        if answer.on_need_ended:
            answer.on_need_ended(need)
    return need


@transaction.atomic
def need_refer(*, need: Need, by, to: str, reason: str) -> Need:
    if not to.strip():
        raise NeedError(_("Say to whom the need is referred."))
    return _end(need, by=by, action=Action.REFER, reason=reason, referred_to=to)


@transaction.atomic
def need_withdraw(*, need: Need, by, reason: str) -> Need:
    return _end(need, by=by, action=Action.WITHDRAW, reason=reason)


@transaction.atomic
def escalate_overdue(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Mark needs still unanswered after their response deadline, and answers past their deadline (asked of
    each registered answer kind, e.g. dispatches), as escalated (once each); supervisors and region admins
    see them at the top of their home pages."""
    now = now or timezone.now()
    needs = list(
        Need.objects.select_for_update().filter(
            status__in=[Status.NEW, Status.TRIAGED], response_due_at__lt=now, escalated_at__isnull=True
        )
    )
    for need in needs:
        need.escalated_at = now
        need.save(update_fields=["escalated_at"])
        _event(need, EventKind.ESCALATED, None, f"{timezone.localtime(need.response_due_at):%Y-%m-%d %H:%M}")
    notify.needs_escalated(needs)
    answers = sum(kind.escalate(now) for kind in answer_kinds() if kind.escalate)
    return len(needs), answers


def tasks_remind_due_tomorrow(*, today: datetime.date | None = None) -> int:
    """Remind each volunteer of their accepted tasks of the next day (once per task and day)."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    tasks = list(Task.objects.filter(status=TaskStatus.ACCEPTED, on=tomorrow).select_related("volunteer"))
    notify.tasks_due_tomorrow(tasks)
    return len(tasks)
