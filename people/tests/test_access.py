"""people's access rules, tested on the querysets they scope."""

from orgs.models import MembershipStatus, TeamMembership
from people.models import Volunteer


def test_an_application_alone_opens_no_view_of_the_applicant(world, login):
    TeamMembership.objects.create(team=world.team, volunteer=world.foreign_volunteer, status=MembershipStatus.REJECTED)
    assert not Volunteer.objects.visible_to(world.county_admin).filter(pk=world.foreign_volunteer.pk).exists()
    assert not Volunteer.objects.visible_to(world.team_leader).filter(pk=world.foreign_volunteer.pk).exists()
    TeamMembership.objects.filter(volunteer=world.foreign_volunteer).update(status=MembershipStatus.PENDING)
    assert Volunteer.objects.visible_to(world.team_leader).filter(pk=world.foreign_volunteer.pk).exists()
    assert not Volunteer.objects.visible_to(world.county_admin).filter(pk=world.foreign_volunteer.pk).exists()
