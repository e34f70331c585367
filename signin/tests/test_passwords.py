"""Django's password validators (settings.AUTH_PASSWORD_VALIDATORS) run wherever a password is set:
registration, changing one's own, the back office, and the account service behind createsuperuser."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.models import User
from people.services import user_create
from qianniu.tests import factories as f

WEAK = {
    "12345678": "只包含数字",  # numeric
    "password": "太常见",  # common
    "qn-2026": "太短",  # shorter than 8
}


def registration(world, password):
    return {
        "name": "那仁",
        "phone": "13512345678",
        "password": password,
        "id_type": "resident",
        "id_number": f.resident_id(),
        "region": world.community.pk,
        "kind": "youth",
        "consent": "on",
    }


@pytest.mark.parametrize("password, message", WEAK.items())
def test_registration_refuses_a_weak_password(world, client, password, message):
    body = client.post(reverse("people:join"), registration(world, password)).content.decode()
    assert message in body and not User.objects.filter(name="那仁").exists()


def test_registration_takes_a_good_password(world, client):
    assert client.post(reverse("people:join"), registration(world, "qn-Strong-2026")).status_code == 302
    assert User.objects.get(name="那仁").check_password("qn-Strong-2026")


@pytest.mark.parametrize("password, message", WEAK.items())
def test_changing_ones_password_runs_the_validators(world, login, password, message):
    client = login(world.volunteer_user)
    data = {"old_password": f.PASSWORD, "new_password1": password, "new_password2": password}
    body = client.post(reverse("signin:password_change"), data).content.decode()
    assert message in body
    world.volunteer_user.refresh_from_db()
    assert world.volunteer_user.check_password(f.PASSWORD)


def test_changing_ones_password_keeps_the_session_and_the_new_one_signs_in(world, login):
    client = login(world.county_admin)
    data = {"old_password": f.PASSWORD, "new_password1": "qn-New-Pass-77", "new_password2": "qn-New-Pass-77"}
    response = client.post(reverse("signin:password_change"), data)
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200
    client.logout()
    signed = client.post(reverse("login"), {"username": world.county_admin.phone, "password": "qn-New-Pass-77"})
    assert signed.status_code == 302


def test_the_back_office_runs_the_validators_when_it_sets_a_password(world, login):
    superuser = f.UserFactory(name="管理员", is_staff=True, is_superuser=True)
    client = login(superuser)
    url = reverse("admin:auth_user_password_change", args=[world.volunteer_user.pk])
    body = client.post(url, {"password1": "12345678", "password2": "12345678"}).content.decode()
    assert "只包含数字" in body
    world.volunteer_user.refresh_from_db()
    assert world.volunteer_user.check_password(f.PASSWORD)
    assert client.post(url, {"password1": "qn-Admin-Set-9", "password2": "qn-Admin-Set-9"}).status_code == 302
    world.volunteer_user.refresh_from_db()
    assert world.volunteer_user.check_password("qn-Admin-Set-9")


def test_the_account_service_refuses_a_weak_password(db):
    """createsuperuser (through UserManager) and every future caller, such as an invitation, go through it."""
    with pytest.raises(ValidationError, match="太常见"):
        user_create(phone="13512340000", name="管理员", password="password")
    assert not User.objects.filter(name="管理员").exists()
    User.objects.create_superuser("13512340000", "qn-Strong-2026", name="管理员")
    assert User.objects.get(name="管理员").is_superuser
