"""A need served once within a window of days: the page, the API and the service accept a window in order, not
past, of at most 31 days, on a need served once, and refuse any other with a clear message and nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.editing import need_update
from needs.models import Need
from needs.services import NeedError


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def page_data(world, **dates):
    data = {"region": world.community.pk, "source": "staff", "description": "上门打扫", "urgency": "normal"}
    return data | {"recurrence": "once"} | dates


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"wanted_on": days(5), "wanted_until": days(2)}, "时间段的最后一天不能早于第一天"),
        ({"wanted_on": days(-9), "wanted_until": days(-2)}, "已经过去"),
        ({"wanted_on": days(1), "wanted_until": days(40)}, "时间段最长31天，这里有40天"),
        ({"wanted_until": days(4)}, "请同时填写时间段的第一天和最后一天"),
        ({"wanted_on": days(1), "wanted_until": days(4), "recurrence": "weekly"}, "时间段只适用于服务一次的需求"),
        ({"wanted_on": days(1), "wanted_until": days(4), "people": 2}, "多名志愿者一同服务的需求只在一天内服务"),
    ],
)
def test_the_page_refuses_a_window_out_of_order_past_too_long_or_recurring(world, login, dates, message):
    body = login(world.social_worker).post(reverse("needs:create"), page_data(world, **dates)).content.decode()
    assert message in body
    assert not Need.objects.exists()


def test_the_page_records_a_window_of_this_week(world, login):
    client = login(world.social_worker)
    assert (
        client.post(reverse("needs:create"), page_data(world, wanted_on=days(0), wanted_until=days(6))).status_code
        == 302
    )
    need = Need.objects.get()
    assert (need.wanted_on.isoformat(), need.wanted_until.isoformat()) == (days(0), days(6))
    assert "或在此日期前任选一天" in client.get(reverse("needs:create")).content.decode()


def test_the_services_refuse_a_window_that_the_form_would_refuse(world):
    data = {"region": world.community, "description": "上门打扫", "wanted_on": timezone.localdate()}
    with pytest.raises(NeedError, match="时间段最长31天"):
        services.need_create(
            source="staff",
            by=world.social_worker,
            data=data | {"wanted_until": data["wanted_on"] + datetime.timedelta(days=31)},
        )
    assert not Need.objects.exists()
    with pytest.raises(NeedError, match="多名志愿者一同服务的需求只在一天内服务"):
        services.need_create(
            source="staff", by=world.social_worker, data=data | {"wanted_until": data["wanted_on"], "people": 2}
        )
    assert not Need.objects.exists()
    need = services.need_create(source="staff", by=world.social_worker, data=data)
    with pytest.raises(NeedError, match="时间段只适用于服务一次的需求"):
        need_update(
            need=need, by=world.social_worker, data={"wanted_until": data["wanted_on"], "recurrence": "monthly"}
        )
    need.refresh_from_db()
    assert need.wanted_until is None
    need_update(
        need=need, by=world.social_worker, data={"wanted_until": data["wanted_on"] + datetime.timedelta(days=30)}
    )
    need.refresh_from_db()
    assert need.wanted_until == data["wanted_on"] + datetime.timedelta(days=30)


def test_the_need_page_shows_the_window(world, login):
    client = login(world.social_worker)
    client.post(reverse("needs:create"), page_data(world, wanted_on=days(1), wanted_until=days(5)))
    need = Need.objects.get()
    body = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    first, last = (timezone.localdate() + datetime.timedelta(days=n) for n in (1, 5))
    assert f"{first.year}年{first.month}月{first.day}日 – {last.year}年{last.month}月{last.day}日" in body
