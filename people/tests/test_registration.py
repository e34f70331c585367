import datetime

from django.urls import reverse

from orgs.models import MembershipStatus, TeamMembership
from people.models import Consent, User, Volunteer
from qianniu.tests import factories as f


def form(world, **changes):
    data = {
        "name": "那仁",
        "phone": "13512345678",
        "password": "qn-Strong-2026",
        "id_type": "resident",
        "id_number": f.resident_id(datetime.date(1990, 1, 1), "M"),
        "region": world.community.pk,
        "kind": "youth",
        "team": world.team.pk,
        "availability": ["1-am", "5-pm"],
        "consent": "on",
    }
    data.update(changes)
    return data


def test_a_volunteer_registers_and_waits_for_the_leader(world, client):
    response = client.post(reverse("people:join"), form(world))
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(user__name="那仁")
    assert volunteer.birth_date == datetime.date(1990, 1, 1) and volunteer.sex == "M"
    assert volunteer.volunteer_number.startswith(f"150521{datetime.date.today().year}")
    assert volunteer.availability == [
        {"weekday": 1, "start": "08:00", "end": "12:00"},
        {"weekday": 5, "start": "14:00", "end": "18:00"},
    ]
    assert TeamMembership.objects.get(volunteer=volunteer).status == MembershipStatus.PENDING
    assert Consent.objects.get(volunteer=volunteer).policy_version
    assert client.get(reverse("people:me")).status_code == 200  # signed in


def test_volunteer_numbers_follow_each_other(world, client):
    client.post(reverse("people:join"), form(world))
    client.logout()
    client.post(
        reverse("people:join"), form(world, phone="13512345679", id_number=f.resident_id(datetime.date(1991, 2, 3)))
    )
    numbers = sorted(Volunteer.objects.filter(user__name="那仁").values_list("volunteer_number", flat=True))
    assert int(numbers[1]) - int(numbers[0]) == 1


def test_a_forged_id_number_is_refused_in_chinese(world, client):
    response = client.post(reverse("people:join"), form(world, id_number="150521199001011239"))
    assert "校验位" in response.content.decode()
    assert not User.objects.filter(name="那仁").exists()


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused(world, client):
    response = client.post(reverse("people:join"), form(world, birth_date="1990-01-02"))
    assert "出生日期与证件号码不符" in response.content.decode()
    assert not Volunteer.objects.filter(user__name="那仁").exists()


def test_an_id_number_registered_before_offers_a_way_forward(world, client):
    response = client.post(reverse("people:join"), form(world, id_number=world.volunteer.id_number))
    body = response.content.decode()
    assert "已注册" in body and "登录" in body
    assert not User.objects.filter(name="那仁").exists()  # the account was not half-created


def test_a_double_submission_registers_once(world, client):
    client.post(reverse("people:join"), form(world))
    client.logout()
    response = client.post(reverse("people:join"), form(world))
    assert response.status_code == 200
    assert "已注册" in response.content.decode()
    assert Volunteer.objects.filter(user__name="那仁").count() == 1


def test_registration_needs_consent_and_a_real_mobile_number(world, client):
    data = form(world, phone="1234")
    del data["consent"]
    body = client.post(reverse("people:join"), data).content.decode()
    assert "同意" in body and "11位" in body
    assert not Volunteer.objects.filter(user__name="那仁").exists()


def test_the_new_volunteer_signs_in_with_the_mobile_number(world, client):
    client.post(reverse("people:join"), form(world))
    client.logout()
    response = client.post(reverse("login"), {"username": "135 1234 5678", "password": "qn-Strong-2026"})
    assert response.status_code == 302


def test_a_wrong_password_is_refused_in_chinese(world, client):
    response = client.post(reverse("login"), {"username": "13912345678", "password": "nope"})
    assert "手机号或密码" in response.content.decode()
