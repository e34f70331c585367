"""Deletion at the person's request: the profile is pseudonymised and the account closed, while the hours
ledger — a legal record — keeps every row and still verifies."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from casework.services import case_open
from ledger.models import LedgerEntry
from ledger.services import total_hours
from needs.models import Need
from needs.services import need_create
from people.models import User, Volunteer
from people.services import volunteer_register
from privacy import services
from privacy.models import PIRequest
from qianniu.tests import factories as f


def erase_request(user):
    return services.pi_request_file(by=user, kind="delete", detail="", reason="不再参加志愿服务")


def test_deleting_a_volunteer_keeps_the_ledger_and_it_still_verifies(world, login, client, hours):
    hours(world.volunteer, "2.5")
    hours(world.volunteer, "1.0")
    hours(world.other_volunteer, "3.0")
    id_number = world.volunteer.id_number
    before = list(LedgerEntry.objects.order_by("pk").values_list("pk", "volunteer_id", "hours", "hash"))
    correction = services.pi_request_file(
        by=world.volunteer_user, kind="correct", item="address", detail="新地址", reason="搬家"
    )
    request = erase_request(world.volunteer_user)

    login(world.county_admin).post(
        reverse("privacy:request_decide", args=[request.pk]), {"decision": "done", "answer": "已按要求删除"}
    )

    assert PIRequest.objects.get(pk=request.pk).status == "done"
    correction.refresh_from_db()
    assert correction.status == "done" and "删除" in correction.answer  # it went with the person's information
    volunteer = Volunteer.objects.select_related("user").get(pk=world.volunteer.pk)
    assert volunteer.user.name.startswith("已注销") and not volunteer.user.is_active
    assert volunteer.id_number == "" and volunteer.user.phone == "" and volunteer.status == "withdrawn"
    assert volunteer.birth_date.month == volunteer.birth_date.day == 1
    assert not volunteer.skills.exists() and not volunteer.memberships.filter(status="approved").exists()
    # The ledger: the same rows, the same hours, the chain intact.
    assert list(LedgerEntry.objects.order_by("pk").values_list("pk", "volunteer_id", "hours", "hash")) == before
    assert total_hours(volunteer) == Decimal("3.5")
    call_command("verify_ledger")
    # Nothing of the person is left in the account rows, and the person can no longer sign in.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, phone_last4 FROM people_user WHERE id = %s", [volunteer.user_id])
        assert "张三" not in str(cursor.fetchone())
    stranger = Client()
    refused = stranger.post(reverse("login"), {"username": "13912345678", "password": f.PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in stranger.session
    # The mobile and ID numbers are free again: the person may register anew one day.
    again = volunteer_register(
        name="张三",
        phone="13912345678",
        password=f.PASSWORD,
        id_number=id_number,
        profile={"sex": volunteer.sex, "birth_date": world.volunteer.birth_date, "region": world.community},
    )
    assert again.pk != volunteer.pk


def test_deleting_a_resident_withdraws_open_needs_and_removes_their_details(world, login):
    need = need_create(
        source="resident",
        by=world.resident,
        data={"recipient": world.recipient, "region": world.community, "description": "腿脚不便，想请人买菜"},
    )
    request = erase_request(world.resident)
    services.pi_request_decide(request=request, by=world.county_admin, done=True, answer="已删除")

    need.refresh_from_db()
    world.recipient.refresh_from_db()
    assert need.status == "withdrawn" and "腿脚" not in need.description
    assert world.recipient.name.startswith("已删除") and world.recipient.id_number == ""
    assert world.recipient.phone == "" and world.recipient.user is None
    assert not User.objects.get(pk=world.resident.pk).is_active


def test_a_person_with_an_open_case_is_not_deleted_until_it_closes(world):
    case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    request = erase_request(world.resident)
    with pytest.raises(services.PrivacyError, match="个案"):
        services.pi_request_decide(request=request, by=world.county_admin, done=True, answer="已删除")
    world.recipient.refresh_from_db()
    assert world.recipient.name == "韩桂兰" and PIRequest.objects.get().status == "waiting"
    # A refusal is always possible, with its reason.
    services.pi_request_decide(request=request, by=world.county_admin, done=False, answer="个案结案后再删除")
    assert PIRequest.objects.get().status == "refused"


def test_a_request_to_delete_one_item_does_not_erase_the_person(world):
    request = services.pi_request_file(
        by=world.volunteer_user, kind="delete", item="address", detail="删除我的详细地址", reason="不想留"
    )
    services.pi_request_decide(request=request, by=world.county_admin, done=True, answer="已删除地址")
    world.volunteer_user.refresh_from_db()
    assert world.volunteer_user.is_active and world.volunteer_user.name == "张三"


def test_a_staff_account_is_not_erased_while_it_holds_roles(world):
    with pytest.raises(services.PrivacyError, match="角色"):
        services.person_erase(user=world.social_worker, by=world.county_admin)
    assert User.objects.get(pk=world.social_worker.pk).is_active
    assert Need.objects.count() == 0
