import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from ledger import chain
from ledger.models import EntryKind, LedgerEntry
from ledger.services import (
    chain_verify,
    correction_decide,
    correction_request,
    entry_append,
    total_hours,
    working_days_between,
)


def record(world, hours="2", on=datetime.date(2026, 11, 20), volunteer=None):
    return entry_append(
        volunteer=volunteer or world.volunteer,
        kind=EntryKind.SERVICE,
        by=world.team_leader,
        activity_name="上门探访",
        on=on,
        place="团结社区",
        content="陪伴聊天",
        hours=Decimal(hours),
        organiser="团结社区牵牛花志愿服务队",
        lead="吴乌兰",
    )


def test_hours_round_down_to_half_hours():
    start = datetime.datetime(2026, 11, 29, 9, 0, tzinfo=datetime.UTC)
    assert chain.service_hours(start, start + datetime.timedelta(minutes=100), step_minutes=30) == Decimal("1.50")
    assert chain.service_hours(start, start + datetime.timedelta(minutes=29), step_minutes=30) == Decimal("0")


def test_working_days_know_chinese_holidays():
    # 2026年国庆节: 10月1日–7日 off.
    assert working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 10, 8)) == 1


def test_corrections_add_entries_and_the_sum_follows(world, login):
    entry = record(world, "2")
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("3"), reason="实际服务了3小时")
    correction_decide(request=request, by=world.team_leader, accept=True)
    assert LedgerEntry.objects.count() == 3
    assert total_hours(world.volunteer) == Decimal("3")
    body = login(world.volunteer_user).get(reverse("ledger:record")).content.decode()
    assert 'data-testid="service-hours">3<' in body
    assert chain_verify(world.county) is None


def test_late_records_are_flagged(world):
    assert record(world, on=datetime.date(2026, 10, 1)).late
    assert not record(world, on=datetime.date.today()).late


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level refusal is checked on PostgreSQL")
def test_the_database_refuses_updates_and_deletes(world):
    entry = record(world)
    for statement in (
        "UPDATE ledger_ledgerentry SET hours = 9 WHERE id = %s",
        "DELETE FROM ledger_ledgerentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("2.00")


def test_sqlite_refuses_updates_too(world):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL is checked above")
    entry = record(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET hours = 9 WHERE id = %s", [entry.pk])


def tamper(sql, params):
    """Change the table behind the ledger's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # a superuser can switch triggers off
        else:
            cursor.execute("DROP TRIGGER IF EXISTS ledger_entry_no_update")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def chain_of_five(world):
    return [record(world, hours=str(n)) for n in range(1, 6)]


@pytest.mark.parametrize("attack", ["change", "delete", "insert", "reorder"])
def test_the_verify_command_finds_any_tampering(world, chain_of_five, attack):
    call_command("verify_ledger", stdout=open("/dev/null", "w"))  # noqa: SIM115 - intact first
    third = chain_of_five[2]
    if attack == "change":
        tamper("UPDATE ledger_ledgerentry SET hours = 30 WHERE id = %s", [third.pk])
    elif attack == "delete":
        tamper("DELETE FROM ledger_ledgerentry WHERE id = %s", [third.pk])
    elif attack == "insert":
        tamper(
            "UPDATE ledger_ledgerentry SET seq = seq + 1000 WHERE seq >= %s AND region_id = %s", [3, world.county.pk]
        )
        tamper(
            "UPDATE ledger_ledgerentry SET seq = seq - 999 WHERE seq >= %s AND region_id = %s", [1003, world.county.pk]
        )
        forged = LedgerEntry.objects.get(pk=third.pk)
        forged.pk, forged.seq, forged.hours, forged.hash = None, 3, Decimal("8"), "f" * 64
        LedgerEntry.objects.bulk_create([forged])
    else:
        tamper("UPDATE ledger_ledgerentry SET seq = 100 WHERE id = %s", [chain_of_five[1].pk])
        tamper("UPDATE ledger_ledgerentry SET seq = 2 WHERE id = %s", [third.pk])
        tamper("UPDATE ledger_ledgerentry SET seq = 3 WHERE id = %s", [chain_of_five[1].pk])
    with pytest.raises(CommandError, match="entry"):
        call_command("verify_ledger")
    assert chain_verify(world.county).seq in {2, 3, 4}  # at the tampered place
