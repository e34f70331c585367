"""Nobody decides their own correction, nor records their own hours, training or award. Driven through HTTP as the
attacker would."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.models import CorrectionRequest, CorrectionStatus, EntryKind, LedgerEntry
from ledger.services import LedgerError, chain_verify, correction_decide, correction_request, entry_append, total_hours
from ledger.tests.corrections import accept_url, ask, refuse_url, served, state
from qianniu.tests import factories as f

OWN = "自己"  # every refusal of one's own request says so


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
