"""The person pickers: found by name, pinyin, last digits or address; namesakes told apart; only in scope."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from needs.models import HomeVisit
from qianniu.tests import factories as f

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    f.two_factor_verified(client, user)
    return client


@pytest.fixture
def namesakes(world):
    """Three 宝哈斯 of one community, born in different years, at different addresses."""
    return [
        f.recipient(name="宝哈斯", region=world.community, birth_date=datetime.date(year, 3, 1), address=address)
        for year, address in [(1940, "1号楼101"), (1952, "3号楼202"), (1961, "平房7号")]
    ]


def search(client, url_name, q, **params):
    return client.get(reverse(url_name), {"q": q, **params}, **HTMX)


def test_namesakes_are_told_apart_by_age_and_address(world, namesakes):
    response = search(client_for(world.social_worker), "people:pick_recipients", "宝哈斯", field="recipient")
    html = response.content.decode()
    assert response.status_code == 200
    for person in namesakes:
        assert f'name="recipient" value="{person.pk}"' in html
        assert person.address in html
    ages = sorted(int(r["age"]) for r in client_for(world.social_worker).get(
        reverse("people:pick_recipients"), {"q": "宝哈斯", "format": "json"}
    ).json()["results"])  # fmt: skip
    assert len(set(ages)) == 3 and ages[0] >= 64


@pytest.mark.parametrize("term", ["bhs", "baohasi", "BHS", "宝哈", "3号楼"])
def test_a_recipient_is_found_by_pinyin_initials_or_a_word_of_the_address(world, namesakes, term):
    found = client_for(world.social_worker).get(reverse("people:pick_recipients"), {"q": term, "format": "json"})
    ids = {r["id"] for r in found.json()["results"]}
    assert ids and ids <= {p.pk for p in namesakes}


def test_a_recipient_is_found_by_the_last_digits_of_the_phone_or_the_id_number(world, namesakes):
    client = client_for(world.social_worker)
    by_phone = client.get(reverse("people:pick_recipients"), {"q": "5432", "format": "json"}).json()["results"]
    assert [r["id"] for r in by_phone] == [world.recipient.pk]
    world.recipient.refresh_from_db()
    tail = world.recipient.id_number[-4:]
    assert world.recipient.id_last4 == tail
    by_id = client.get(reverse("people:pick_recipients"), {"q": tail, "format": "json"}).json()["results"]
    assert world.recipient.pk in [r["id"] for r in by_id]
    # Two words narrow: the name and the digits.
    both = client.get(reverse("people:pick_recipients"), {"q": "韩 5432", "format": "json"}).json()["results"]
    assert [r["id"] for r in both] == [world.recipient.pk]
    none = client.get(reverse("people:pick_recipients"), {"q": "宝 5432", "format": "json"}).json()["results"]
    assert none == []


def test_a_user_of_another_region_finds_nobody_here(world):
    outsider = client_for(world.outsider)
    theirs = outsider.get(reverse("people:pick_recipients"), {"q": "桂兰", "format": "json"}).json()["results"]
    assert [r["id"] for r in theirs] == [world.foreign_recipient.pk]  # their own person is found …
    ours = outsider.get(reverse("people:pick_recipients"), {"q": "韩桂兰", "format": "json"}).json()["results"]
    assert ours == []  # … ours is not, by name, …
    assert outsider.get(reverse("people:pick_recipients"), {"q": "5432", "format": "json"}).json()["results"] == []
    volunteers = outsider.get(reverse("people:pick_volunteers"), {"q": "张", "format": "json"}).json()["results"]
    assert [v["id"] for v in volunteers] == [world.foreign_volunteer.pk]
    # … and a worker of the next community does not find ours either.
    other = client_for(world.other_social_worker)
    assert other.get(reverse("people:pick_recipients"), {"q": "韩桂兰", "format": "json"}).json()["results"] == []


def test_a_recipient_of_another_region_cannot_be_posted_into_a_form(world):
    response = client_for(world.outsider).post(
        reverse("needs:home_visit"),
        {"recipient": world.recipient.pk, "visited_at": "2026-11-28T10:00", "need-TOTAL_FORMS": 0,
         "need-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Search for the person" in response.content.decode() or "搜索" in response.content.decode()
    assert not HomeVisit.objects.exists()
    client_for(world.social_worker).post(
        reverse("needs:home_visit"),
        {"recipient": world.recipient.pk, "visited_at": "2026-11-28T10:00", "need-TOTAL_FORMS": 0,
         "need-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert HomeVisit.objects.filter(recipient=world.recipient).count() == 1


def test_a_team_leader_finds_the_team_s_volunteers_by_name_phone_or_number(world):
    leader = client_for(world.team_leader)
    by_name = leader.get(reverse("people:pick_volunteers"), {"q": "zs", "format": "json"}).json()["results"]
    assert [v["id"] for v in by_name] == [world.volunteer.pk]
    assert by_name[0]["address"] == ""  # a volunteer's home is not shown
    by_phone = leader.get(reverse("people:pick_volunteers"), {"q": "5678", "format": "json"}).json()["results"]
    assert [v["id"] for v in by_phone] == [world.volunteer.pk]
    number = world.volunteer.volunteer_number[-6:]
    by_number = leader.get(reverse("people:pick_volunteers"), {"q": number, "format": "json"}).json()["results"]
    assert world.volunteer.pk in [v["id"] for v in by_number]
    assert leader.get(reverse("people:pick_volunteers"), {"q": "李四", "format": "json"}).json()["results"] == []


def test_without_javascript_the_picker_is_a_plain_search_page_that_links_back(world, namesakes):
    response = client_for(world.social_worker).get(
        reverse("people:pick_recipients"), {"q": "宝哈斯", "field": "recipient", "next": "/needs/visit/"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<form" in html and 'name="q"' in html
    assert f'href="/needs/visit/?recipient={namesakes[0].pk}"' in html
    assert response["Vary"].count("HX-Request") == 1
    # The form page then shows the person chosen, ticked.
    page = client_for(world.social_worker).get(reverse("needs:home_visit"), {"recipient": namesakes[0].pk})
    assert f'name="recipient" value="{namesakes[0].pk}" checked' in page.content.decode()
    # A chosen person out of scope is not shown.
    page = client_for(world.social_worker).get(reverse("needs:home_visit"), {"recipient": world.foreign_recipient.pk})
    assert f'value="{world.foreign_recipient.pk}" checked' not in page.content.decode()


def test_a_next_address_on_another_site_is_ignored(world, namesakes):
    response = client_for(world.social_worker).get(
        reverse("people:pick_recipients"), {"q": "宝哈斯", "next": "https://evil.example/"}
    )
    html = response.content.decode()
    assert 'href="https://evil.example' not in html and 'name="next" value="https://evil' not in html
    assert namesakes[0].address in html


def test_many_matches_say_so_instead_of_stopping_in_silence(world):
    for index in range(22):
        f.recipient(name="包其木格", region=world.community, address=f"{index}号")
    response = search(client_for(world.social_worker), "people:pick_recipients", "包其木格")
    html = response.content.decode()
    assert html.count('type="radio"') == 20
    assert "20" in html and ("type more" in html or "缩小" in html or "更多" in html)


def test_searching_needs_a_sign_in_and_a_script_is_slowed_down(world):
    anonymous = Client().get(reverse("people:pick_recipients"), {"q": "韩"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client = client_for(world.social_worker)
    answers = [client.get(reverse("people:pick_recipients"), {"q": "韩", "format": "json"}).status_code
               for _ in range(121)]  # fmt: skip
    assert answers[:120] == [200] * 120
    assert answers[120] == 429
