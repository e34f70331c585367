import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from ledger.models import Qualification, QualificationGrant, TrainingSession
from mediation import services
from mediation.models import MEDIATION_QUALIFICATION, Dispute, DisputeStage


def qualify(world, volunteer, *, expires_on=None):
    qualification, _ = Qualification.objects.get_or_create(name=MEDIATION_QUALIFICATION)
    session = TrainingSession.objects.create(
        title="调解技巧培训", content="倾听与协商", trainer=world.social_worker, organiser=world.team,
        region=world.community, on=datetime.date(2026, 10, 1), hours=4,
    )  # fmt: skip
    session.qualifications.set([qualification])
    QualificationGrant.objects.create(
        volunteer=volunteer, qualification=qualification, session=session,
        granted_on=datetime.date(2026, 10, 1), expires_on=expires_on,
    )  # fmt: skip


@pytest.fixture
def dispute(world):
    return services.dispute_record(
        kind="neighbour", region=world.community, description="楼上漏水，邻里争执", reported_by="网格员",
        parties=[("王大爷", "楼下住户"), ("李女士", "楼上住户")], by=world.social_worker,
    )  # fmt: skip


def test_the_mediation_loop_from_finding_to_evaluation(world, dispute):
    with pytest.raises(services.MediationError, match="调解员须持有有效的"):
        services.dispute_assign(dispute=dispute, by=world.social_worker, mediator=world.volunteer)  # not trained
    qualify(world, world.volunteer)
    dispute = services.dispute_assign(dispute=dispute, by=world.social_worker, mediator=world.volunteer)
    assert dispute.status == DisputeStage.INTERVENING
    with pytest.raises(services.MediationError, match="至少调解一次后才能结束介入"):
        services.dispute_conclude(
            dispute=dispute,
            by=world.social_worker,
            reached=True,
            agreement="x",
            follow_up_on=datetime.date(2026, 12, 20),
        )
    services.session_record(
        dispute=dispute, on=datetime.date(2026, 12, 1), notes="双方当面沟通", by=world.social_worker
    )
    with pytest.raises(services.MediationError, match="请写明协议内容"):
        services.dispute_conclude(
            dispute=dispute,
            by=world.social_worker,
            reached=True,
            agreement=" ",
            follow_up_on=datetime.date(2026, 12, 20),
        )
    dispute = services.dispute_conclude(
        dispute=dispute,
        by=world.social_worker,
        reached=True,
        agreement="楼上修好水管，承担维修费",
        follow_up_on=datetime.date(2026, 12, 20),
    )
    assert dispute.status == DisputeStage.FOLLOW_UP
    dispute = services.dispute_evaluate(
        dispute=dispute, by=world.social_worker, resolved=True, satisfaction=5, note="回访：关系缓和"
    )
    assert dispute.status == DisputeStage.EVALUATED and dispute.resolved
    with connection.cursor() as cursor:
        cursor.execute("SELECT description, agreement FROM mediation_dispute")
        assert "漏水" not in "".join(cursor.fetchone())
    assert Dispute.objects.get(pk=dispute.pk).description == "楼上漏水，邻里争执"  # read back through the field


def test_an_expired_qualification_does_not_make_a_mediator(world, dispute):
    qualify(world, world.volunteer, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(services.MediationError, match="调解员须持有有效的"):
        services.dispute_assign(dispute=dispute, by=world.social_worker, mediator=world.volunteer)


def test_a_dispute_needs_two_parties(world):
    with pytest.raises(services.MediationError, match="至少要有两方当事人"):
        services.dispute_record(
            kind="family", region=world.community, description="x", reported_by="x", parties=[("张三", "")],
            by=world.social_worker,
        )  # fmt: skip


def test_the_dispute_pages_and_who_may_see_them(world, login, dispute):
    qualify(world, world.volunteer)
    worker = login(world.social_worker)
    worker.post(reverse("mediation:step", args=[dispute.pk, "assign"]), {"mediator": world.volunteer.pk})
    assert Dispute.objects.get(pk=dispute.pk).mediator == world.volunteer
    page = worker.get(dispute.get_absolute_url()).content.decode()
    assert "王大爷" in page and "楼上漏水" in page
    # The mediator reads the dispute they mediate, and cannot change it.
    mediator = login(world.volunteer_user)
    assert mediator.get(dispute.get_absolute_url()).status_code == 200
    assert mediator.post(reverse("mediation:step", args=[dispute.pk, "session"]), {}).status_code == 403
    for persona in ("outsider", "other_social_worker", "resident", "liaison"):
        client = login(getattr(world, persona))
        assert client.get(dispute.get_absolute_url()).status_code == 404
        assert client.post(reverse("mediation:step", args=[dispute.pk, "assign"]), {}).status_code == 404


def test_without_a_trained_mediator_the_page_says_how_to_get_one(world, login, dispute):
    page = login(world.social_worker).get(dispute.get_absolute_url()).content.decode()
    assert "还没有持有效“调解技巧”资质的志愿者" in page


def test_party_names_lose_invisible_characters(world, login):
    response = login(world.social_worker).post(
        reverse("mediation:list"),
        {
            "kind": "neighbour", "region": world.community.pk, "description": "噪音", "reported_by": "网格员\u200b",
            "party_1": "张\u202e三", "side_1": "楼上", "party_2": "李\u200b四", "side_2": "楼下",
        },
    )  # fmt: skip
    assert response.status_code == 302
    dispute = Dispute.objects.latest("pk")
    assert sorted(dispute.parties.values_list("name", flat=True)) == ["张三", "李四"]
    assert dispute.reported_by == "网格员"


def test_the_follow_up_visit_is_within_a_year(world, login, dispute):
    qualify(world, world.volunteer)
    services.dispute_assign(dispute=dispute, by=world.social_worker, mediator=world.volunteer)
    client = login(world.social_worker)
    step = lambda name, data: client.post(reverse("mediation:step", args=[dispute.pk, name]), data)  # noqa: E731
    far = (timezone.localdate() + datetime.timedelta(days=800)).isoformat()
    step("session", {"on": far, "notes": "双方沟通"})
    assert not dispute.sessions.exists()
    step("session", {"on": timezone.localdate().isoformat(), "notes": "双方沟通"})
    step("conclude", {"reached": "on", "agreement": "修好水管", "follow_up_on": far})
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStage.INTERVENING
    soon = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    step("conclude", {"reached": "on", "agreement": "修好水管", "follow_up_on": soon})
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStage.FOLLOW_UP


def test_the_parties_names_are_not_stored_in_plain_text(world, login, dispute):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, side FROM mediation_party")
        stored = cursor.fetchall()
    assert len(stored) == 2
    assert all(name.startswith("v2:") and "王大爷" not in name and "李女士" not in name for name, _side in stored)
    assert {side for _name, side in stored} == {"楼下住户", "楼上住户"}
    page = login(world.social_worker).get(reverse("mediation:detail", args=[dispute.pk])).content.decode()
    assert "王大爷（楼下住户）" in page and "李女士（楼上住户）" in page
    assert login(world.outsider).get(reverse("mediation:detail", args=[dispute.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_names_already_stored(world, dispute):
    def stored_names():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM mediation_party ORDER BY id")
            return [row[0] for row in cursor.fetchall()]

    executor = MigrationExecutor(connection)
    executor.migrate([("mediation", "0001_initial")])  # as installed before
    assert stored_names() == ["王大爷", "李女士"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert all(name.startswith("v2:") for name in stored_names())
    assert [party.name for party in Dispute.objects.get(pk=dispute.pk).parties.order_by("pk")] == ["王大爷", "李女士"]


def test_the_dispute_page_shows_each_step_with_who_took_it(world, login, dispute):
    qualify(world, world.volunteer)
    client = login(world.social_worker)
    timeline = lambda: client.get(dispute.get_absolute_url()).content.decode().split('data-testid="timeline"')[1]  # noqa: E731
    steps = timeline().split("</ol>")[0]
    assert "发现问题" in steps and world.social_worker.name in steps
    assert "指派调解员" not in steps
    client.post(reverse("mediation:step", args=[dispute.pk, "assign"]), {"mediator": world.volunteer.pk})
    steps = timeline().split("</ol>")[0]
    assert "指派调解员" in steps and world.volunteer.user.name in steps  # the note names the mediator
    event = dispute.events.last()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "assign", DisputeStage.FOUND, DisputeStage.INTERVENING, world.social_worker
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM mediation_disputeevent WHERE action = 'assign'")
        assert world.volunteer.user.name not in cursor.fetchone()[0]
    assert event.note == world.volunteer.user.name


def test_only_a_worker_of_the_community_assigns_a_mediator(world, dispute):
    qualify(world, world.volunteer)
    with pytest.raises(services.MediationError, match="只有纠纷所在社区的工作人员"):
        services.dispute_assign(dispute=dispute, by=world.other_social_worker, mediator=world.volunteer)
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStage.FOUND
