"""Whom the needs services tell of their steps, and with what (notifications/events.py holds the texts)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.services import notification_raise, recipient_message_raise
from orgs.models import MembershipStatus
from people.models import Role
from people.selectors import staff_holding


def _day(day) -> str:
    return f"{day.month}月{day.day}日"


def task_offered(task) -> None:
    """The volunteer named, or every approved member of the team it is offered to."""
    if task.volunteer_id:
        people = [task.volunteer.user_id]
    else:
        people = task.team.memberships.filter(status=MembershipStatus.APPROVED).values_list(
            "volunteer__user_id", flat=True
        )
    notification_raise(
        kind="task_offered",
        event_key=f"task:{task.pk}:offered",
        people=list(people),
        url=reverse("needs:task_detail", args=[task.pk]),
        params={"what": task.what, "day": _day(task.on)},
        region=task.need.region,
    )


def task_answered(task, volunteer, accept: bool) -> None:
    """The worker who offered it learns the answer."""
    kind = "task_accepted" if accept else "task_declined"
    notification_raise(
        kind=kind,
        event_key=f"task:{task.pk}:{kind}:{volunteer.pk}",
        people=[task.created_by_id],
        url=reverse("needs:detail", args=[task.need_id]),
        params={"what": task.what, "person": volunteer.user.name},
        region=task.need.region,
    )


def _to_recipient(need, *, kind: str, event_key: str, url: str, params: dict, keep: str = "") -> None:
    """The person served: as a user when they have an account, else by short SMS (their number or their
    guardian's)."""
    recipient = need.recipient
    if recipient is None:
        return
    if recipient.user_id:
        notification_raise(
            kind=kind, event_key=event_key, people=[recipient.user_id], url=url, params=params, region=need.region
        )
        return
    recipient_message_raise(
        kind=kind, event_key=event_key, recipients=[recipient.pk], params=params, keep=keep, region=need.region
    )


def tasks_due_tomorrow(tasks) -> None:
    """Reminders of accepted tasks on the next day, one per task and volunteer, and one per need and day to the
    person the volunteers come to (two volunteers of one visit make one reminder)."""
    for task in tasks:
        _to_recipient(
            task.need,
            kind="visit_tomorrow",
            event_key=f"need:{task.need_id}:visit:{task.on:%Y%m%d}",
            url="",
            params={"what": task.what[:20]},
        )
        notification_raise(
            kind="task_due",
            event_key=f"task:{task.pk}:due:{task.on:%Y%m%d}",
            people=[task.volunteer.user_id],
            url=reverse("needs:task_detail", args=[task.pk]),
            params={"what": task.what, "place": task.place},
            region=task.need.region,
        )


def need_waiting(need, by) -> None:
    """A new need waits for triage: the social workers of its area, except whoever recorded it (they know)."""
    workers = staff_holding([Role.SOCIAL_WORKER], need.region).exclude(pk=getattr(by, "pk", None))
    local = need.response_due_at.astimezone(timezone.get_current_timezone())
    notification_raise(
        kind="need_waiting",
        event_key=f"need:{need.pk}:waiting",
        people=list(workers.values_list("pk", flat=True)),
        url=reverse("needs:detail", args=[need.pk]),
        region=need.region,
        params={"area": need.region.name, "due": f"{_day(local)} {local:%H:%M}"},
    )


def needs_escalated(needs) -> None:
    """The social workers and supervisors of each need's area."""
    for need in needs:
        notification_raise(
            kind="need_escalated",
            event_key=f"need:{need.pk}:escalated",
            people=staff_holding([Role.SOCIAL_WORKER, Role.SUPERVISOR], need.region),
            url=reverse("needs:detail", args=[need.pk]),
            region=need.region,
        )


def evaluation_link(need) -> None:
    """After the service: the person served gets the link to evaluate it (the phone link of the need page,
    which asks for no sign-in), in-app and on their channels with an account, else by short SMS. The SMS
    carries the short form of the link (`/f/<token hex>/`), whole."""
    link = f"{settings.NOTIFY_SITE_URL}{reverse('needs:feedback_short', args=[need.feedback_token])}"
    _to_recipient(
        need,
        kind="evaluation_link",
        event_key=f"need:{need.pk}:evaluation",
        url=reverse("needs:feedback", args=[need.feedback_token]),
        params={"link": link},
        keep=link,
    )
