"""Hand attendance: the leader ticks the signed-up volunteers who came, in one go, and signs up a walk-in."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance, Signup, SignupStatus
from ledger.models import LedgerEntry
from qianniu.tests import factories as f

FORM_TIME = "%Y-%m-%dT%H:%M"


@pytest.fixture
def past_activity(world):
    start = (timezone.now() - datetime.timedelta(hours=4)).replace(second=0, microsecond=0)
    activity = Activity.objects.create(
        title="社区环境清扫", content="清扫楼道", organiser=world.team, lead=world.team_leader,
        region=world.community, place="团结社区", starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        quota=2, status="published",
    )  # fmt: skip
    for volunteer in (world.volunteer, world.team_leader.volunteer):
        Signup.objects.create(activity=activity, volunteer=volunteer, status=SignupStatus.APPROVED)
    return activity


@pytest.fixture
def walk_in(world):
    person = f.volunteer(name="宝音", region=world.community)
    f.member(world.team, person)
    return person


def roll(client, activity, present, *, walk_in=None, end=None):
    local = timezone.localtime
    data = {
        "present": [v.pk for v in present],
        "checked_in_at": local(activity.starts_at).strftime(FORM_TIME),
        "checked_out_at": local(end or activity.ends_at).strftime(FORM_TIME),
    }
    if walk_in is not None:
        data["walk_in"] = walk_in.pk
    return client.post(reverse("activities:roll", args=[activity.pk]), data)


def test_the_leader_ticks_who_came_in_one_go_and_a_resubmit_records_nobody_twice(world, login, past_activity):
    client = login(world.team_leader)
    page = client.get(reverse("activities:manage", args=[past_activity.pk])).content.decode()
    assert f'name="present" value="{world.volunteer.pk}"' in page
    assert roll(client, past_activity, [world.volunteer]).status_code == 302
    attendance = Attendance.objects.get(activity=past_activity, volunteer=world.volunteer)
    assert attendance.method == "leader" and attendance.entry.hours == 2
    assert roll(client, past_activity, [world.volunteer]).status_code == 302  # the same form again
    assert Attendance.objects.filter(activity=past_activity).count() == 1
    assert LedgerEntry.objects.filter(volunteer=world.volunteer).count() == 1
    # Ticked once recorded, the page shows them ticked.
    page = client.get(reverse("activities:manage", args=[past_activity.pk])).content.decode()
    assert re.search(
        rf'name="present" value="{world.volunteer.pk}" class="form-check-input" id="id_present_\d+" checked', page
    )


def test_the_leader_s_own_attendance_waits_for_another_person(world, login, past_activity):
    client = login(world.team_leader)
    roll(client, past_activity, [world.volunteer, world.team_leader.volunteer])
    own = Attendance.objects.get(activity=past_activity, volunteer=world.team_leader.volunteer)
    assert not hasattr(own, "entry") and own.waits_for_confirmation
    assert hasattr(Attendance.objects.get(activity=past_activity, volunteer=world.volunteer), "entry")


def test_a_walk_in_is_signed_up_and_marked_with_the_others(world, login, past_activity, walk_in):
    client = login(world.team_leader)
    assert roll(client, past_activity, [world.volunteer], walk_in=walk_in).status_code == 302
    assert Signup.objects.get(activity=past_activity, volunteer=walk_in).status == SignupStatus.APPROVED
    assert past_activity.signups.filter(status=SignupStatus.APPROVED).count() == 3  # past the quota: they came
    assert hasattr(Attendance.objects.get(activity=past_activity, volunteer=walk_in), "entry")


def test_no_hours_for_time_to_come_and_nothing_half_recorded(world, login, walk_in):
    start = (timezone.now() - datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    running = Activity.objects.create(
        title="助老", content="陪伴", organiser=world.team, lead=world.team_leader, region=world.community,
        place="团结社区", starts_at=start, ends_at=start + datetime.timedelta(hours=3), quota=5, status="published",
    )  # fmt: skip
    Signup.objects.create(activity=running, volunteer=world.volunteer, status=SignupStatus.APPROVED)
    response = roll(login(world.team_leader), running, [world.volunteer], walk_in=walk_in, end=running.ends_at)
    assert response.status_code == 200
    assert "尚未到来" in response.content.decode() or "not come yet" in response.content.decode()
    assert not Attendance.objects.filter(activity=running).exists()
    assert not Signup.objects.filter(activity=running, volunteer=walk_in).exists()  # the walk-in rolled back too


def test_only_signed_up_volunteers_are_ticked(world, past_activity, walk_in):
    with pytest.raises(services.ActivityError, match="Not signed up|没有报名|未报名"):
        services.attendance_roll(
            activity=past_activity,
            by=world.team_leader,
            present=[walk_in],
            checked_in_at=past_activity.starts_at,
            checked_out_at=past_activity.ends_at,
        )
    assert not Attendance.objects.filter(activity=past_activity).exists()


def test_a_user_of_another_region_cannot_take_the_roll(world, login, past_activity):
    client = login(world.outsider)
    # A published activity is public, so it is found, but not changed; a draft is not even found.
    assert roll(client, past_activity, [world.volunteer]).status_code == 403
    Activity.objects.filter(pk=past_activity.pk).update(status="draft")
    assert roll(client, past_activity, [world.volunteer]).status_code == 404
    assert not Attendance.objects.filter(activity=past_activity).exists()
    assert roll(login(world.team_leader), past_activity, [world.volunteer]).status_code == 302


def test_a_volunteer_cannot_take_the_roll(world, login, past_activity):
    assert roll(login(world.volunteer_user), past_activity, [world.volunteer]).status_code == 403
    assert not Attendance.objects.filter(activity=past_activity).exists()
