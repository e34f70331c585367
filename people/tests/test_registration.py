import datetime
import re

import pytest
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
    assert response.status_code == 302 and response["Location"] == reverse("people:join_done")
    volunteer = Volunteer.objects.get(user__name="那仁")
    assert volunteer.birth_date == datetime.date(1990, 1, 1) and volunteer.sex == "M"
    assert volunteer.volunteer_number.startswith(f"150521{datetime.date.today().year}")
    assert volunteer.availability == [
        {"weekday": 1, "start": "08:00", "end": "12:00"},
        {"weekday": 5, "start": "14:00", "end": "18:00"},
    ]
    assert TeamMembership.objects.get(volunteer=volunteer).status == MembershipStatus.PENDING
    assert Consent.objects.get(volunteer=volunteer).policy_version
    # Not signed in by registering (that would tell a known number from a new one): signing in works.
    assert client.get(reverse("people:me")).status_code == 302
    client.post(reverse("login"), {"username": "13512345678", "password": "qn-Strong-2026"})
    assert client.get(reverse("people:me")).status_code == 200


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


def without_csrf_token(body: str) -> str:
    """The page without its CSRF token, which differs on every page by design (in forms and in htmx's headers)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", body)


def test_join_answers_alike_for_a_known_and_an_unknown_number(world, client):
    """Whether a mobile or ID number is registered is not told to whoever types it: the same answer, the same
    page after it, and nothing created for a known number."""
    join = reverse("people:join")
    users, volunteers = User.objects.count(), Volunteer.objects.count()
    known_id = client.post(join, form(world, phone="13512340001", id_number=world.volunteer.id_number))
    known_phone = client.post(
        join, form(world, phone="13912345678", id_number=f.resident_id(datetime.date(1992, 3, 4)))
    )
    assert (User.objects.count(), Volunteer.objects.count()) == (users, volunteers)  # no duplicate, nothing half
    unknown = client.post(join, form(world, phone="13512340002", id_number=f.resident_id(datetime.date(1993, 5, 6))))
    assert Volunteer.objects.filter(user__name="那仁").count() == 1  # the new number is registered

    for known in (known_id, known_phone):
        assert known.status_code == unknown.status_code == 302
        assert known["Location"] == unknown["Location"]
        assert sorted(known.cookies) == sorted(unknown.cookies)
        assert without_csrf_token(known.content.decode()) == without_csrf_token(unknown.content.decode())
    pages = [without_csrf_token(client.get(r["Location"]).content.decode()) for r in (known_id, unknown)]
    assert pages[0] == pages[1]
    assert "如果这个号码已经注册" in pages[0] and "登录" in pages[0]
    assert "13912345678" not in pages[0] and world.volunteer.id_number not in pages[0]


def test_a_double_submission_registers_once(world, client):
    client.post(reverse("people:join"), form(world))
    response = client.post(reverse("people:join"), form(world))
    assert response.status_code == 302
    assert Volunteer.objects.filter(user__name="那仁").count() == 1


def test_staff_still_find_a_registered_id_number_by_its_blind_index(world):
    from people import services

    assert services.id_number_taken(id_type="resident", id_number=world.volunteer.id_number)
    assert not services.id_number_taken(id_type="resident", id_number=f.resident_id(datetime.date(1994, 7, 8)))


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


def test_a_full_width_id_number_registers_as_typed_on_a_chinese_keyboard(world, client):
    number = f.resident_id(datetime.date(1990, 1, 1), "M")
    typed = "".join(chr(ord(c) + 0xFEE0) for c in number)  # １５０５２１…
    response = client.post(reverse("people:join"), form(world, id_number=typed, phone="１３５１２３４５６７８"))
    assert response.status_code == 302, response.content.decode()
    volunteer = Volunteer.objects.get(user__name="那仁")
    assert volunteer.id_number == number and volunteer.user.phone == "13512345678"


def test_invisible_characters_in_a_name_are_dropped(world, client):
    client.post(reverse("people:join"), form(world, name="张\u202e三丰"))
    assert Volunteer.objects.filter(user__name="张三丰").exists()
    assert User.objects.get(name="张三丰").name_pinyin == "zhangsanfeng"


def test_a_typed_birth_date_lies_between_1900_and_today(world, client):
    passport = {"id_type": "passport", "id_number": "E12345678", "sex": "M"}
    for birth in ("9999-12-31", "1899-12-31", (datetime.date.today() + datetime.timedelta(days=1)).isoformat()):
        body = client.post(reverse("people:join"), form(world, **passport, birth_date=birth)).content.decode()
        assert "日期不能" in body, birth
    assert not Volunteer.objects.filter(user__name="那仁").exists()
    response = client.post(reverse("people:join"), form(world, **passport, birth_date="1990-01-01"))
    assert response.status_code == 302
    assert Volunteer.objects.get(user__name="那仁").birth_date == datetime.date(1990, 1, 1)


def test_the_services_refuse_a_birth_date_in_the_future_too(world):
    from people import services

    profile = {"sex": "M", "birth_date": datetime.date(9999, 12, 31), "region": world.community}
    with pytest.raises(services.InvalidProfile, match="日期不能晚于"):
        services.volunteer_register(
            name="那仁", phone="13512345678", password="x", id_type="passport", id_number="E1", profile=profile
        )
    with pytest.raises(services.InvalidProfile, match="日期不能晚于"):
        services.recipient_create(by=None, name="赵秀英", data=profile)
    assert not User.objects.filter(name="那仁").exists()
