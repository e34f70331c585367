from django.urls import reverse

from orgs.models import Kind, MembershipStatus, Organisation, TeamMembership
from qianniu.tests import factories as f


def apply(world, name="新成员"):
    newcomer = f.volunteer(name=name, region=world.community, team=world.team)
    return TeamMembership.objects.get(volunteer=newcomer, team=world.team)


def decide_url(team, membership, decision):
    return reverse("orgs:membership_decide", args=[team.pk, membership.pk, decision])


def test_the_leader_sees_and_approves_an_application(world, login):
    membership = apply(world)
    client = login(world.team_leader)
    assert "新成员" in client.get(reverse("orgs:team_detail", args=[world.team.pk])).content.decode()
    assert client.post(decide_url(world.team, membership, "approve")).status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == (MembershipStatus.APPROVED, world.team_leader)


def test_refusing_needs_a_reason(world, login):
    membership = apply(world)
    client = login(world.team_leader)
    client.post(decide_url(world.team, membership, "reject"), {"note": ""})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    client.post(decide_url(world.team, membership, "reject"), {"note": "名额已满"})
    membership.refresh_from_db()
    assert (membership.status, membership.note) == (MembershipStatus.REJECTED, "名额已满")


def test_deciding_twice_changes_nothing(world, login):
    membership = apply(world)
    client = login(world.team_leader)
    client.post(decide_url(world.team, membership, "approve"))
    client.post(decide_url(world.team, membership, "reject"), {"note": "误点"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED


def test_a_member_cannot_decide_and_an_outsider_gets_404(world, login):
    membership = apply(world)
    assert login(world.volunteer_user).post(decide_url(world.team, membership, "approve")).status_code == 403
    assert login(world.outsider).post(decide_url(world.team, membership, "approve")).status_code == 404
    assert login(world.other_social_worker).post(decide_url(world.team, membership, "approve")).status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_an_outsider_gets_404_for_every_organisation_page(world, login):
    f.OrganisationFactory(kind=Kind.AGENCY, name="金川社工服务中心", region=world.foreign_county)
    client = login(world.outsider)
    for url in (
        reverse("orgs:team_detail", args=[world.team.pk]),
        reverse("orgs:detail", args=[world.department.pk]),
        reverse("orgs:edit", args=[world.team.pk]),
        reverse("orgs:edit", args=[world.department.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url, own in ((reverse("orgs:list"), "金川社工服务中心"), (reverse("orgs:team_list"), world.foreign_team.name)):
        body = client.get(url).content.decode()
        assert own in body, url  # is shown: an organisation of their own county
        assert "团结社区" not in body and "民政局" not in body


def test_a_volunteer_applies_to_another_team(world, login):
    client = login(world.volunteer_user)
    assert client.post(reverse("orgs:team_apply"), {"team": world.other_team.pk}).status_code == 302
    assert (
        TeamMembership.objects.get(volunteer=world.volunteer, team=world.other_team).status == MembershipStatus.PENDING
    )
    # The member does not gain a view of the other team's people by applying.
    assert client.get(reverse("orgs:team_detail", args=[world.other_team.pk])).status_code == 404


def test_the_county_admin_creates_an_organisation(world, login):
    client = login(world.county_admin)
    response = client.post(
        reverse("orgs:create"),
        {"name": "保康第一中学", "kind": "unit", "unit_type": "school", "region": world.township.pk, "active": "on"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="保康第一中学").region == world.township


def test_an_admin_cannot_place_an_organisation_in_another_county(world, login):
    response = login(world.county_admin).post(
        reverse("orgs:create"), {"name": "越界队", "kind": "team", "region": world.foreign_community.pk}
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="越界队").exists()


def test_a_department_needs_its_department_code(world, login):
    response = login(world.county_admin).post(
        reverse("orgs:create"), {"name": "科左中旗某局", "kind": "department", "region": world.county.pk}
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="科左中旗某局").exists()


def test_a_duplicate_name_is_refused_without_a_crash(world, login):
    response = login(world.county_admin).post(
        reverse("orgs:create"), {"name": world.team.name, "kind": "team", "region": world.community.pk}
    )
    assert response.status_code == 200
    assert Organisation.objects.filter(name=world.team.name).count() == 1


def test_the_leader_edits_the_description_but_not_the_place(world, login):
    client = login(world.team_leader)
    response = client.post(
        reverse("orgs:edit", args=[world.team.pk]),
        {"name": world.team.name, "kind": "unit", "region": world.other_community.pk, "description": "每周二上午活动"},
    )
    assert response.status_code == 302
    world.team.refresh_from_db()
    assert (world.team.description, world.team.kind, world.team.region) == ("每周二上午活动", "team", world.community)
    assert login(world.team_leader).get(reverse("orgs:create")).status_code == 404


def test_the_liaison_sees_the_department_on_the_home_page(world, login):
    body = login(world.liaison).get(reverse("home")).content.decode()
    assert "科左中旗民政局" in body


def test_a_name_that_only_looks_different_is_the_same_name(world, login):
    client = login(world.county_admin)
    look_alike = "团结社区\u200b牵牛花志愿服务队\u202e"
    response = client.post(reverse("orgs:create"), {"name": look_alike, "kind": "team", "region": world.community.pk})
    assert response.status_code == 200
    assert Organisation.objects.filter(name__contains="牵牛花").count() == 1
    response = client.post(
        reverse("orgs:create"), {"name": "团结\u200b社区 \u3000 青年队", "kind": "team", "region": world.community.pk}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="团结社区 青年队").exists()


def test_the_leader_s_description_has_a_length(world, login):
    client = login(world.team_leader)
    url = reverse("orgs:edit", args=[world.team.pk])
    data = {"name": world.team.name, "kind": "team", "region": world.community.pk, "active": "on"}
    assert "不超过 2000 字符" in client.post(url, {**data, "description": "队" * 2001}).content.decode()
    world.team.refresh_from_db()
    assert world.team.description == ""
    client.post(url, {**data, "description": "队" * 2000})
    world.team.refresh_from_db()
    assert world.team.description == "队" * 2000


def test_a_liaison_edits_the_description_but_not_what_the_department_is(world, login):
    login(world.liaison).post(
        reverse("orgs:edit", args=[world.department.pk]),
        {
            "name": "改名局",
            "kind": "department",
            "department": "health",
            "region": world.county.pk,
            "description": "工作日 8:30–17:30",
        },
    )
    world.department.refresh_from_db()
    assert (world.department.name, world.department.department, world.department.active) == (
        "科左中旗民政局",
        "civil_affairs",
        True,
    )
    assert world.department.description == "工作日 8:30–17:30"
