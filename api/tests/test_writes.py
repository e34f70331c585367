"""The API's writes beyond needs: attendance marked, a matching run started, its proposals accepted. Each is the
page's service acting as the token's owner, writing the same rows (attendance, ledger entry, notification; run;
proposal decision, task and need timeline) as the page; another county's token gets 404 and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from activities.models import Activity, Attendance
from ledger.models import LedgerEntry
from matching.models import MatchRun, ProposalKind, ProposalStatus, RunStatus
from matching.tests.conftest import monday, open_need, place_volunteer, run_for  # noqa: F401 (fixtures)
from needs.models import EventKind, Task
from notifications.models import Notification


@pytest.fixture
def past_activity(world):
    start = (timezone.now() - datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    return Activity.objects.create(
        title="关爱独居老人上门探访", content="陪伴聊天", organiser=world.team, lead=world.team_leader,
        region=world.community, place="团结社区党群服务中心", starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), quota=10, status="published",
    )  # fmt: skip


def attendance_payload(activity, volunteer, hours=2):
    return {
        "volunteer": volunteer.pk,
        "checked_in_at": activity.starts_at.isoformat(),
        "checked_out_at": (activity.starts_at + datetime.timedelta(hours=hours)).isoformat(),
    }


def test_attendance_marked_through_the_api_writes_what_the_leader_s_page_writes(world, token_of, bearer, past_activity):
    api = bearer(token_of(world.team_leader, "activities:write"))
    response = api.post(
        f"/activities/{past_activity.pk}/attendance", attendance_payload(past_activity, world.volunteer)
    )
    assert response.status_code == 201, response.content
    attendance = Attendance.objects.get(activity=past_activity, volunteer=world.volunteer)
    assert response.json()["id"] == attendance.pk
    assert (attendance.method, attendance.marked_by) == ("leader", world.team_leader)
    entry = LedgerEntry.objects.get(attendance=attendance)
    assert (entry.recorded_by, entry.hours, entry.activity_name) == (world.team_leader, 2, "关爱独居老人上门探访")
    assert Notification.objects.filter(kind="hours_credited", person=world.volunteer_user).exists()


def test_another_county_s_token_cannot_mark_attendance(world, token_of, bearer, past_activity):
    api = bearer(token_of(world.outsider, "activities:write"))
    url = f"/activities/{past_activity.pk}/attendance"
    # a published activity is public (the recruitment page), so it is seen but not changed: 403, as on the page
    assert api.post(url, attendance_payload(past_activity, world.volunteer)).status_code == 403
    Activity.objects.filter(pk=past_activity.pk).update(status="draft")  # a draft is its organisers' alone: 404
    assert api.post(url, attendance_payload(past_activity, world.volunteer)).status_code == 404
    assert api.get(url).status_code == 404
    assert not Attendance.objects.exists() and not LedgerEntry.objects.exists()


def test_a_run_started_through_the_api_is_queued_for_its_owner_s_area(world, token_of, bearer, monday):  # noqa: F811
    api = bearer(token_of(world.social_worker, "matching:write"))
    response = api.post("/matching/runs", {"region": world.community.pk, "starts_on": monday.isoformat(), "weeks": 1})
    assert response.status_code == 202, response.content
    run = MatchRun.objects.get(pk=response.json()["id"])
    assert (run.region, run.created_by, run.status) == (world.community, world.social_worker, RunStatus.QUEUED)
    # another county's token: the area is not one of its owner's, as on the page (no run is made)
    outsider = bearer(token_of(world.outsider, "matching:write"))
    refused = outsider.post("/matching/runs", {"region": world.community.pk, "starts_on": monday.isoformat()})
    assert refused.status_code == 422 and "region" in refused.json()["errors"]
    assert MatchRun.objects.count() == 1
    assert outsider.get(f"/matching/runs/{run.pk}").status_code == 404


@pytest.fixture
def proposed(world, open_need, run_for):  # noqa: F811
    place_volunteer(world.volunteer, 1)
    need = open_need(0)
    run = run_for()
    return run, run.proposals.get(kind=ProposalKind.VOLUNTEER), need


def test_proposals_accepted_through_the_api_offer_the_task_with_its_timeline(world, token_of, bearer, proposed):
    run, proposal, need = proposed
    outsider = bearer(token_of(world.outsider, "matching:write"))
    assert outsider.post(f"/matching/runs/{run.pk}/accept", {"all": True}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and not Task.objects.exists()

    api = bearer(token_of(world.social_worker, "matching:write"))
    response = api.post(f"/matching/runs/{run.pk}/accept", {"proposals": [proposal.pk]})
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 1, "problems": []}
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposalStatus.ACCEPTED, world.social_worker)
    task = Task.objects.get(need=need)
    assert proposal.task == task and task.volunteer == world.volunteer
    assert need.events.filter(kind=EventKind.TASK_OFFERED, by=world.social_worker).exists()
