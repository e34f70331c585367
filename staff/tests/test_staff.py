"""Region admins create, invite, change and end staff accounts and roles within their area, and nowhere else."""

import pytest
from django.urls import reverse

from orgs.models import Department, Kind
from people.models import Role, RoleGrant, User, phone_index
from qianniu.tests import factories as f
from regions.models import Level
from staff.models import Invitation, StaffAction, StaffEvent, token_digest
from staff.services import StaffError, staff_grant_add, staff_grant_end


def create(client, world, **data):
    fields = {"name": "陈思远", "phone": "13904760001", "role": Role.SOCIAL_WORKER, "region": world.community.pk}
    return client.post(reverse("staff:create"), {**fields, **data})


def test_a_county_admin_creates_a_social_worker_and_sees_a_link_shown_once(world, login):
    client = login(world.county_admin)
    response = create(client, world)
    body = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    link = body.split('data-testid="invitation-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    token = link.rstrip("/").rsplit("/", 1)[1]
    user = User.objects.get(phone_index=phone_index("13904760001"))
    assert not user.has_usable_password()
    assert RoleGrant.objects.get(user=user).region == world.community
    invitation = Invitation.objects.get(user=user)
    assert invitation.token_digest == token_digest(token) and token not in invitation.token_digest
    assert len(token) >= 40
    actions = set(StaffEvent.objects.filter(user=user, by=world.county_admin).values_list("action", flat=True))
    assert actions == {StaffAction.CREATED, StaffAction.GRANTED, StaffAction.INVITED}


def test_the_creation_form_refuses_a_taken_number_and_a_missing_department(world, login):
    client = login(world.county_admin)
    taken = create(client, world, phone=world.volunteer_user.phone)
    assert "该手机号已注册" in taken.content.decode()
    no_department = create(client, world, role=Role.DEPARTMENT_LIAISON, region="")
    assert "请选择这个角色所在的地方" in no_department.content.decode()
    assert not User.objects.filter(name="陈思远").exists()


def test_the_staff_list_and_page_show_the_area_only(world, login):
    body = login(world.county_admin).get(reverse("staff:list")).content.decode()
    assert world.liaison.name in body and world.social_worker.name in body
    assert world.outsider.name not in body
    outsider_page = login(world.county_admin).get(reverse("staff:detail", args=[world.outsider.pk]))
    assert outsider_page.status_code == 404
    assert login(world.county_admin).get(reverse("staff:detail", args=[world.liaison.pk])).status_code == 200


def test_another_areas_admin_can_neither_see_nor_change_staff_of_this_area(world, login):
    client = login(world.outsider)
    grant = RoleGrant.objects.get(user=world.social_worker)
    department = f.OrganisationFactory(
        kind=Kind.DEPARTMENT, department=Department.HEALTH, name="金川区卫健局", region=world.foreign_county
    )
    for url, data in [
        (reverse("staff:detail", args=[world.social_worker.pk]), None),
        (reverse("staff:edit", args=[world.social_worker.pk]), {"name": "改名", "phone": "13904760002"}),
        (reverse("staff:invite", args=[world.social_worker.pk]), {}),
        (reverse("staff:end", args=[world.social_worker.pk]), {}),
        (reverse("staff:grant_end", args=[world.social_worker.pk, grant.pk]), {}),
        (
            reverse("staff:grant_add", args=[world.social_worker.pk]),
            {"role": Role.DEPARTMENT_LIAISON, "department": department.pk},
        ),
    ]:
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, url
    assert RoleGrant.objects.filter(pk=grant.pk).exists() and User.objects.get(pk=world.social_worker.pk).is_active
    assert not RoleGrant.objects.filter(user=world.social_worker, role=Role.DEPARTMENT_LIAISON).exists()
    # the outsider's own area works
    assert client.get(reverse("staff:list")).status_code == 200


def test_a_township_admin_grants_below_but_never_on_an_area_above_or_their_own(world, login):
    township_admin = f.UserFactory(name="包海龙")
    f.grant(township_admin, Role.REGION_ADMIN, region=world.township)
    f.authenticator(township_admin)
    client = login(township_admin)
    newcomer = f.UserFactory(name="新社工")
    f.grant(newcomer, Role.SOCIAL_WORKER, region=world.community)
    url = reverse("staff:grant_add", args=[newcomer.pk])
    # the county is not among the choices, and the service refuses it too
    client.post(url, {"role": Role.SUPERVISOR, "region": world.county.pk})
    assert not RoleGrant.objects.filter(user=newcomer, role=Role.SUPERVISOR).exists()
    with pytest.raises(StaffError, match="只能在本人管辖的地区内"):
        staff_grant_add(by=township_admin, user=newcomer, role=Role.SUPERVISOR, region=world.county)
    with pytest.raises(StaffError, match="不能是本级地区"):
        staff_grant_add(by=township_admin, user=newcomer, role=Role.REGION_ADMIN, region=world.township)
    with pytest.raises(StaffError, match="只能在本人管辖的地区内"):
        staff_grant_add(by=township_admin, user=newcomer, role=Role.DEPARTMENT_LIAISON, organisation=world.department)
    client.post(url, {"role": Role.REGION_ADMIN, "region": world.community.pk})
    assert RoleGrant.objects.filter(user=newcomer, role=Role.REGION_ADMIN, region=world.community).exists()


def test_an_admin_cannot_raise_themselves_nor_end_their_own_admin_grant(world, login):
    client = login(world.county_admin)
    own = RoleGrant.objects.get(user=world.county_admin)
    client.post(
        reverse("staff:grant_add", args=[world.county_admin.pk]), {"role": Role.SUPERVISOR, "region": world.county.pk}
    )
    client.post(reverse("staff:grant_end", args=[world.county_admin.pk, own.pk]))
    client.post(reverse("staff:end", args=[world.county_admin.pk]))
    assert list(RoleGrant.objects.filter(user=world.county_admin)) == [own]
    assert User.objects.get(pk=world.county_admin.pk).is_active
    with pytest.raises(StaffError, match="不能在这里修改自己的账号或角色"):
        staff_grant_end(by=world.county_admin, grant=own)
    with pytest.raises(StaffError, match="不能在这里修改自己的账号或角色"):
        staff_grant_add(by=world.county_admin, user=world.county_admin, role=Role.SUPERVISOR, region=world.community)


def test_a_liaison_or_a_social_worker_cannot_grant_anything(world, login):
    for persona in (world.liaison, world.social_worker):
        client = login(persona)
        assert client.get(reverse("staff:list")).status_code == 404
        response = client.post(
            reverse("staff:grant_add", args=[world.volunteer_user.pk]),
            {"role": Role.SOCIAL_WORKER, "region": world.community.pk},
        )
        assert response.status_code == 404
        assert create(client, world).status_code == 404
    assert not RoleGrant.objects.filter(user=world.volunteer_user).exists()
    assert not User.objects.filter(name="陈思远").exists()
    assert login(world.county_admin).get(reverse("staff:list")).status_code == 200


def test_ending_a_grant_takes_effect_at_the_next_request(world, login, client):
    grant = RoleGrant.objects.get(user=world.liaison)
    liaison_client = login(world.liaison)
    assert liaison_client.get(reverse("orgs:detail", args=[world.department.pk])).status_code == 200
    admin = login(world.county_admin)
    admin.post(reverse("staff:grant_end", args=[world.liaison.pk, grant.pk]))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = StaffEvent.objects.get(user=world.liaison, action=StaffAction.GRANT_ENDED)
    assert event.by == world.county_admin and world.department.name in event.detail
    liaison_client = login(world.liaison)
    assert liaison_client.get(reverse("orgs:detail", args=[world.department.pk])).status_code == 404
    # the account stays in the admin's view after its last role ended
    assert login(world.county_admin).get(reverse("staff:detail", args=[world.liaison.pk])).status_code == 200


def test_ending_the_account_signs_it_out_and_restoring_brings_it_back(world, client):
    client.force_login(world.social_worker)
    assert client.get(reverse("people:volunteer_list")).status_code == 200
    from django.test import Client

    admin = Client()
    admin.force_login(world.county_admin)
    f.two_factor_verified(admin, world.county_admin)
    admin.post(reverse("staff:end", args=[world.social_worker.pk]))
    assert not User.objects.get(pk=world.social_worker.pk).is_active
    response = client.get(reverse("people:volunteer_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    admin.post(reverse("staff:restore", args=[world.social_worker.pk]))
    assert User.objects.get(pk=world.social_worker.pk).is_active
    actions = list(StaffEvent.objects.filter(user=world.social_worker).values_list("action", flat=True))
    assert actions == [StaffAction.RESTORED, StaffAction.ENDED]


def test_an_account_with_a_role_elsewhere_is_changed_only_by_an_admin_of_both(world, login):
    f.grant(world.social_worker, Role.SOCIAL_WORKER, region=world.foreign_community)
    client = login(world.county_admin)
    assert client.get(reverse("staff:detail", args=[world.social_worker.pk])).status_code == 200
    assert client.post(reverse("staff:end", args=[world.social_worker.pk])).status_code == 404
    assert User.objects.get(pk=world.social_worker.pk).is_active


def test_changing_name_and_number_is_recorded(world, login):
    client = login(world.county_admin)
    response = client.post(reverse("staff:edit", args=[world.liaison.pk]), {"name": "刘建军", "phone": "13904760009"})
    assert response.status_code == 302
    liaison = User.objects.get(pk=world.liaison.pk)
    assert liaison.name == "刘建军" and liaison.phone_index == phone_index("13904760009")
    event = StaffEvent.objects.get(user=liaison, action=StaffAction.CHANGED)
    assert "刘建国" in event.detail and "刘建军" in event.detail and "13904760009" not in event.detail
    page = client.get(reverse("staff:detail", args=[liaison.pk])).content.decode()
    assert "刘建军" in page and "乌云" in page


def test_a_volunteer_of_the_area_is_made_a_team_leader(world, login):
    client = login(world.county_admin)
    client.post(
        reverse("staff:grant_add", args=[world.volunteer_user.pk]), {"role": Role.TEAM_LEADER, "team": world.team.pk}
    )
    membership = world.volunteer.memberships.get(team=world.team)
    assert membership.role == "leader" and membership.status == "approved"
    client.post(reverse("staff:leadership_end", args=[world.volunteer_user.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.role == "member"
    world_level = world.community.level
    assert world_level == Level.COMMUNITY


def test_the_menu_and_a_volunteers_page_lead_admins_to_the_staff_pages(world, login):
    admin_home = login(world.county_admin).get(reverse("home")).content.decode()
    assert reverse("staff:list") in admin_home
    page = login(world.county_admin).get(reverse("people:volunteer_detail", args=[world.volunteer.pk]))
    assert reverse("staff:detail", args=[world.volunteer_user.pk]) in page.content.decode()
    worker_home = login(world.social_worker).get(reverse("home")).content.decode()
    assert reverse("staff:list") not in worker_home


def test_a_township_admin_cannot_end_an_account_that_also_liaises_for_the_county(world, login):
    township_admin = f.UserFactory(name="包海龙")
    f.grant(township_admin, Role.REGION_ADMIN, region=world.township)
    f.authenticator(township_admin)
    both = f.UserFactory(name="两头忙")
    f.grant(both, Role.SOCIAL_WORKER, region=world.community)
    f.grant(both, Role.DEPARTMENT_LIAISON, organisation=world.department)
    only_here = f.UserFactory(name="只在社区")
    f.grant(only_here, Role.SOCIAL_WORKER, region=world.community)
    client = login(township_admin)
    assert client.get(reverse("staff:detail", args=[both.pk])).status_code == 200
    assert client.post(reverse("staff:end", args=[both.pk])).status_code == 404
    assert User.objects.get(pk=both.pk).is_active
    assert client.post(reverse("staff:end", args=[only_here.pk])).status_code == 302
    assert not User.objects.get(pk=only_here.pk).is_active
