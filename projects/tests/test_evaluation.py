"""The performance evaluation (绩效评估) of a government-purchased project: targets against what the record
shows delivered, the evidence lists, as a page, .xlsx and PDF; 404 outside the project's area."""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.services import attendance_mark
from casework.models import Attachment, Case
from dictionaries.models import ServiceField
from ledger.services import correction_decide, correction_request
from needs import services
from projects.evaluation import activity_rows, delivered
from projects.models import Project, ServiceItem, Target
from qianniu.tests import factories as f


def _project(world):
    life_care = ServiceField.objects.get(code="life_care")
    project = Project.objects.create(
        name="追光计划",
        region=world.county,
        owner=world.team,
        lead=world.social_worker,
        method="casework",
        government_purchase=True,
        contract_number="KZZQ-2026-016",
        contract_amount=Decimal("380000"),
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
        target_people=4,
        target_hours=Decimal("10"),
        target_evaluations=2,
    )
    item = ServiceItem.objects.create(project=project, name="居家照护", service_field=life_care)
    Target.objects.create(project=project, label="居家照护人数", count=3, service_item=item)
    return project, item, life_care


def _served(world, item, life_care, recipient, region, satisfaction=None, worker=None):
    worker = worker or world.social_worker
    need = services.need_create(
        source="staff", by=worker, data={"recipient": recipient, "region": region, "description": "照护"}
    )
    services.need_triage(need=need, by=worker, service_field=life_care, urgency="normal", crisis=False)
    services.need_match_service_item(need=need, by=worker, item=item)
    services.need_mark_served(need=need, by=worker)
    if satisfaction:
        services.need_evaluate(need=need, by=worker, satisfaction=satisfaction, comment="", outcome="", given_by="家属")
    return need


def _activity(world, project, title, volunteers, hours, *, ended=1):
    now = timezone.now()
    activity = Activity.objects.create(
        title=title, content="上门", organiser=world.team, lead=world.team_leader, region=world.community,
        place="团结社区", starts_at=now - datetime.timedelta(hours=hours + ended),
        ends_at=now - datetime.timedelta(hours=ended), quota=5, status="published", project=project,
    )  # fmt: skip
    for volunteer in volunteers:
        attendance_mark(
            activity=activity, volunteer=volunteer, by=world.team_leader, checked_in_at=activity.starts_at,
            checked_out_at=activity.ends_at,
        )  # fmt: skip
    return activity


def _pdf_text(content: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_evaluation_sets_delivery_against_targets_with_its_evidence(world, login):
    project, item, life_care = _project(world)
    first = _served(world, item, life_care, world.recipient, world.community, satisfaction=5)
    _served(world, item, life_care, world.other_recipient, world.other_community, 4, world.other_social_worker)
    _served(world, item, life_care, world.recipient, world.community)  # the same person again: one person
    unserved = services.need_create(
        source="staff", by=world.social_worker, data={"recipient": world.recipient, "region": world.community,
                                                       "description": "未完成"},
    )  # fmt: skip
    services.need_triage(need=unserved, by=world.social_worker, service_field=life_care, urgency="normal", crisis=False)
    services.need_match_service_item(need=unserved, by=world.social_worker, item=item)
    second = f.volunteer(region=world.community)
    _activity(world, project, "助浴服务", [world.volunteer, second], 3)
    _activity(world, None, "别的活动", [world.volunteer], 2, ended=5)  # not the project's: not counted
    case = Case.objects.create(
        recipient=world.recipient, need=first, region=world.community, social_worker=world.social_worker,
        presenting_problem="独居",
    )  # fmt: skip
    Attachment.objects.create(
        case=case, name="王某协议.pdf", content_type="application/pdf", size=2048, content="", by=world.social_worker
    )

    done = delivered(project)
    assert done == {
        "needs": 4, "served_needs": 3, "people": 2, "hours": Decimal("6"), "evaluations": 2,
        "satisfaction": Decimal("4.5"),
    }  # fmt: skip

    client = login(world.county_admin)
    page = client.get(reverse("projects:evaluation", args=[project.pk])).content.decode()
    assert "助浴服务" in page and "别的活动" not in page
    assert f"#{first.pk}" in page
    assert "王某协议" not in page and world.recipient.name not in page  # no one is named
    assert "50%" in page and "60%" in page and "100%" in page  # people 2/4, hours 6/10, evaluations 2/2
    assert "合同金额 380,000 元" in page

    sheet = client.get(reverse("projects:evaluation", args=[project.pk]), {"format": "xlsx"})
    assert sheet.status_code == 200
    rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active.values]
    people = next(r for r in rows if r[0] == "服务人数")
    assert people[1:4] == [4, 2, "50%"]
    hours = next(r for r in rows if r[0] == "志愿服务时长")
    assert [Decimal(str(v)) for v in hours[1:3]] == [Decimal(10), Decimal(6)]

    pdf = client.get(reverse("projects:evaluation", args=[project.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "绩效评估" in text and "追光计划" in text and "KZZQ-2026-016" in text and "助浴服务" in text
    line = next(line for line in text.splitlines() if "服务人数" in line)
    assert line.split()[1:4] == ["4", "2", "50%"]
    line = next(line for line in text.splitlines() if "评价数" in line)
    assert line.split()[1:4] == ["2", "2", "100%"]


def test_a_project_of_another_county_is_not_found_nor_its_evaluation(world, login):
    project, _item, _field = _project(world)
    client = login(world.outsider)
    for params in ({}, {"format": "xlsx"}, {"format": "pdf"}):
        assert client.get(reverse("projects:evaluation", args=[project.pk]), params).status_code == 404
    theirs = Project.objects.create(
        name="金川暖心", region=world.foreign_county, owner=world.team, lead=world.outsider, method="group",
        starts_on=timezone.localdate(), ends_on=timezone.localdate(),
    )  # fmt: skip
    assert client.get(reverse("projects:evaluation", args=[theirs.pk]), {"format": "pdf"}).status_code == 200
    client = login(world.county_admin)
    assert client.get(reverse("projects:evaluation", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("projects:evaluation", args=[project.pk])).status_code == 200


def test_contract_targets_are_set_on_the_form_and_negative_hours_are_refused(world, login):
    client = login(world.social_worker)
    data = {
        "name": "暖阳相伴", "region": world.community.pk, "owner": world.team.pk, "lead": world.social_worker.pk,
        "method": "group", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "target_people": "138",
        "target_evaluations": "100",
    }  # fmt: skip
    refused = client.post(reverse("projects:create"), {**data, "target_hours": "-5"})
    assert refused.status_code == 200 and "大于或等于0" in refused.content.decode()
    assert not Project.objects.filter(name="暖阳相伴").exists()
    saved = client.post(reverse("projects:create"), {**data, "target_hours": "500"})
    assert saved.status_code == 302
    project = Project.objects.get(name="暖阳相伴")
    assert (project.target_people, project.target_hours, project.target_evaluations) == (138, Decimal(500), 100)
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "138" in body and "500" in body


def test_markup_in_names_is_printed_as_text_in_the_evaluation_pdf(world, login):
    project, _item, _field = _project(world)
    project.name = "追光<b计划 & <para>"
    project.save()
    world.team.name = "<i>牵牛花</i>服务队"
    world.team.save()
    world.county.name = "科左中旗<font"
    world.county.save()
    pdf = login(world.county_admin).get(reverse("projects:evaluation", args=[project.pk]), {"format": "pdf"})
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    assert "追光<b计划 & <para>" in text and "<i>牵牛花</i>服务队" in text and "科左中旗<font" in text


def test_a_case_s_files_are_listed_only_to_those_who_may_read_the_case(world, login):
    project, item, life_care = _project(world)
    project.region = world.community  # the community's social worker sees the project and her case
    project.save()
    need = _served(world, item, life_care, world.recipient, world.community)
    case = Case.objects.create(
        recipient=world.recipient, need=need, region=world.community, social_worker=world.social_worker,
        presenting_problem="独居",
    )  # fmt: skip
    Attachment.objects.create(
        case=case, name="协议.pdf", content_type="application/pdf", size=4096, content="", by=world.social_worker
    )
    url = reverse("projects:evaluation", args=[project.pk])
    assert "4 KB" in login(world.social_worker).get(url).content.decode()
    page = login(world.county_admin).get(url)  # sees the project, not the case (region admins read no case)
    assert page.status_code == 200 and f"#{need.pk}" in page.content.decode()
    assert "4 KB" not in page.content.decode() and "application/pdf" not in page.content.decode()


def test_delivered_hours_count_an_accepted_correction(world, login):
    project, _item, _field = _project(world)
    activity = _activity(world, project, "助浴服务", [world.volunteer, f.volunteer(region=world.community)], 3)
    entry = world.volunteer.ledger.get(attendance__activity=activity)
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("1.5"), reason="提前离开")
    correction_decide(request=request, by=world.county_admin, accept=True)
    assert delivered(project)["hours"] == Decimal("4.5")  # 3 - 3 + 1.5 for one, 3 for the other
    assert activity_rows(project)[0][-1] == Decimal("4.5")
