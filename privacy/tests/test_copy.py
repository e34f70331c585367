"""A person's copy of their data (PIPL Art. 45): complete for them, logged, and nobody else's."""

import datetime
import json

from django.urls import reverse

from casework.services import case_note_add, case_open
from ledger.models import Award
from ledger.services import record_fact
from needs.services import need_create, need_triage
from people.models import AccessLog, Consent


def copy_of(client) -> dict:
    response = client.get(reverse("privacy:copy_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_a_volunteer_downloads_their_whole_record_with_their_numbers_in_full(world, login, hours):
    hours(world.volunteer)
    record_fact(
        fact=Award(name="优秀志愿者", on=datetime.date(2026, 6, 1), granted_by="科左中旗志愿服务联合会"),
        volunteer=world.volunteer,
        by=world.county_admin,
    )
    data = copy_of(login(world.volunteer_user))

    assert data["account"]["mobile"] == "13912345678"
    assert data["volunteer"]["id_number"] == world.volunteer.id_number
    assert data["volunteer"]["volunteer_number"] == world.volunteer.volunteer_number
    assert [row["team"] for row in data["teams"]] == [world.team.name]
    assert [(row["activity"], row["hours"]) for row in data["ledger"]] == [("敬老院陪伴", "2.50")]
    assert [row["award"] for row in data["awards"]] == ["优秀志愿者"]
    assert [row["consent_to"] for row in data["consents"]] == [
        str(c.get_kind_display()) for c in Consent.objects.filter(volunteer=world.volunteer)
    ]
    # The full numbers in the copy are reads, logged like "show in full".
    logged = set(AccessLog.objects.filter(user=world.volunteer_user).values_list("subject_type", "field_name"))
    assert logged == {("user", "phone"), ("volunteer", "id_number")}


def test_the_printable_copy_shows_the_same_record_and_says_what_is_withheld(world, login):
    page = login(world.volunteer_user).get(reverse("privacy:copy")).content.decode()
    assert "13912345678" in page and world.volunteer.id_number in page
    assert 'data-section="withheld"' in page and "你服务过的人的姓名和详细信息" in page
    assert 'data-section="ledger"' in page


def test_a_residents_copy_holds_their_requests_as_they_see_them_but_not_the_case_notes(world, login):
    need = need_create(
        source="resident",
        by=world.resident,
        data={"recipient": world.recipient, "region": world.community, "description": "想请人陪我去医院复查"},
    )
    need_triage(
        need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False, note="内部备注甲"
    )
    case = case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居，情绪低落乙")
    case_note_add(case=case, by=world.social_worker, contact_type="phone", minutes=10, content="女儿说老人丙")
    world.recipient.guardian_phone = "13511112222"
    world.recipient.save(update_fields=["guardian_phone"])

    data = copy_of(login(world.resident))
    text = json.dumps(data, ensure_ascii=False)

    assert data["recipient"]["id_number"] == world.recipient.id_number
    assert data["recipient"]["telephone"] == "13698765432"
    assert data["recipient"]["guardian_telephone"] == "135****2222"  # the guardian's own number stays masked
    assert [row["description"] for row in data["requests"]] == ["想请人陪我去医院复查"]
    assert len(data["requests"][0]["timeline"]) == 2  # found, triaged: each step and when
    assert [row["number"] for row in data["cases"]] == [case.pk]
    assert "内部备注甲" not in text and "情绪低落乙" not in text and "老人丙" not in text
    assert any("个案记录" in item["what"] for item in data["withheld"])
    logged = set(AccessLog.objects.filter(user=world.resident).values_list("subject_type", "field_name"))
    assert {("recipient", "id_number"), ("recipient", "phone"), ("user", "phone")} <= logged


def test_each_person_gets_only_their_own_copy(world, login):
    data = copy_of(login(world.outsider))
    assert data["account"]["name"] == "李红梅" and "volunteer" not in data and "recipient" not in data
    text = json.dumps(data, ensure_ascii=False)
    assert "13912345678" not in text and world.volunteer.id_number not in text


def test_a_worker_prints_the_copy_of_a_person_without_an_account_and_nobody_outside_can(world, login, client):
    url = reverse("privacy:recipient_copy", args=[world.other_recipient.pk])
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.social_worker).get(url).status_code == 404  # another community's person
    assert login(world.resident).get(url).status_code == 404
    page = login(world.other_social_worker).get(url)
    assert page.status_code == 200 and "包金花" in page.content.decode()
    assert AccessLog.objects.filter(
        user=world.other_social_worker, subject_id=world.other_recipient.pk, field_name="copy"
    ).exists()


def test_the_personal_information_page_is_reached_from_the_profile(world, login):
    client = login(world.volunteer_user)
    assert reverse("privacy:mine") in client.get(reverse("people:me")).content.decode()
    page = client.get(reverse("privacy:mine")).content.decode()
    assert reverse("privacy:copy_json") in page and reverse("privacy:request_create") in page
