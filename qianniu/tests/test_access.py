"""What each persona sees, straight from the one scoping function."""

from orgs.models import Organisation
from people.models import Recipient, Volunteer


def names(queryset, field="user__name"):
    return set(queryset.values_list(field, flat=True))


def test_county_admin_sees_the_whole_county_and_nothing_of_another(world):
    visible = names(Volunteer.objects.visible_to(world.county_admin))
    assert visible == {"吴乌兰", "张三", "李四"}
    assert names(Recipient.objects.visible_to(world.county_admin), "name") == {"韩桂兰", "包金花"}


def test_community_social_worker_sees_only_the_community(world):
    assert names(Volunteer.objects.visible_to(world.social_worker)) == {"吴乌兰", "张三"}
    assert names(Recipient.objects.visible_to(world.social_worker), "name") == {"韩桂兰"}
    assert set(Organisation.objects.visible_to(world.social_worker)) == {world.team}


def test_team_leader_sees_the_team(world):
    assert names(Volunteer.objects.visible_to(world.team_leader)) == {"吴乌兰", "张三"}
    assert not Recipient.objects.visible_to(world.team_leader).exists()
    assert set(Organisation.objects.visible_to(world.team_leader)) == {world.team}


def test_volunteer_sees_only_itself(world):
    assert names(Volunteer.objects.visible_to(world.volunteer_user)) == {"张三"}
    assert not Recipient.objects.visible_to(world.volunteer_user).exists()
    assert not Volunteer.objects.changeable_by(world.volunteer_user).exclude(pk=world.volunteer.pk).exists()


def test_department_liaison_sees_its_department(world):
    assert set(Organisation.objects.visible_to(world.liaison)) == {world.department}
    assert not Volunteer.objects.visible_to(world.liaison).exists()
    assert not Recipient.objects.visible_to(world.liaison).exists()


def test_resident_sees_only_their_own_record(world):
    assert names(Recipient.objects.visible_to(world.resident), "name") == {"韩桂兰"}
    assert not Recipient.objects.changeable_by(world.resident).exists()


def test_outsider_sees_nothing_of_the_county(world):
    assert names(Volunteer.objects.visible_to(world.outsider)) == {"张山"}
    assert names(Recipient.objects.visible_to(world.outsider), "name") == {"张桂兰"}
    assert set(Organisation.objects.visible_to(world.outsider)) == {world.foreign_team}


def test_a_volunteer_who_joins_a_team_elsewhere_is_seen_by_that_area(world):
    from qianniu.tests import factories as f

    f.member(world.other_team, world.volunteer)
    assert "张三" in names(Volunteer.objects.visible_to(world.other_social_worker))
