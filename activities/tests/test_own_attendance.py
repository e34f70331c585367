"""No hours for time that has not come; a leader's own attendance waits for a second person; nobody approves
their own sign-up."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance, Signup, SignupStatus
from ledger.models import LedgerEntry
from ledger.services import total_hours
from qianniu.tests import factories as f

OWN = "自己"
FORM_TIME = "%Y-%m-%dT%H:%M"


def make_activity(world, *, start, hours=3, **extra):
    start = start.replace(second=0, microsecond=0)  # the leader's form takes whole minutes
    return Activity.objects.create(
        title="关爱独居老人上门探访",
        content="陪伴聊天，打扫卫生",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区党群服务中心",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        quota=10,
        status="published",
        **extra,
    )


def mark(client, activity, volunteer, start, end):
    local = timezone.localtime
    return client.post(
        reverse("activities:manage", args=[activity.pk]),
        {
            "volunteer": volunteer.pk,
            "checked_in_at": local(start).strftime(FORM_TIME),
            "checked_out_at": local(end).strftime(FORM_TIME),
        },
    )


def confirm_url(activity, attendance):
    return reverse("activities:manage_action", args=[activity.pk, "confirm", attendance.pk])


def test_a_leader_cannot_mark_hours_for_an_activity_that_has_not_happened(world, login):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    future = make_activity(world, start=tomorrow)
    client = login(world.team_leader)
    for person in (world.team_leader.volunteer, world.volunteer):
        response = mark(client, future, person, tomorrow, tomorrow + datetime.timedelta(hours=3))
        assert response.status_code == 200 and "尚未到来" in response.content.decode()
    assert not Attendance.objects.exists() and not LedgerEntry.objects.exists()

    # Under way now: the end cannot be later than now either.
    now = timezone.now()
    current = make_activity(world, start=now - datetime.timedelta(hours=1))
    response = mark(
        client, current, world.volunteer, now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=2)
    )
    assert "尚未到来" in response.content.decode()
    assert not Attendance.objects.exists()

    # What has happened is recorded.
    past = make_activity(world, start=now - datetime.timedelta(days=1))
    assert (
        mark(client, past, world.volunteer, past.starts_at, past.starts_at + datetime.timedelta(hours=2)).status_code
        == 302
    )
    assert total_hours(world.volunteer) == Decimal("2")


def test_the_service_refuses_a_check_out_time_to_come(world):
    now = timezone.now()
    current = make_activity(world, start=now - datetime.timedelta(hours=1))
    with pytest.raises(services.ActivityError, match="尚未到来"):
        services.attendance_mark(
            activity=current,
            volunteer=world.volunteer,
            by=world.team_leader,
            checked_in_at=now - datetime.timedelta(hours=1),
            checked_out_at=now + datetime.timedelta(hours=1),
        )
    assert not Attendance.objects.exists()


@pytest.fixture
def co_leader(world):
    profile = f.volunteer(name="包图雅", region=world.community)
    f.member(world.team, profile, leader=True)
    return profile.user


@pytest.mark.parametrize("second", ["social_worker", "co_leader"])
def test_a_leaders_own_attendance_waits_for_a_second_person(world, login, co_leader, second):
    past = make_activity(world, start=timezone.now() - datetime.timedelta(days=1))
    leader = world.team_leader.volunteer
    # A member's forgotten check-out, which the leader may confirm, is on the same page.
    Signup.objects.create(activity=past, volunteer=world.volunteer, status=SignupStatus.APPROVED)
    member = Attendance.objects.create(
        activity=past, volunteer=world.volunteer, checked_in_at=past.starts_at, method="qr"
    )
    services.close_forgotten_checkouts()

    client = login(world.team_leader)
    response = mark(client, past, leader, past.starts_at, past.starts_at + datetime.timedelta(hours=3))
    assert response.status_code == 302
    own = Attendance.objects.get(volunteer=leader)
    assert not LedgerEntry.objects.filter(volunteer=leader).exists()  # not in the ledger until confirmed
    page = client.get(reverse("activities:manage", args=[past.pk])).content.decode()
    assert confirm_url(past, member) in page  # is shown for another's attendance
    assert confirm_url(past, own) not in page  # is not shown for one's own
    assert "等待另一人确认" in page
    response = client.post(confirm_url(past, own), follow=True)
    assert OWN in response.content.decode()
    assert not LedgerEntry.objects.filter(volunteer=leader).exists()

    confirmer = world.social_worker if second == "social_worker" else co_leader
    client = login(confirmer)
    assert confirm_url(past, own) in client.get(reverse("activities:manage", args=[past.pk])).content.decode()
    client.post(confirm_url(past, own))
    entry = LedgerEntry.objects.get(volunteer=leader)
    assert entry.hours == Decimal("3") and entry.recorded_by == confirmer


def test_the_leads_own_qr_check_out_waits_for_a_second_person(world):
    now = timezone.now()
    current = make_activity(world, start=now - datetime.timedelta(hours=2))
    leader = world.team_leader.volunteer
    services.signup_create(activity=current, volunteer=leader)
    services.check_in(activity=current, volunteer=leader, key=uuid.uuid4())
    attendance = services.check_out(activity=current, volunteer=leader, key=uuid.uuid4())
    assert not LedgerEntry.objects.exists()
    with pytest.raises(services.ActivityError, match=OWN):
        services.attendance_confirm(attendance=attendance, by=world.team_leader)
    assert not LedgerEntry.objects.exists()
    services.attendance_confirm(attendance=attendance, by=world.social_worker)
    assert LedgerEntry.objects.get().recorded_by == world.social_worker


def test_a_member_checking_out_by_qr_is_recorded_by_the_lead_at_once(world):
    now = timezone.now()
    current = make_activity(world, start=now - datetime.timedelta(hours=2))
    services.signup_create(activity=current, volunteer=world.volunteer)
    services.check_in(activity=current, volunteer=world.volunteer, key=uuid.uuid4())
    services.check_out(activity=current, volunteer=world.volunteer, key=uuid.uuid4())
    assert LedgerEntry.objects.get().recorded_by == world.team_leader


def test_checking_out_before_the_start_credits_no_hours(world):
    soon = timezone.now() + datetime.timedelta(minutes=40)
    upcoming = make_activity(world, start=soon)
    services.signup_create(activity=upcoming, volunteer=world.volunteer)
    services.check_in(activity=upcoming, volunteer=world.volunteer, key=uuid.uuid4())
    attendance = services.check_out(activity=upcoming, volunteer=world.volunteer, key=uuid.uuid4())
    assert attendance.checked_out_at <= timezone.now()
    assert not LedgerEntry.objects.exists() and total_hours(world.volunteer) == 0


def test_a_leader_cannot_approve_their_own_sign_up(world, login, co_leader):
    past_start = timezone.now() + datetime.timedelta(days=1)
    activity = make_activity(world, start=past_start, auto_approve=False)
    own = services.signup_create(activity=activity, volunteer=world.team_leader.volunteer)
    other = services.signup_create(activity=activity, volunteer=world.volunteer)
    assert own.status == other.status == SignupStatus.PENDING

    def approve_url(signup):
        return reverse("activities:manage_action", args=[activity.pk, "approve", signup.pk])

    client = login(world.team_leader)
    page = client.get(reverse("activities:manage", args=[activity.pk])).content.decode()
    assert approve_url(other) in page and approve_url(own) not in page
    response = client.post(approve_url(own), follow=True)
    assert OWN in response.content.decode()
    own.refresh_from_db()
    assert own.status == SignupStatus.PENDING
    with pytest.raises(services.ActivityError, match=OWN):
        services.signup_decide(signup=own, by=world.team_leader, approve=True)
    login(co_leader).post(approve_url(own))
    own.refresh_from_db()
    assert own.status == SignupStatus.APPROVED
