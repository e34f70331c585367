"""Nobody decides their own application to a team."""

import pytest
from django.urls import reverse

from orgs import services
from orgs.models import MembershipRole, MembershipStatus, TeamMembership
from people.models import Role
from qianniu.tests import factories as f

OWN = "自己"


def decide_url(team, membership, decision):
    return reverse("orgs:membership_decide", args=[team.pk, membership.pk, decision])


def test_a_region_admin_who_volunteers_cannot_approve_their_own_application(world, login):
    admin = f.volunteer(name="巴特尔", region=world.community)
    f.grant(admin.user, Role.REGION_ADMIN, region=world.county)
    other = f.volunteer(name="新成员", region=world.community, team=world.team)
    client = login(admin.user)
    client.post(reverse("orgs:team_apply"), {"team": world.team.pk})
    own = TeamMembership.objects.get(volunteer=admin, team=world.team)
    others = TeamMembership.objects.get(volunteer=other, team=world.team)

    page = client.get(reverse("orgs:team_detail", args=[world.team.pk])).content.decode()
    assert decide_url(world.team, others, "approve") in page  # is shown for another's application
    assert decide_url(world.team, own, "approve") not in page  # is not shown for one's own
    response = client.post(decide_url(world.team, own, "approve"), follow=True)
    assert OWN in response.content.decode()
    own.refresh_from_db()
    assert own.status == MembershipStatus.PENDING and own.decided_by is None

    login(world.team_leader).post(decide_url(world.team, own, "approve"))
    own.refresh_from_db()
    assert (own.status, own.decided_by) == (MembershipStatus.APPROVED, world.team_leader)


def test_the_service_refuses_a_leader_deciding_their_own_membership(world):
    leader_membership = TeamMembership.objects.get(volunteer=world.team_leader.volunteer, team=world.team)
    TeamMembership.objects.filter(pk=leader_membership.pk).update(status=MembershipStatus.PENDING)
    with pytest.raises(services.MembershipError, match=OWN):
        services.membership_decide(membership=leader_membership, by=world.team_leader, approve=True)
    with pytest.raises(services.MembershipError, match=OWN):
        services.membership_decide(membership=leader_membership, by=world.team_leader, approve=False, note="x")
    leader_membership.refresh_from_db()
    assert leader_membership.status == MembershipStatus.PENDING
    services.membership_decide(membership=leader_membership, by=world.county_admin, approve=True)
    leader_membership.refresh_from_db()
    assert leader_membership.status == MembershipStatus.APPROVED


def test_nobody_enrols_themself_into_a_team(world):
    """A roster's enrolment is a decision on the membership: a leader or an admin who volunteers does not make
    themself a member or a leader, new or pending, and nothing is written."""
    admin = f.volunteer(name="巴特尔", region=world.community)
    f.grant(admin.user, Role.REGION_ADMIN, region=world.county)
    with pytest.raises(services.MembershipError, match=OWN):
        services.membership_enrol(team=world.team, volunteer_id=admin.pk, by=admin.user)
    assert not TeamMembership.objects.filter(volunteer=admin).exists()
    services.membership_apply(team=world.team, volunteer=admin)
    with pytest.raises(services.MembershipError, match=OWN):
        services.membership_enrol(team=world.team, volunteer_id=admin.pk, by=admin.user, leader=True)
    assert TeamMembership.objects.get(volunteer=admin).status == MembershipStatus.PENDING
    member = TeamMembership.objects.get(volunteer=world.volunteer, team=world.team)
    with pytest.raises(services.MembershipError, match=OWN):
        services.membership_enrol(
            team=world.team, volunteer_id=world.volunteer.pk, by=world.volunteer_user, leader=True
        )
    member.refresh_from_db()
    assert member.role == MembershipRole.MEMBER
    assert services.membership_enrol(team=world.team, volunteer_id=admin.pk, by=world.county_admin)
    assert TeamMembership.objects.get(volunteer=admin).status == MembershipStatus.APPROVED
