"""Who is told of a supervised item: the owner unit's liaisons when it is assigned; they and the admins of the
group's region when it is overdue."""

import datetime

from django.urls import reverse

from notifications.services import notification_raise
from people.models import Role
from people.selectors import liaisons_of, staff_holding


def item_assigned(item) -> None:
    notification_raise(
        kind="supervised_assigned",
        event_key=f"supervised:{item.pk}:assigned",
        people=liaisons_of(item.owner),
        url=reverse("coordination:item", args=[item.pk]),
        params={"deadline": f"{item.deadline.year}年{item.deadline.month}月{item.deadline.day}日"},
    )


def item_overdue(item, today: datetime.date) -> None:
    people = [*liaisons_of(item.owner), *staff_holding([Role.REGION_ADMIN], item.group.region)]
    notification_raise(
        kind="supervised_overdue",
        event_key=f"supervised:{item.pk}:overdue:{today:%Y%m%d}",
        people=people,
        url=reverse("coordination:item", args=[item.pk]),
        params={"owner": item.owner.name},
    )
