import pytest
from django.urls import reverse

from casework.models import Case, Stage
from casework.tests.conftest import FRAIL, FULL
from people.models import AccessLog


def barthel_post(answers, prefix="barthel_"):
    return {prefix + item: str(score) for item, score in answers.items()}


def step(client, case, name, data):
    return client.post(reverse("casework:step", args=[case.pk, name]), data)


def test_a_case_walks_intake_to_closure_over_http(world, login, supervisor):
    worker = login(world.social_worker)
    from needs import services as needs

    need = needs.need_create(
        source="staff", by=world.social_worker, data={"recipient": world.recipient, "region": world.community,
                                                      "description": "独居老人情绪低落"},
    )  # fmt: skip
    needs.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    form = worker.get(reverse("casework:open") + f"?need={need.pk}")
    assert "独居老人情绪低落" in form.content.decode()
    response = worker.post(
        reverse("casework:open") + f"?need={need.pk}",
        {"recipient": world.recipient.pk, "presenting_problem": "独居老人情绪低落"},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.need == need
    need.refresh_from_db()
    assert need.case_opened_at is not None

    step(worker, case, "agree", {"signed_on": "2026-11-20"})
    step(worker, case, "assess", {**barthel_post(FRAIL), "risk_isolation": "on"})
    step(worker, case, "plan", {"goals": "每周两次上门探访\n参加社区曲艺队"})
    step(worker, case, "note", {"contact_type": "home_visit", "minutes": "45", "content": "一起整理了药盒"})
    case.refresh_from_db()
    assert case.status == Stage.PLAN_REVIEW

    boss = login(supervisor)
    page = boss.get(case.get_absolute_url()).content.decode()
    assert "督导：服务计划" in page and "一起整理了药盒" in page
    step(boss, case, "approve", {"comment": ""})
    case.refresh_from_db()
    assert case.status == Stage.INTERVENTION

    worker = login(world.social_worker)
    goals = {f"goal_{g.pk}": "met" for g in case.goals.all()}
    step(worker, case, "evaluate", {**goals, **barthel_post(FULL)})
    step(worker, case, "close", {"reason": "goals_met"})
    step(login(supervisor), case, "approve", {"comment": "同意结案"})
    case.refresh_from_db()
    assert case.status == Stage.CLOSED
    page = login(world.social_worker).get(case.get_absolute_url()).content.decode()
    assert "+25" in page  # 75 at assessment, 100 at evaluation


def test_an_illegal_step_gets_a_clear_refusal(world, login, case):
    client = login(world.social_worker)
    response = step(client, case, "close", {"reason": "goals_met"})
    page = client.get(response["Location"]).content.decode()
    assert "不能" in page and "接案" in page
    assert Case.objects.get(pk=case.pk).status == Stage.INTAKE


@pytest.mark.parametrize("persona", ["other_social_worker", "county_admin", "outsider", "volunteer_user", "resident"])
def test_nobody_but_the_worker_and_the_supervisor_reads_or_changes_the_case(world, login, case, persona):
    client = login(getattr(world, persona))
    assert client.get(case.get_absolute_url()).status_code == 404
    assert step(client, case, "agree", {"signed_on": "2026-11-20"}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == Stage.INTAKE
    link = f'href="{case.get_absolute_url()}"'
    assert link not in client.get(reverse("casework:list")).content.decode()
    assert link in login(world.social_worker).get(reverse("casework:list")).content.decode()  # the worker's list


def test_each_read_of_a_case_writes_exactly_one_access_log_row(world, login, case, supervisor):
    login(world.social_worker).get(case.get_absolute_url())
    login(supervisor).get(case.get_absolute_url())
    rows = AccessLog.objects.filter(subject_type="case", subject_id=case.pk)
    assert [row.user for row in rows.order_by("pk")] == [world.social_worker, supervisor]


def test_the_supervisor_sees_the_caseload(world, login, case, supervisor):
    page = login(supervisor).get(reverse("casework:list")).content.decode()
    assert "个案量" in page and "苏日娜" in page


def test_attachments_are_checked_by_content_and_served_only_to_case_readers(world, login, case, supervisor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework import services
    from casework.models import Attachment

    worker = login(world.social_worker)
    url = reverse("casework:step", args=[case.pk, "attach"])
    fake = SimpleUploadedFile("协议.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = worker.get(worker.post(url, {"upload": fake})["Location"]).content.decode()
    assert "只能附加 PDF" in page and not Attachment.objects.exists()
    big = SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * services.MAX_ATTACHMENT, content_type="application/pdf")
    worker.post(url, {"upload": big})
    assert not Attachment.objects.exists()
    worker.post(url, {"upload": SimpleUploadedFile("服务协议.pdf", b"%PDF-1.4 agreement", content_type="text/plain")})
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.size == 18
    download = reverse("casework:attachment", args=[case.pk, attachment.pk])
    response = worker.get(download)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 agreement"
    assert login(world.other_social_worker).get(download).status_code == 404


def test_a_supervisor_comments_on_a_note(world, login, case, supervisor):
    from casework import services

    note = services.case_note_add(
        case=case, by=world.social_worker, contact_type="phone", minutes=10, content="电话回访"
    )
    login(supervisor).post(
        reverse("casework:step", args=[case.pk, "comment"]), {"note": note.pk, "comment": "注意观察睡眠"}
    )
    note.refresh_from_db()
    assert note.supervisor_comment == "注意观察睡眠" and note.commented_by == supervisor
    login(world.social_worker).post(
        reverse("casework:step", args=[case.pk, "comment"]), {"note": note.pk, "comment": "x"}
    )
    note.refresh_from_db()
    assert note.supervisor_comment == "注意观察睡眠"  # the worker cannot comment as a supervisor
