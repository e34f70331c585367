"""The duty roster: a crisis goes to the supervisor on duty for the case's area; with nobody on duty, to every
supervisor of the area, the reason written in the case's record. Its page is for the area's supervisors and
region admins, and nobody else's."""

import datetime

import pytest
from django.utils import timezone

from casework import services as casework
from casework.models import Action, Alert, Case
from notifications.models import Message, Notification
from people.models import Role, RoleGrant
from qianniu.tests import factories as f
from staff.models import DutyShift
from staff.selectors import on_duty
from staff.services import StaffError, duty_shift_add, staff_grant_end

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def supervisors(world):
    """Two supervisors of the township, one of the other township."""
    zhao, qian = f.UserFactory(name="督导赵"), f.UserFactory(name="督导钱")
    f.grant(zhao, Role.SUPERVISOR, region=world.township)
    f.grant(qian, Role.SUPERVISOR, region=world.township)
    sun = f.UserFactory(name="督导孙")
    f.grant(sun, Role.SUPERVISOR, region=world.other_community.parent)
    return zhao, qian, sun


def crisis(world):
    case = casework.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    return casework.case_flag_crisis(case=case, by=world.social_worker)


def told(kind="crisis"):
    return set(Notification.objects.filter(kind=kind).values_list("person__name", flat=True))


def test_a_crisis_goes_to_the_supervisor_on_duty_and_the_reason_is_recorded(world, supervisors):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    duty_shift_add(region=world.township, supervisor=qian, starts_at=now, ends_at=now + HOUR, by=zhao)
    case = crisis(world)
    assert told() == {"督导钱", "苏日娜"}  # the supervisor on duty and the case's worker
    assert Message.objects.filter(person=qian, kind="crisis", crisis=True).exists()
    assert not Message.objects.filter(person=zhao).exists()
    note = case.events.get(action=Action.CRISIS).note
    assert note == "危机已发给值班督导：督导钱。"


def test_with_nobody_on_duty_every_supervisor_of_the_area_is_told_and_why(world, supervisors):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    # a shift that has ended and one that has not begun are nobody on duty now
    DutyShift.objects.create(
        region=world.township, supervisor=qian, starts_at=now - 3 * HOUR, ends_at=now - HOUR, created_by=zhao
    )
    duty_shift_add(region=world.township, supervisor=qian, starts_at=now + HOUR, ends_at=now + 2 * HOUR, by=zhao)
    case = crisis(world)
    assert told() == {"督导赵", "督导钱", "苏日娜"}  # not 督导孙 of the other township
    assert case.events.get(action=Action.CRISIS).note == "本区域无人值班：危机已发给本区域全部督导。"


def test_the_communitys_own_roster_comes_before_its_townships(world, supervisors):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    duty_shift_add(region=world.township, supervisor=zhao, starts_at=now, ends_at=now + HOUR, by=zhao)
    duty_shift_add(region=world.community, supervisor=qian, starts_at=now, ends_at=now + HOUR, by=zhao)
    crisis(world)
    assert told() == {"督导钱", "苏日娜"}


def test_a_shift_of_someone_no_longer_supervising_the_area_is_passed_over_and_why(world, supervisors):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    duty_shift_add(region=world.township, supervisor=qian, starts_at=now, ends_at=now + 3 * HOUR, by=zhao)
    staff_grant_end(by=world.county_admin, grant=RoleGrant.objects.get(user=qian, role=Role.SUPERVISOR))
    case = crisis(world)
    assert told() == {"督导赵", "苏日娜"}  # not 督导钱, whose supervisor role has ended
    assert case.events.get(action=Action.CRISIS).note == "值班督导督导钱已不是本区域的督导：危机已发给本区域全部督导。"
    note = overdue(case)
    assert told("crisis_overdue") == {"督导赵", "乌云", "苏日娜"}
    assert note == "值班督导督导钱已不是本区域的督导：超时危机已发给本区域全部督导和区域管理员。"


def test_a_shift_of_another_areas_supervisor_is_passed_over(world, supervisors):
    zhao, qian, sun = supervisors
    now = timezone.now()
    # a shift of the other township's supervisor on this community's roster (an old row, written by hand)
    DutyShift.objects.create(
        region=world.community, supervisor=sun, starts_at=now - HOUR, ends_at=now + HOUR, created_by=zhao
    )
    case = crisis(world)
    assert told() == {"督导赵", "督导钱", "苏日娜"}  # not 督导孙
    assert case.events.get(action=Action.CRISIS).note == "值班督导督导孙已不是本区域的督导：危机已发给本区域全部督导。"
    # the township's roster answers for the community when the community's own shift is passed over
    Notification.objects.all().delete()
    duty_shift_add(region=world.township, supervisor=qian, starts_at=now, ends_at=now + HOUR, by=zhao)
    Case.objects.filter(pk=case.pk).update(crisis=False)
    case = casework.case_flag_crisis(case=case, by=world.social_worker)
    assert told() == {"督导钱", "苏日娜"}
    assert case.events.filter(action=Action.CRISIS).last().note == "危机已发给值班督导：督导钱。"


def overdue(case):
    Case.objects.filter(pk=case.pk).update(crisis_due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert casework.escalate_crises() == 1
    return case.events.get(action=Action.ESCALATED).note


def test_an_overdue_crisis_goes_to_the_supervisor_on_duty_and_the_reason_is_recorded(world, supervisors):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    duty_shift_add(region=world.township, supervisor=qian, starts_at=now, ends_at=now + 3 * HOUR, by=zhao)
    note = overdue(crisis(world))
    assert told("crisis_overdue") == {"督导钱", "乌云", "苏日娜"}  # not 督导赵, who is off duty
    assert Message.objects.filter(person=qian, kind="crisis_overdue", crisis=True).exists()
    assert Message.objects.filter(person=world.county_admin, kind="crisis_overdue", crisis=True).exists()
    assert not Message.objects.filter(person=zhao, kind="crisis_overdue").exists()
    alerted = set(Alert.objects.filter(kind=Alert.Kind.OVERDUE).values_list("user__name", flat=True))
    assert alerted == {"督导钱", "乌云", "苏日娜"}
    assert note == "超时危机已发给值班督导督导钱和本区域的区域管理员。"


def test_an_overdue_crisis_with_nobody_on_duty_goes_to_the_areas_supervisors_and_admins(world, supervisors):
    note = overdue(crisis(world))
    assert told("crisis_overdue") == {"督导赵", "督导钱", "乌云", "苏日娜"}  # not 督导孙 of the other township
    assert note == "本区域无人值班：超时危机已发给本区域全部督导和区域管理员。"


def test_a_shift_is_refused_with_a_reason(world, supervisors):
    zhao, qian, sun = supervisors
    now = timezone.now()
    cases = [
        (dict(supervisor=sun), "督导孙不是保康镇的督导。"),
        (dict(starts_at=now + 2 * HOUR, ends_at=now + HOUR), "值班结束时间须晚于开始时间。"),
        (dict(starts_at=now - 3 * HOUR, ends_at=now - HOUR), "该班次已经结束：值班表只安排现在和以后。"),
        (dict(by=sun), "您只能安排自己所辖区域的值班表。"),
        (dict(starts_at=now - HOUR), "值班不能从过去的时间开始：请从现在起安排。"),
    ]
    base = dict(region=world.township, supervisor=qian, starts_at=now, ends_at=now + HOUR, by=zhao)
    for change, message in cases:
        with pytest.raises(StaffError, match=message):
            duty_shift_add(**{**base, **change})
    assert not DutyShift.objects.exists()
    duty_shift_add(**base)
    with pytest.raises(StaffError, match="该时段已有督导在本区域值班。"):
        duty_shift_add(**{**base, "supervisor": zhao, "starts_at": now + HOUR / 2, "ends_at": now + 2 * HOUR})
    assert DutyShift.objects.count() == 1


def test_the_roster_page_is_the_areas_supervisors_and_nobody_elses(world, supervisors, login):
    zhao, qian, sun = supervisors
    now = timezone.localtime() + HOUR  # a shift to come: taken off the roster, it goes
    form = {
        "region": world.township.pk,
        "supervisor": qian.pk,
        "starts_at": f"{now:%Y-%m-%dT%H:%M}",
        "ends_at": f"{now + 8 * HOUR:%Y-%m-%dT%H:%M}",
    }
    client = login(zhao)
    assert client.post("/duty/", form).status_code == 302
    shift = DutyShift.objects.get()
    assert (shift.supervisor, shift.created_by) == (qian, zhao)
    page = client.get("/duty/").content.decode()
    assert "督导钱" in page and 'data-testid="roster"' in page
    # The other township's supervisor sees no shift of this one, and cannot take it off.
    other = login(sun)
    assert "督导钱" not in other.get("/duty/").content.decode()
    assert other.post(f"/duty/{shift.pk}/remove/").status_code == 404
    # nor name this township in a shift of their own (not among their areas)
    refused = other.post("/duty/", {**form, "supervisor": sun.pk})
    assert refused.status_code == 200 and DutyShift.objects.count() == 1
    # A volunteer, or a region admin of another county, has no roster.
    assert login(world.volunteer_user).get("/duty/").status_code == 404
    assert login(world.outsider).get("/duty/").status_code == 200  # an admin's own (empty) roster
    assert 'href="/duty/"' in login(world.county_admin).get("/staff/").content.decode()  # linked for admins
    assert "督导钱" not in login(world.outsider).get("/duty/").content.decode()
    # A bad form says why, in Chinese, and writes nothing.
    backwards = login(zhao).post("/duty/", {**form, "ends_at": form["starts_at"]})
    assert "值班结束时间须晚于开始时间。" in backwards.content.decode() and DutyShift.objects.count() == 1
    assert login(zhao).post(f"/duty/{shift.pk}/remove/").status_code == 302
    assert not DutyShift.objects.exists()


def test_the_roster_is_paged(world, supervisors, login):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    DutyShift.objects.bulk_create(
        DutyShift(region=world.township, supervisor=qian, created_by=zhao, starts_at=now + n * 2 * HOUR,
                  ends_at=now + (n * 2 + 1) * HOUR)
        for n in range(51)
    )  # fmt: skip
    client = login(zhao)
    page = client.get("/duty/").content.decode()
    assert page.count("/remove/") == 50 and 'rel="next"' in page
    after = page.split('rel="next" class="btn btn-outline-secondary" href="?')[1].split('"')[0].replace("&amp;", "&")
    assert client.get(f"/duty/?{after}").content.decode().count("/remove/") == 1


def test_a_running_shift_taken_off_the_roster_ends_now_and_stays_as_the_record(world, supervisors, login):
    zhao, qian, _sun = supervisors
    now = timezone.now()
    running = DutyShift.objects.create(
        region=world.township, supervisor=qian, starts_at=now - HOUR, ends_at=now + HOUR, created_by=zhao
    )
    later = duty_shift_add(
        region=world.township, supervisor=zhao, starts_at=now + 2 * HOUR, ends_at=now + 3 * HOUR, by=zhao
    )
    client = login(zhao)
    assert client.post(f"/duty/{running.pk}/remove/").status_code == 302
    running.refresh_from_db()
    assert now < running.ends_at <= timezone.now() and running.starts_at == now - HOUR
    assert on_duty(world.community) == []
    roster = client.get("/duty/").content.decode().split('data-testid="roster"')[1].split("</table>")[0]
    assert "督导钱" not in roster and "督导赵" in roster
    assert client.post(f"/duty/{later.pk}/remove/").status_code == 302
    assert list(DutyShift.objects.all()) == [running]  # a shift not begun goes; the ended one stays
    again = client.post(f"/duty/{running.pk}/remove/", follow=True).content.decode()
    assert "已结束的班次保留在值班表中。" in again and DutyShift.objects.filter(pk=running.pk).exists()


def test_a_backdated_shift_is_refused_on_the_page(world, supervisors, login):
    zhao, qian, _sun = supervisors
    start = timezone.localtime() - 2 * HOUR
    form = {"region": world.township.pk, "supervisor": qian.pk, "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start + 8 * HOUR:%Y-%m-%dT%H:%M}"}  # fmt: skip
    page = login(zhao).post("/duty/", form).content.decode()
    assert "值班不能从过去的时间开始：请从现在起安排。" in page and not DutyShift.objects.exists()


def test_the_manage_menu_links_the_roster_for_those_who_keep_it(world, supervisors, login):
    zhao, _qian, _sun = supervisors
    link = '<a class="dropdown-item" href="/duty/">值班表</a>'
    assert link in login(zhao).get("/").content.decode()  # a supervisor, who has no staff list
    assert link in login(world.county_admin).get("/").content.decode()
    assert link not in login(world.volunteer_user).get("/").content.decode()
    assert link not in login(world.social_worker).get("/").content.decode()
