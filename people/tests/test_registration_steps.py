"""Registration in three short steps (core/steps.py): the same form and service, one screen at a time."""

import datetime
import html
import re

from django.urls import reverse

from people.models import Volunteer
from qianniu.tests import factories as f

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def carried(body: str) -> list[tuple[str, str]]:
    """The hidden inputs a step page sends back: the step number and every other step's fields."""
    return [(name, html.unescape(value)) for name, value in HIDDEN.findall(body) if name != "csrfmiddlewaretoken"]


def post(client, body: str, typed: dict, **extra):
    data = {}
    for name, value in carried(body):
        data.setdefault(name, []).append(value)
    data.update(typed)
    data.update(extra)
    return client.post(reverse("people:join"), data)


ABOUT_YOU = {"name": "那仁", "phone": "13512345678", "id_type": "resident"}


def test_the_first_step_asks_who_you_are_with_the_phone_keypad(world, client):
    body = client.get(reverse("people:join")).content.decode()
    assert "第 1 步，共 3 步" in body
    assert re.search(r'<input type="tel" name="phone"[^>]*inputmode="tel"', body)
    assert 'name="id_number"' in body and 'autocapitalize="characters"' in body
    assert 'name="password"' not in body and 'name="consent"' not in body and 'name="region"' not in body


def test_a_bad_id_number_is_refused_at_its_step(world, client):
    body = client.get(reverse("people:join")).content.decode()
    response = post(client, body, {**ABOUT_YOU, "id_number": "150521199001011239"})  # a wrong check digit
    body = response.content.decode()
    assert response.status_code == 200
    assert "第 1 步，共 3 步" in body and "校验位" in body
    assert 'value="那仁"' in body  # what was typed stays
    assert 'name="region"' not in body
    assert not Volunteer.objects.filter(user__name="那仁").exists()


def test_a_volunteer_registers_in_three_steps(world, client):
    id_number = f.resident_id(datetime.date(1990, 1, 1), "M")
    body = client.get(reverse("people:join")).content.decode()

    body = post(client, body, {**ABOUT_YOU, "id_number": id_number}).content.decode()
    assert "第 2 步，共 3 步" in body
    assert ("id_number", id_number) in carried(body) and ("name", "那仁") in carried(body)
    assert 'name="region"' in body and 'name="password"' not in body
    assert re.search(r'name="weekly_capacity" value="2"', body)  # a new step starts from the initial values

    step_two = {"region": world.community.pk, "kind": "youth", "availability": ["1-am", "5-pm"], "weekly_capacity": 3}
    body = post(client, body, step_two).content.decode()
    assert "第 3 步，共 3 步" in body and 'name="password"' in body and 'name="consent"' in body
    assert ("region", str(world.community.pk)) in carried(body)

    # The last step checks the whole form: without the consent it stays, and never carries the password.
    refused = post(client, body, {"team": world.team.pk, "password": "qn-Strong-2026"}).content.decode()
    assert "第 3 步，共 3 步" in refused and "同意" in refused
    assert "qn-Strong-2026" not in refused
    assert not Volunteer.objects.filter(user__name="那仁").exists()

    response = post(client, refused, {"team": world.team.pk, "password": "qn-Strong-2026", "consent": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("people:join_done")
    volunteer = Volunteer.objects.get(user__name="那仁")
    assert volunteer.id_number == id_number and volunteer.region == world.community
    assert volunteer.weekly_capacity == 3 and volunteer.memberships.get().team == world.team


def test_the_previous_step_keeps_what_was_typed(world, client):
    id_number = f.resident_id(datetime.date(1990, 1, 1), "M")
    body = client.get(reverse("people:join")).content.decode()
    body = post(client, body, {**ABOUT_YOU, "id_number": id_number}).content.decode()
    back = post(client, body, {"region": world.community.pk, "address": "团结路3号"}, back="1").content.decode()
    assert "第 1 步，共 3 步" in back and f'value="{id_number}"' in back
    assert ("address", "团结路3号") in carried(back)
    assert "errorlist" not in back  # going back checks nothing


def test_steps_before_the_last_do_not_count_against_the_registration_limit(world, client):
    body = client.get(reverse("people:join")).content.decode()
    for _ in range(12):
        response = post(client, body, {**ABOUT_YOU, "id_number": "150521199001011239"})
        assert response.status_code == 200
    for n in range(10):
        assert client.post(reverse("people:join"), {"name": "x"}).status_code == 200, n
    assert client.post(reverse("people:join"), {"name": "x"}).status_code == 429
