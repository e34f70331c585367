"""The invitation link: set a password once, with Django's validators; a used, expired or replaced link says so."""

import datetime

from django.urls import reverse
from django.utils import timezone

from people.models import Role
from qianniu.tests import factories as f
from staff.models import Invitation, StaffAction, StaffEvent
from staff.services import staff_create, staff_invite

PASSWORD = "qianniu-2026!"


def new_liaison(world):
    return staff_create(
        by=world.county_admin, name="赵丽", phone="13904760003", role=Role.DEPARTMENT_LIAISON,
        organisation=world.department,
    )  # fmt: skip


def accept(client, token, password=PASSWORD, again=None):
    url = reverse("staff:invitation", args=[token])
    return client.post(url, {"new_password1": password, "new_password2": again or password})


def test_the_link_sets_the_password_once(world, client):
    user, token = new_liaison(world)
    page = client.get(reverse("staff:invitation", args=[token]))
    assert page.status_code == 200 and "赵丽" in page.content.decode()
    response = accept(client, token)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert StaffEvent.objects.filter(user=user, action=StaffAction.JOINED).exists()
    client.logout()
    second = accept(client, token, password="another-pass-2026")
    assert second.status_code == 410 and "这个邀请链接已经用过了" in second.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_expired_link_says_so(world, client):
    user, token = new_liaison(world)
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("staff:invitation", args=[token]))
    assert response.status_code == 410 and "这个邀请链接已过期" in response.content.decode()
    assert accept(client, token).status_code == 410
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_replaced_or_made_up_link_does_not_work(world, client):
    user, first = new_liaison(world)
    second = staff_invite(by=world.county_admin, user=user)
    assert "这个邀请链接无效" in client.get(reverse("staff:invitation", args=[first])).content.decode()
    assert client.get(reverse("staff:invitation", args=["x" * 43])).status_code == 410
    assert client.get(reverse("staff:invitation", args=[second])).status_code == 200


def test_the_password_meets_the_validators(world, client):
    user, token = new_liaison(world)
    assert "这个密码太常见了" in accept(client, token, password="password").content.decode()
    assert accept(client, token, password=PASSWORD, again="qianniu-2027!").status_code == 200
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).used_at is None


def test_a_region_admin_invitee_is_taken_to_set_up_two_factor(world, client):
    user, token = staff_create(
        by=world.county_admin, name="白音", phone="13904760004", role=Role.REGION_ADMIN, region=world.township
    )
    response = accept(client, token)
    assert response.status_code == 302 and response.url == reverse("signin:enrol")
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("signin:enrol"))
    assert f.PASSWORD != PASSWORD
