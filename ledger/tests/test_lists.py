import datetime

from django.urls import reverse

from ledger.models import TrainingSession
from qianniu.tests.pages import walk

ROW = r'href="/training/(\d+)/"'


def test_the_training_list_pages_through_every_session_latest_first(world, login):
    start = datetime.date(2025, 1, 1)
    TrainingSession.objects.bulk_create(
        TrainingSession(title=f"培训{n}", content="x", trainer=world.social_worker, organiser=world.team,
                        region=world.community, on=start + datetime.timedelta(days=(n * 37) % 211), hours=2)
        for n in range(230)
    )  # fmt: skip
    ids, totals, _ = walk(login(world.social_worker), reverse("ledger:training_list"), ROW)
    assert len(set(ids)) == len(ids) == 230  # 200 before
    assert any("230" in total for total in totals)
    on = dict(TrainingSession.objects.values_list("pk", "on"))
    shown = [on[int(pk)] for pk in ids]
    assert shown == sorted(shown, reverse=True)
    assert walk(login(world.outsider), reverse("ledger:training_list"), ROW)[0] == []


def _entries(world, n):
    from decimal import Decimal

    from ledger.models import EntryKind
    from ledger.services import entry_append

    start = datetime.date(2025, 1, 1)
    return [
        entry_append(volunteer=world.volunteer, kind=EntryKind.SERVICE, by=world.team_leader,
                     activity_name=f"探访{i}号", on=start + datetime.timedelta(days=(i * 37) % 211), place="团结社区",
                     content="陪伴", hours=Decimal("1"), organiser="牵牛花", lead="吴乌兰")
        for i in range(n)
    ]  # fmt: skip


def test_a_service_record_pages_through_every_entry_latest_first(world, login):
    _entries(world, 57)
    for user, url in (
        (world.volunteer_user, reverse("ledger:record")),
        (world.social_worker, reverse("ledger:volunteer_record", args=[world.volunteer.pk])),
    ):
        ids, totals, queries = walk(login(user), url, r"<strong>探访(\d+)号</strong>")
        assert sorted(map(int, ids)) == list(range(57))
        assert "57" in totals[0] and len(queries) == 2
    assert login(world.outsider).get(reverse("ledger:volunteer_record", args=[world.volunteer.pk])).status_code == 404


def test_the_correction_requests_page_through_every_request(world, login):
    from ledger.models import CorrectionRequest

    CorrectionRequest.objects.bulk_create(
        CorrectionRequest(entry=entry, hours=2, reason=f"理由{entry.activity_name}") for entry in _entries(world, 53)
    )
    ids, totals, _ = walk(login(world.county_admin), reverse("ledger:corrections"), r"理由探访(\d+)号")
    assert sorted(map(int, ids)) == list(range(53))
    assert "53" in totals[0]
    assert walk(login(world.outsider), reverse("ledger:corrections"), r"理由探访(\d+)号")[0] == []


def test_a_training_pages_through_every_volunteer_trained(world, login):
    from ledger.models import Qualification, QualificationGrant
    from qianniu.tests import factories as f

    session = TrainingSession.objects.create(title="急救", content="x", trainer=world.social_worker,
                                             organiser=world.team, region=world.community,
                                             on=datetime.date(2025, 1, 1), hours=2)  # fmt: skip
    qualification = Qualification.objects.first() or Qualification.objects.create(name="急救")
    volunteers = [f.volunteer(name=f"学员{i}", region=world.community) for i in range(52)]
    QualificationGrant.objects.bulk_create(
        QualificationGrant(volunteer=v, qualification=qualification, session=session, granted_on=session.on)
        for v in volunteers
    )
    url = reverse("ledger:training_detail", args=[session.pk])
    ids, totals, _ = walk(login(world.social_worker), url, r"<li class=\"list-group-item\">学员(\d+) ")
    assert sorted(map(int, ids)) == list(range(52))
    assert "52" in totals[0]
    assert login(world.outsider).get(url).status_code == 404
