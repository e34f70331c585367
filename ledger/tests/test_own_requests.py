"""Nobody decides their own correction; an entry is reversed once; hours come in half-hour steps and never
from a day that has not come yet. Driven through HTTP as the attacker would."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from activities.models import Activity
from ledger.models import CorrectionRequest, CorrectionStatus, EntryKind, LedgerEntry
from ledger.services import (
    LedgerError,
    chain_verify,
    correction_decide,
    correction_request,
    entry_append,
    recognition,
    total_hours,
)
from qianniu.tests import factories as f

OWN = "自己"  # every refusal of one's own request says so


@pytest.fixture
def past_activity(world):
    start = timezone.now() - datetime.timedelta(days=2)
    return Activity.objects.create(
        title="重阳节敬老院包饺子",
        content="陪伴老人包饺子",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区敬老院",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        quota=10,
        status="published",
    )


def served(activity, volunteer, *, by, hours=2) -> LedgerEntry:
    """Hours of an activity, marked by someone other than the volunteer."""
    attendance = activities.attendance_mark(
        activity=activity,
        volunteer=volunteer,
        by=by,
        checked_in_at=activity.starts_at,
        checked_out_at=activity.starts_at + datetime.timedelta(hours=hours),
    )
    return LedgerEntry.objects.get(attendance=attendance)


def state(volunteer):
    """Everything a forged correction would change: the ledger rows, the hours, the time bank, the requests."""
    return (
        list(LedgerEntry.objects.order_by("pk").values_list("pk", "hours")),
        total_hours(volunteer),
        recognition(volunteer)["points"],
        list(CorrectionRequest.objects.order_by("pk").values_list("pk", "status")),
    )


def ask(client, entry, hours, reason="活动后帮忙收拾场地"):
    return client.post(reverse("ledger:correction_ask", args=[entry.pk]), {"hours": hours, "reason": reason})


def accept_url(request):
    return reverse("ledger:correction_decide", args=[request.pk, "accept"])


def refuse_url(request):
    return reverse("ledger:correction_decide", args=[request.pk, "refuse"])


def test_a_volunteer_cannot_accept_their_own_correction(world, login, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    client = login(world.volunteer_user)
    ask(client, entry, "24")
    own = CorrectionRequest.objects.get(entry=entry)
    before = state(world.volunteer)

    page = client.get(reverse("ledger:corrections")).content.decode()
    assert accept_url(own) not in page and refuse_url(own) not in page
    response = client.post(accept_url(own), follow=True)
    assert OWN in response.content.decode()
    response = client.post(refuse_url(own), {"answer": "算了"}, follow=True)
    assert OWN in response.content.decode()
    assert state(world.volunteer) == before
    # The certificate, publicly verified, shows the hours served, not the forged ones.
    issued = client.post(reverse("ledger:certificate_issue"), {"organiser": world.team.name})
    assert issued.status_code == 302
    certificate = world.volunteer.certificates.get()
    assert certificate.hours == Decimal("2.00")
    verified = client.get(reverse("ledger:verify", args=[certificate.number, certificate.code])).content.decode()
    assert "2 小时" in verified and "24 小时" not in verified

    # The leader of the activity sees the buttons and decides it.
    leader = login(world.team_leader)
    assert accept_url(own) in leader.get(reverse("ledger:corrections")).content.decode()
    leader.post(accept_url(own))
    own.refresh_from_db()
    assert own.status == CorrectionStatus.ACCEPTED and own.decided_by == world.team_leader
    assert total_hours(world.volunteer) == Decimal("24")


def test_a_leader_cannot_decide_the_correction_of_their_own_hours(world, login, past_activity):
    leader_entry = served(past_activity, world.team_leader.volunteer, by=world.social_worker)
    member_entry = served(past_activity, world.volunteer, by=world.team_leader)
    member_request = correction_request(
        entry=member_entry, volunteer=world.volunteer, hours=Decimal("3"), reason="多服务了1小时"
    )
    client = login(world.team_leader)
    ask(client, leader_entry, "24")
    own = CorrectionRequest.objects.get(entry=leader_entry)
    before = state(world.team_leader.volunteer)

    page = client.get(reverse("ledger:corrections")).content.decode()
    assert accept_url(member_request) in page  # is shown for another's request
    assert accept_url(own) not in page  # is not shown for one's own, on the same page
    response = client.post(accept_url(own), follow=True)
    assert OWN in response.content.decode()
    assert state(world.team_leader.volunteer) == before

    # The community's social worker, who also manages the activity, decides it.
    worker = login(world.social_worker)
    assert accept_url(own) in worker.get(reverse("ledger:corrections")).content.decode()
    worker.post(accept_url(own))
    assert total_hours(world.team_leader.volunteer) == Decimal("24")
    assert chain_verify(world.county) is None


def test_a_region_admin_who_volunteers_cannot_decide_their_own_correction(world, login, past_activity):
    from people.models import Role

    admin = f.volunteer(name="巴特尔", region=world.community)
    f.grant(admin.user, Role.REGION_ADMIN, region=world.county)
    entry = served(past_activity, admin, by=world.team_leader)
    request = correction_request(entry=entry, volunteer=admin, hours=Decimal("20"), reason="多算")
    before = state(admin)
    response = login(admin.user).post(accept_url(request), follow=True)
    assert OWN in response.content.decode()
    assert state(admin) == before


def test_the_service_refuses_a_decision_on_ones_own_request(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("24"), reason="多算")
    with pytest.raises(LedgerError, match=OWN):
        correction_decide(request=request, by=world.volunteer_user, accept=True)
    with pytest.raises(LedgerError, match=OWN):
        correction_decide(request=request, by=world.volunteer_user, accept=False, answer="撤回")
    assert LedgerEntry.objects.count() == 1
    correction_decide(request=request, by=world.team_leader, accept=False, answer="签到记录为2小时")
    assert CorrectionRequest.objects.get().status == CorrectionStatus.REFUSED


def test_nobody_records_hours_for_themself(world):
    with pytest.raises(LedgerError, match=OWN):
        entry_append(
            volunteer=world.volunteer,
            kind=EntryKind.SERVICE,
            by=world.volunteer_user,
            activity_name="上门探访",
            on=timezone.localdate(),
            place="团结社区",
            content="陪伴聊天",
            hours=Decimal("2"),
            organiser=world.team.name,
            lead="张三",
        )
    assert not LedgerEntry.objects.exists()


# --- Defect 3: an entry is reversed once; corrections go through the live entry ------------------------


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
    first = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("9"), reason="多算")
    correction_decide(request=first, by=world.team_leader, accept=False, answer="签到只有2小时")
    second = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("2.5"), reason="多半小时")
    correction_decide(request=second, by=world.team_leader, accept=True)
    assert total_hours(world.volunteer) == Decimal("2.5")


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
    with pytest.raises(LedgerError):
        correction_request(entry=reversal, volunteer=world.volunteer, hours=Decimal("4"), reason="再改")


# --- Hours in half-hour steps, at most a day -----------------------------------------------------------


@pytest.mark.parametrize("hours", ["0.25", "24.5", "-1", "0", "1.75", "abc", "NaN", "Infinity", ""])
def test_the_correction_form_refuses_hours_the_ledger_does_not_hold(world, login, past_activity, hours):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    response = ask(login(world.volunteer_user), entry, hours)
    assert response.status_code == 302
    body = login(world.volunteer_user).get(reverse("ledger:record")).content.decode()
    assert "为单位" in body
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("hours", ["0.5", "1.5", "24"])
def test_the_correction_form_takes_half_hours_up_to_a_day(world, login, past_activity, hours):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    ask(login(world.volunteer_user), entry, hours)
    assert CorrectionRequest.objects.get().hours == Decimal(hours)


def test_the_service_refuses_hours_outside_half_hour_steps(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    for hours in ("0.25", "24.5", "0", "-2"):
        with pytest.raises(LedgerError, match="为单位"):
            correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal(hours), reason="多算")
    assert not CorrectionRequest.objects.exists()


# --- Defect 5: no hours for a day that has not come ----------------------------------------------------


def test_the_ledger_refuses_a_day_that_has_not_come(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    common = {
        "volunteer": world.volunteer,
        "kind": EntryKind.SERVICE,
        "by": world.team_leader,
        "activity_name": "上门探访",
        "place": "团结社区",
        "content": "陪伴聊天",
        "hours": Decimal("2"),
        "organiser": world.team.name,
        "lead": "吴乌兰",
    }
    with pytest.raises(LedgerError, match="尚未到来"):
        entry_append(on=tomorrow, **common)
    assert not LedgerEntry.objects.exists()
    assert entry_append(on=timezone.localdate(), **common).hours == Decimal("2")


def test_training_of_a_day_to_come_is_not_recorded(world, login):
    from ledger.models import Qualification, TrainingSession

    session = TrainingSession.objects.create(
        title="防走失培训",
        content="认识失智症",
        trainer=world.social_worker,
        organiser=world.team,
        region=world.community,
        on=timezone.localdate() + datetime.timedelta(days=3),
        hours=Decimal("2"),
    )
    session.qualifications.set(Qualification.objects.filter(name="失智照护"))
    url = reverse("ledger:training_detail", args=[session.pk])
    response = login(world.social_worker).post(url, {"numbers": world.volunteer.volunteer_number}, follow=True)
    assert "培训结束后才能记录培训时长" in response.content.decode()
    assert not LedgerEntry.objects.exists() and not world.volunteer.qualifications.exists()
    session.on = timezone.localdate()
    session.save(update_fields=["on"])
    login(world.social_worker).post(url, {"numbers": world.volunteer.volunteer_number})
    assert total_hours(world.volunteer, EntryKind.TRAINING) == Decimal("2")


def test_a_trainer_does_not_record_their_own_training(world, login):
    from ledger.models import TrainingSession
    from people.models import Role

    trainer = f.volunteer(name="社工志愿者", region=world.community)
    f.grant(trainer.user, Role.SOCIAL_WORKER, region=world.community)
    session = TrainingSession.objects.create(
        title="调解技巧培训",
        content="调解方法",
        trainer=trainer.user,
        organiser=world.team,
        region=world.community,
        on=timezone.localdate(),
        hours=Decimal("3"),
    )
    url = reverse("ledger:training_detail", args=[session.pk])
    numbers = f"{trainer.volunteer_number},{world.volunteer.volunteer_number}"
    response = login(trainer.user).post(url, {"numbers": numbers}, follow=True)
    assert OWN in response.content.decode()
    assert not LedgerEntry.objects.exists()
    login(world.social_worker).post(url, {"numbers": numbers})
    assert total_hours(trainer, EntryKind.TRAINING) == Decimal("3") == total_hours(world.volunteer, EntryKind.TRAINING)


def test_nobody_records_an_award_or_evaluation_for_themself(world, login):
    from people.models import Role

    admin = f.volunteer(name="巴特尔", region=world.community)
    f.grant(admin.user, Role.REGION_ADMIN, region=world.county)
    client = login(admin.user)
    own_page = client.get(reverse("ledger:volunteer_record", args=[admin.pk])).content.decode()
    other_page = client.get(reverse("ledger:volunteer_record", args=[world.volunteer.pk])).content.decode()
    award_url = reverse("ledger:record_add", args=[admin.pk, "award"])
    assert award_url not in own_page
    assert reverse("ledger:record_add", args=[world.volunteer.pk, "award"]) in other_page
    response = client.post(award_url, {"name": "优秀志愿者", "on": "2026-11-01", "granted_by": "旗志愿服务联合会"})
    assert response.status_code == 403
    assert not admin.awards.exists()


def test_the_service_refuses_an_award_for_oneself(world):
    from ledger.models import Award
    from ledger.services import record_fact

    award = Award(name="优秀志愿者", on=datetime.date(2026, 11, 1), granted_by="旗志愿服务联合会")
    with pytest.raises(LedgerError, match=OWN):
        record_fact(fact=award, volunteer=world.volunteer, by=world.volunteer_user)
    record_fact(fact=award, volunteer=world.volunteer, by=world.county_admin)
    assert world.volunteer.awards.count() == 1


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


@pytest.mark.parametrize(("hours", "saved"), [("0.25", False), ("24.5", False), ("0", False), ("2.5", True)])
def test_training_hours_come_in_half_hours(world, login, hours, saved):
    from ledger.models import TrainingSession

    response = login(world.social_worker).post(
        reverse("ledger:training_create"),
        {
            "title": "防走失培训",
            "content": "认识失智症",
            "trainer": world.social_worker.pk,
            "organiser": world.team.pk,
            "region": world.community.pk,
            "on": timezone.localdate().isoformat(),
            "hours": hours,
        },
    )
    assert TrainingSession.objects.exists() == saved
    if not saved:
        assert response.status_code == 200 and "为单位" in response.content.decode()
