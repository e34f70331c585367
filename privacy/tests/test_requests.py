"""Requests to correct or delete personal information: to the county's region admins, with a deadline in
Chinese working days, escalated when late, and never decided by the person who filed them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Role
from privacy import services
from privacy.models import PIRequest
from privacy.tasks import escalate_overdue_pi_requests
from qianniu.tests import factories as f
from regions.models import Region


def file(user, **data) -> PIRequest:
    fields = {"kind": "correct", "item": "address", "detail": "地址应为团结社区3号楼", "reason": "搬家了"}
    return services.pi_request_file(by=user, **{**fields, **data})


@pytest.fixture
def city_admin(world):
    """A region admin of the city above the county (通辽市)."""
    user = f.UserFactory(name="通辽市管理员")
    f.grant(user, Role.REGION_ADMIN, region=Region.objects.get(code="150500"))
    return user


def test_the_deadline_counts_chinese_working_days():
    # Filed on Friday 26 September 2025: the National Day week is skipped, the make-up Saturday 11 October
    # and Sunday 28 September count.
    assert services.working_days_after(datetime.date(2025, 9, 26), 15) == datetime.date(2025, 10, 23)
    assert services.working_days_after(datetime.date(2025, 9, 26), 1) == datetime.date(2025, 9, 28)
    # Beyond the calendar's years, Monday to Friday.
    assert services.working_days_after(datetime.date(2031, 1, 3), 1) == datetime.date(2031, 1, 6)


def test_a_request_reaches_the_county_admin_with_its_age_and_deadline(world, login, settings):
    settings.PI_REQUEST_DAYS = 15
    request = file(world.volunteer_user)
    assert request.county == world.county and not request.routed_up
    assert request.due_on == services.working_days_after(timezone.localdate(), 15)

    home = login(world.county_admin).get(reverse("home")).content.decode()
    assert f"#{request.pk}" in home and request.due_on.strftime("%Y年%-m月%-d日") in home
    listed = login(world.county_admin).get(reverse("privacy:request_list")).content.decode()
    assert "张三" in listed and "0 天" in listed

    # Nobody else decides it: the outsider's county admin and a social worker of the community.
    theirs = file(world.foreign_volunteer.user)  # a request of the outsider's own county, which they do see
    outsiders_home = login(world.outsider).get(reverse("home")).content.decode()
    assert f"#{theirs.pk}" in outsiders_home and f"#{request.pk}" not in outsiders_home
    outsiders_list = login(world.outsider).get(reverse("privacy:request_list")).content.decode()
    assert "张山" in outsiders_list and "张三" not in outsiders_list
    for user in (world.outsider, world.social_worker, world.other_volunteer.user):
        assert login(user).get(reverse("privacy:request_detail", args=[request.pk])).status_code == 404
        response = login(user).post(
            reverse("privacy:request_decide", args=[request.pk]), {"decision": "done", "answer": "已改"}
        )
        assert response.status_code == 404
    assert login(world.social_worker).get(reverse("privacy:request_list")).status_code == 404
    assert PIRequest.objects.get(pk=request.pk).status == "waiting"


def test_the_admin_decides_and_the_person_reads_the_outcome(world, login):
    request = file(world.volunteer_user)
    client = login(world.county_admin)
    url = reverse("privacy:request_decide", args=[request.pk])
    client.post(url, {"decision": "refused", "answer": ""})
    assert PIRequest.objects.get().status == "waiting"  # a refusal says why
    client.post(url, {"decision": "refused", "answer": "户籍地址以身份证为准，请带身份证到社区核对"})
    request.refresh_from_db()
    assert request.status == "refused" and request.decided_by == world.county_admin
    with pytest.raises(services.PrivacyError, match="已处理"):
        services.pi_request_decide(request=request, by=world.county_admin, done=True, answer="改了")

    mine = login(world.volunteer_user).get(reverse("privacy:mine")).content.decode()
    assert "户籍地址以身份证为准" in mine and "已拒绝" in mine
    detail = login(world.volunteer_user).get(reverse("privacy:request_detail", args=[request.pk]))
    assert detail.status_code == 200 and 'name="decision"' not in detail.content.decode()


def test_the_person_files_a_request_from_their_page(world, login):
    client = login(world.resident)
    response = client.post(reverse("privacy:request_create"), {"kind": "correct", "item": "", "reason": "错了"})
    assert response.status_code == 200 and not PIRequest.objects.exists()  # which item, and what it should say
    response = client.post(
        reverse("privacy:request_create"),
        {"kind": "correct", "item": "mobile", "detail": "电话已换成13600001111", "reason": "换号"},
    )
    assert response.status_code == 302
    request = PIRequest.objects.get()
    assert request.requester == world.resident and request.county == world.county


def test_an_admin_never_decides_their_own_request(world, login, city_admin):
    # The county's only admin files one: it goes to the admins above.
    own = file(world.county_admin)
    assert own.routed_up
    assert login(world.county_admin).get(reverse("privacy:request_detail", args=[own.pk])).status_code == 200
    response = login(world.county_admin).post(
        reverse("privacy:request_decide", args=[own.pk]), {"decision": "done", "answer": "已改"}
    )
    assert response.status_code == 403
    with pytest.raises(services.PrivacyError, match="自己"):
        services.pi_request_decide(request=own, by=world.county_admin, done=True, answer="已改")
    assert PIRequest.objects.get(pk=own.pk).status == "waiting"
    assert f"#{own.pk}" in login(city_admin).get(reverse("home")).content.decode()
    login(city_admin).post(reverse("privacy:request_decide", args=[own.pk]), {"decision": "done", "answer": "已改"})
    assert PIRequest.objects.get(pk=own.pk).status == "done"

    # With a second admin in the county, it stays in the county and the other admin decides it.
    second = f.UserFactory(name="第二管理员")
    f.grant(second, Role.REGION_ADMIN, region=world.county)
    another = file(world.county_admin, item="name", detail="名字写错了")
    assert not another.routed_up
    assert f"#{another.pk}" not in login(world.county_admin).get(reverse("home")).content.decode()
    assert f"#{another.pk}" in login(second).get(reverse("home")).content.decode()
    services.pi_request_decide(request=another, by=second, done=True, answer="已改正")

    # Not even the back office's superuser decides their own.
    boss = f.UserFactory(name="超级管理员", is_superuser=True, is_staff=True)
    f.grant(boss, Role.REGION_ADMIN, region=world.county)
    theirs = file(boss)
    with pytest.raises(services.PrivacyError, match="自己"):
        services.pi_request_decide(request=theirs, by=boss, done=True, answer="已改")


def test_an_overdue_request_goes_up_to_the_admins_above(world, login, city_admin):
    request = file(world.volunteer_user)
    assert f"#{request.pk}" not in login(city_admin).get(reverse("home")).content.decode()
    PIRequest.objects.filter(pk=request.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))

    assert escalate_overdue_pi_requests.call_local() == 1
    assert escalate_overdue_pi_requests.call_local() == 0  # once
    assert PIRequest.objects.get().escalated_at is not None
    home = login(city_admin).get(reverse("home")).content.decode()
    assert f"#{request.pk}" in home and "逾期" in home
    assert f"#{request.pk}" in login(world.county_admin).get(reverse("home")).content.decode()
    assert f"#{request.pk}" not in login(world.outsider).get(reverse("home")).content.decode()


def test_a_request_on_time_is_not_escalated(world):
    file(world.volunteer_user)
    assert services.pi_requests_escalate() == 0
    assert PIRequest.objects.get().escalated_at is None
