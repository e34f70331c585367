"""What waits in needs: needs to triage for the workers of the area, tasks to accept for a volunteer.
Registered with core.queues in NeedsConfig.ready()."""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.access import scope_of
from core.queues import QueueItem, QueueProvider, queue_register
from needs.models import Need, Status, Task, TaskStatus


def needs_to_triage(user):
    """New needs of the user's area, not the user's own request (nobody triages their own)."""
    scope = scope_of(user)
    if not (scope.everything or scope.staff_paths):
        return None
    needs = Need.objects.changeable_by(user).filter(status=Status.NEW)
    if scope.recipient_id:
        needs = needs.exclude(recipient_id=scope.recipient_id)
    return needs.select_related("recipient", "service_field", "region")


def _need_line(need: Need) -> QueueItem:
    who = need.recipient.name if need.recipient_id else need.region.name
    return QueueItem(
        title=f"#{need.pk} {who} · {need.service_field.label if need.service_field_id else ''}".rstrip(" ·"),
        url=need.get_absolute_url(),
        since=need.created_at,
        detail=str(need.get_urgency_display()),
    )


def tasks_to_accept(user):
    """Tasks offered to the volunteer, or to one of their teams while no member has taken them."""
    scope = scope_of(user)
    if not scope.volunteer_id:
        return None
    mine = Q(volunteer_id=scope.volunteer_id) | Q(volunteer__isnull=True, team_id__in=scope.member_team_ids)
    return (
        Task.objects.visible_to(user)
        .filter(mine, status=TaskStatus.OFFERED)
        .select_related("need__service_field", "team")
    )


def _task_line(task: Task) -> QueueItem:
    field = task.need.service_field.label if task.need.service_field_id else ""
    return QueueItem(
        title=" · ".join(part for part in (field, task.what[:40]) if part),
        url=task.get_absolute_url(),
        since=task.created_at,
        detail=f"{date_format(task.on)} {task.place}" + (f" · {task.team}" if task.team_id else ""),
    )


def register() -> None:
    queue_register(
        QueueProvider(
            key="needs_new",
            label=_("Needs waiting for triage"),
            items=needs_to_triage,
            describe=_need_line,
            order="created_at",
            position=10,
        )
    )
    queue_register(
        QueueProvider(
            key="tasks_offered",
            label=_("Tasks offered to you"),
            items=tasks_to_accept,
            describe=_task_line,
            order="created_at",
            position=5,
        )
    )
