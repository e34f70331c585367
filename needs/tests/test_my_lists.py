"""A resident's requests and a volunteer's tasks page through every row, with the count: no silent cut."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from needs.models import Need, Task
from qianniu.tests.pages import walk


def test_a_resident_with_55_requests_pages_through_all_of_them(world, login):
    recipient = world.resident.recipient
    now = timezone.now()
    Need.objects.bulk_create(  # fmt: skip
        Need(
            source="resident", recipient=recipient, region=recipient.region, description=f"第{n}件", response_due_at=now
        )
        for n in range(55)
    )
    ids, totals, _ = walk(login(world.resident), reverse("needs:mine"), r'href="/needs/(\d+)/"')
    assert len(set(ids)) == len(ids) == 55
    assert any(re.search(r"\b55\b", total) for total in totals)
    others, _, _ = walk(login(world.volunteer_user), reverse("needs:mine"), r'href="/needs/(\d+)/"')
    assert others == []  # someone else's requests are not theirs


def test_a_volunteer_with_55_tasks_pages_through_all_of_them_soonest_first(world, login):
    need = Need.objects.create(
        source="staff", region=world.community, description="上门探访", response_due_at=timezone.now()
    )
    today = timezone.localdate()
    Task.objects.bulk_create(
        Task(need=need, volunteer=world.volunteer, what=f"第{n}次", on=today + datetime.timedelta(days=n % 9),
             place="x", contact="y")
        for n in range(55)
    )  # fmt: skip
    ids, totals, _ = walk(login(world.volunteer_user), reverse("needs:my_tasks"), r'href="/tasks/(\d+)/"')
    assert len(set(ids)) == len(ids) == 55
    assert any(re.search(r"\b55\b", total) for total in totals)
    days = dict(Task.objects.values_list("pk", "on"))
    shown = [days[int(pk)] for pk in ids]
    assert shown == sorted(shown)
    others, _, _ = walk(login(world.other_volunteer.user), reverse("needs:my_tasks"), r'href="/tasks/(\d+)/"')
    assert others == []
