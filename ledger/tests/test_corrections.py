"""An entry is reversed once, and corrections go through the live entry, also when two requests or decisions
arrive at the same moment."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from ledger.models import CorrectionRequest, CorrectionStatus, EntryKind, LedgerEntry
from ledger.services import LedgerError, chain_verify, correction_decide, correction_request, total_hours
from ledger.tests.corrections import accept_url, ask, served
from qianniu.tests import factories as f


def test_a_corrected_entry_is_not_corrected_again_and_its_replacement_is(world, login, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    ask(login(world.volunteer_user), entry, "3")  # the test client signs in as each person in turn
    first = CorrectionRequest.objects.get()
    login(world.team_leader).post(accept_url(first))
    replacement = LedgerEntry.objects.filter(kind=EntryKind.SERVICE).exclude(pk=entry.pk).get()
    reversal = LedgerEntry.objects.get(reverses=entry)

    client = login(world.volunteer_user)
    page = client.get(reverse("ledger:record")).content.decode()
    assert reverse("ledger:correction_ask", args=[replacement.pk]) in page  # the live entry offers it
    assert reverse("ledger:correction_ask", args=[entry.pk]) not in page  # the reversed one does not
    assert reverse("ledger:correction_ask", args=[reversal.pk]) not in page

    response = client.post(
        reverse("ledger:correction_ask", args=[entry.pk]), {"hours": "8", "reason": "再改"}, follow=True
    )
    assert "已被更正" in response.content.decode()
    assert CorrectionRequest.objects.count() == 1

    # A correction of the correction goes through the replacement, and reaches the activity's leader.
    ask(client, replacement, "2.5")
    second = CorrectionRequest.objects.exclude(pk=first.pk).get()
    leader_page = login(world.team_leader).get(reverse("ledger:corrections")).content.decode()
    assert accept_url(second) in leader_page
    login(world.team_leader).post(accept_url(second))
    assert total_hours(world.volunteer) == Decimal("2.5")
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1
    assert LedgerEntry.objects.filter(reverses=replacement).count() == 1
    assert chain_verify(world.county) is None


def test_a_refused_request_leaves_the_entry_open_to_another(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    with pytest.raises(LedgerError, match="^请填写原因。$"):
        correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("9"), reason=" ")
    first = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("9"), reason=" 多算 ")
    assert first.reason == "多算"
    with pytest.raises(LedgerError, match="^该记录已有待处理的更正申请。$"):
        correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("8"), reason="再改")
    with pytest.raises(LedgerError, match="^请填写原因。$"):
        correction_decide(request=first, by=world.team_leader, accept=False, answer=" ")
    correction_decide(request=first, by=world.team_leader, accept=False, answer=" 签到只有2小时 ")
    first.refresh_from_db()
    assert (first.status, first.answer, first.decided_by, first.replacement) == (
        CorrectionStatus.REFUSED, "签到只有2小时", world.team_leader, None,
    )  # fmt: skip
    with pytest.raises(LedgerError, match="^该申请已处理。$"):
        correction_decide(request=first, by=world.team_leader, accept=True)
    second = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("2.5"), reason="多半小时")
    correction_decide(request=second, by=world.team_leader, accept=True)
    assert total_hours(world.volunteer) == Decimal("2.5")
    second.refresh_from_db()
    assert (second.status, second.answer) == (CorrectionStatus.ACCEPTED, "")
    assert (second.replacement.hours, second.replacement.reason) == (Decimal("2.5"), "更正：多半小时")
    assert LedgerEntry.objects.get(reverses=entry).reason == "多半小时"


def test_a_second_request_that_slipped_in_is_refused_under_the_lock(world, past_activity):
    """Two requests on the same entry made at once (the pending check passed for both): the second decision
    finds the entry reversed already and changes nothing."""
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    first = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("3"), reason="多1小时")
    raced = CorrectionRequest.objects.create(entry=entry, hours=Decimal("5"), reason="多3小时")
    correction_decide(request=first, by=world.team_leader, accept=True)
    with pytest.raises(LedgerError, match="已被更正"):
        correction_decide(request=raced, by=world.team_leader, accept=True)
    assert LedgerEntry.objects.count() == 3
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1
    assert total_hours(world.volunteer) == Decimal("3")
    raced.refresh_from_db()
    assert raced.status == CorrectionStatus.PENDING
    # The leader can still close it with a reason.
    correction_decide(request=raced, by=world.team_leader, accept=False, answer="已按第一次申请更正")


def test_the_service_refuses_a_request_on_a_reversed_entry_or_a_reversal(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("3"), reason="多1小时")
    correction_decide(request=request, by=world.team_leader, accept=True)
    with pytest.raises(LedgerError, match="已被更正"):
        correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("4"), reason="再改")
    reversal = LedgerEntry.objects.get(reverses=entry)
    with pytest.raises(LedgerError, match="只能更正您本人的服务或培训记录"):
        correction_request(entry=reversal, volunteer=world.volunteer, hours=Decimal("4"), reason="再改")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL; SQLite serialises them"
)
def test_concurrent_requests_and_decisions_reverse_an_entry_once(world):
    """Two phones ask at the same moment, and two leaders accept two slipped-in requests at the same moment:
    one request, one reversal."""
    activity = Activity.objects.create(
        title="上门探访", content="陪伴", organiser=world.team, lead=world.team_leader, region=world.community,
        place="团结社区", starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1) + datetime.timedelta(hours=3), quota=5,
        status="published",
    )  # fmt: skip
    entry = served(activity, world.volunteer, by=world.team_leader)
    errors = []

    def at_once(*calls):
        barrier = threading.Barrier(len(calls))

        def run(call):
            from django.db import connections

            try:
                barrier.wait()
                call()
            except LedgerError as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(call,)) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def ask_for(hours):
        return lambda: correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal(hours), reason="多")

    at_once(ask_for("3"), ask_for("4"))
    assert CorrectionRequest.objects.filter(status=CorrectionStatus.PENDING).count() == 1 and len(errors) == 1

    CorrectionRequest.objects.create(entry=entry, hours=Decimal("5"), reason="绕过检查")  # slipped in
    co_leader = f.volunteer(name="包图雅", region=world.community)
    f.member(world.team, co_leader, leader=True)
    first, second = CorrectionRequest.objects.order_by("pk")
    at_once(
        lambda: correction_decide(request=first, by=world.team_leader, accept=True),
        lambda: correction_decide(request=second, by=co_leader.user, accept=True),
    )
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1
    assert LedgerEntry.objects.count() == 3 and len(errors) == 2
    assert chain_verify(world.county) is None
