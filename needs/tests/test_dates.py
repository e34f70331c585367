"""When a need is wanted and when a task is done: at most a year ahead, through the pages and the services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.models import Need, Task
from qianniu.tests import factories as f


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_a_resident_asks_for_a_day_within_a_year(world, login):
    client = login(world.resident)
    body = client.post(reverse("needs:ask"), {"description": "想请人帮忙买药", "wanted_on": days(800)}).content.decode()
    assert "日期不能晚于" in body and not Need.objects.exists()
    assert (
        client.post(reverse("needs:ask"), {"description": "想请人帮忙买药", "wanted_on": days(30)}).status_code == 302
    )
    assert Need.objects.get().wanted_on.isoformat() == days(30)


def test_staff_cannot_want_a_need_on_9999_12_31(world, login):
    data = {"region": world.community.pk, "source": "staff", "description": "上门理发", "urgency": "normal"}
    data |= {"recurrence": "once", "wanted_on": "9999-12-31"}
    client = login(world.social_worker)
    assert "日期不能晚于" in client.post(reverse("needs:create"), data).content.decode()
    assert not Need.objects.exists()
    client.post(reverse("needs:create"), {**data, "wanted_on": days(7)})
    assert Need.objects.count() == 1


def test_a_task_is_offered_for_a_day_within_a_year(world, login, need):
    f.triaged(need, by=world.social_worker)
    client = login(world.social_worker)
    task = {"volunteer": world.volunteer.pk, "what": "陪伴", "place": "3号楼", "contact": "社工站"}
    client.post(reverse("needs:task_create", args=[need.pk]), {**task, "on": days(400)})
    assert not Task.objects.exists()
    client.post(reverse("needs:task_create", args=[need.pk]), {**task, "on": days(3)})
    assert Task.objects.count() == 1


def test_the_services_refuse_dates_years_ahead(world, need):
    f.triaged(need, by=world.social_worker)
    far = timezone.localdate() + datetime.timedelta(days=800)
    with pytest.raises(services.NeedError, match="日期不能晚于"):
        services.need_create(source="staff", by=world.social_worker, data={"region": world.community, "wanted_on": far})
    with pytest.raises(services.NeedError, match="日期不能晚于"):
        services.task_offer(
            need=need, by=world.social_worker, what="x", on=far, place="x", contact="y", volunteer=world.volunteer
        )
