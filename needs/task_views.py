"""The service time of a task, on the task's page: the volunteer starts and ends the service on the phone at
the visit; the worker of the area or the team's leader enters the times of those without a phone and confirms
the times the volunteers recorded (never their own)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, may_decide, scope_of, scoped
from core.forms import errors_as_messages
from needs.forms import ReasonForm, TaskTimeForm
from needs.models import Task
from needs.services import NeedError
from needs.task_service import (
    SERVING_STATUSES,
    hours_of,
    may_serve,
    task_time_confirm,
    task_time_end,
    task_time_record,
    task_time_start,
)
from needs.task_time import ConfirmedHow, TaskTime
from orgs.models import MembershipStatus, TeamMembership
from people.models import Volunteer


def managed_as(user, task: Task) -> str | None:
    """How the user confirms the task's service times: as a worker of its area, as the leader of its team, or
    not at all."""
    if can_change(user, task):
        return ConfirmedHow.WORKER
    if task.team_id is not None and task.team_id in scope_of(user).led_team_ids:
        return ConfirmedHow.LEADER
    return None


def task_volunteers(task: Task):
    """Who may have served on the task: its volunteer and the approved members of its team."""
    who = Q(pk=task.volunteer_id or 0)
    if task.team_id:
        members = TeamMembership.objects.filter(team_id=task.team_id, status=MembershipStatus.APPROVED)
        who |= Q(pk__in=members.values("volunteer_id"))
    return Volunteer.objects.filter(who).select_related("user").order_by("pk")


def task_time_context(request, task: Task) -> dict:
    """What the task page shows of the service times, for the task's detail view."""
    volunteer_id = scope_of(request.user).volunteer_id
    how = managed_as(request.user, task)
    times = list(task.times.select_related("volunteer__user", "entry").order_by("started_at", "pk"))
    for time in times:
        time.hours = hours_of(time)
        time.confirmable = how is not None and time.waits_for_confirmation and may_decide(request.user, time)
    return {
        "my_time": next((time for time in times if time.volunteer_id == volunteer_id), None),
        "times": times,
        "manages": how is not None,
        "time_form": TaskTimeForm(volunteers=task_volunteers(task))
        if how and task.status in SERVING_STATUSES
        else None,
    }


@require_POST
@scoped("task")
def task_time_step(request, pk, step):
    """The volunteer's own start or end of the service, from the phone (a repeat changes nothing)."""
    task = get_for_user(Task.objects.all(), request.user, pk)
    volunteer = Volunteer.objects.filter(pk=scope_of(request.user).volunteer_id or 0).select_related("user").first()
    if step not in {"start", "end"} or volunteer is None or not may_serve(task, volunteer):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("needs:task_detail", pk=task.pk)
    try:
        if step == "start":
            task_time_start(task=task, volunteer=volunteer)
        else:
            task_time_end(task=task, volunteer=volunteer, note=form.cleaned_data["reason"])
    except NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The service has started. Press “End the service” when you leave.")
            if step == "start"
            else _("Thank you for your service! Once confirmed, the hours go into your volunteer record."),
        )
    return redirect("needs:task_detail", pk=task.pk)


def _managed_task(request, pk) -> tuple[Task, str]:
    task = get_for_user(Task.objects.select_related("need"), request.user, pk)
    how = managed_as(request.user, task)
    if how is None:
        raise PermissionDenied
    return task, how


@require_POST
@scoped("task")
def task_time_enter(request, pk):
    """The worker or the team leader enters the times of a volunteer who served."""
    task, how = _managed_task(request, pk)
    form = TaskTimeForm(request.POST, volunteers=task_volunteers(task))
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("needs:task_detail", pk=task.pk)
    data = form.cleaned_data
    try:
        time = task_time_record(
            task=task,
            volunteer=data["volunteer"],
            by=request.user,
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            how=how,
        )
    except NeedError as error:
        messages.error(request, str(error))
    else:
        if time.confirmed_at:
            messages.success(request, _("The service time has been recorded and credited."))
        else:
            messages.success(request, _("The service time has been recorded; another person confirms your own."))
    return redirect("needs:task_detail", pk=task.pk)


@require_POST
@scoped("task")
def task_time_confirm_view(request, pk, time_pk):
    """The worker or the team leader confirms a service time; its hours go into the volunteer's record."""
    task, how = _managed_task(request, pk)
    time = TaskTime.objects.filter(task=task, pk=time_pk).first()
    if time is None:
        raise Http404
    try:
        task_time_confirm(time=time, by=request.user, how=how)
    except NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Confirmed: the hours are in the volunteer's record."))
    return redirect("needs:task_detail", pk=task.pk)
