"""The services of the apps above raise their notifications: task offered, dispatch, crisis, correction,
escalation, case decisions, team applications, hours credited, activity reminders."""

import datetime
from decimal import Decimal

from django.utils import timezone

from activities.models import Activity
from activities.notify import activities_remind
from casework import services as casework
from dispatch import services as dispatch
from ledger.services import correction_decide, correction_request
from ledger.tests.corrections import served
from needs import services as needs
from notifications.models import Message, Notification
from orgs.services import membership_apply, membership_decide
from people.models import Role
from qianniu.tests import factories as f


def titles(user) -> list[str]:
    return list(Notification.objects.filter(person=user).order_by("pk").values_list("title", flat=True))


def test_a_task_offered_to_the_volunteer_shows_in_their_bell_and_in_the_console_sms(
    world, need, login, immediate_huey, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, what="更换灯泡")
    page = login(world.volunteer_user).get("/").content.decode()
    assert 'data-testid="bell-count">1<' in page
    assert titles(world.volunteer_user) == [f"有一项任务派给您：{timezone.localdate():%-m月%-d日}，更换灯泡。"]
    assert titles(world.other_volunteer.user) == []
    printed = capsys.readouterr().out
    assert "[sms] to 139****5678 (task_offered): 有一项任务派给您" in printed
    assert Message.objects.get(person=world.volunteer_user).state == "sent"
    assert Notification.objects.get().url == f"/tasks/{task.pk}/"


def test_a_team_task_tells_every_approved_member_and_the_answer_tells_the_worker(world, need):
    task = f.task_for(need, by=world.social_worker, team=world.team, what="更换灯泡")
    assert len(titles(world.volunteer_user)) == 1 and len(titles(world.team_leader)) == 1
    assert titles(world.other_volunteer.user) == []
    needs.task_answer(task=task, volunteer=world.volunteer, accept=True)
    assert titles(world.social_worker) == ["张三 接受了任务“更换灯泡”。"]


def test_a_dispatch_tells_the_liaison_and_its_return_tells_the_sender(world, need):
    sent = f.dispatched(need, by=world.social_worker, department=world.department)
    assert titles(world.liaison)[0].startswith("有一项需求派给科左中旗民政局")
    dispatch.dispatch_return(dispatch=sent, by=world.liaison, reason="不属于本局职责")
    assert titles(world.social_worker) == ["科左中旗民政局退回了派单：不属于本局职责"]
    assert titles(world.outsider) == []


def test_an_overdue_dispatch_and_need_escalate_to_the_people_concerned(world, need):
    sent = f.dispatched(need, by=world.social_worker, department=world.department)
    later = timezone.now() + datetime.timedelta(days=30)
    needs.escalate_overdue(now=later)
    assert "派给科左中旗民政局的派单已超期。" in titles(world.social_worker)
    assert "派给科左中旗民政局的派单已超期。" in titles(world.liaison)
    assert Notification.objects.filter(event_key=f"dispatch:{sent.pk}:overdue").count() == 2


def test_a_crisis_alerts_the_supervisor_at_once_even_at_night(world, settings):
    settings.NOTIFY_QUIET_HOURS = {"start": 0, "end": 23}  # it is always night
    supervisor = f.UserFactory(name="督导赵")
    f.grant(supervisor, Role.SUPERVISOR, region=world.township)
    case = casework.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    casework.case_flag_crisis(case=case, by=world.social_worker)
    alert = Message.objects.get(person=supervisor)
    assert alert.kind == "crisis" and alert.crisis and alert.text == f"危机：个案 #{case.pk} 须在 2 小时内首次联系。"
    assert alert.next_attempt_at <= timezone.now()
    assert titles(supervisor) == [f"危机：个案 #{case.pk} 须在 2 小时内首次联系。"]
    assert titles(world.other_social_worker) == []


def test_a_decided_correction_tells_the_volunteer_and_credited_hours_too(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    assert titles(world.volunteer_user) == ["重阳节敬老院包饺子的 2 小时服务时长已记入。"]
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("2.5"), reason="多半小时")
    correction_decide(request=request, by=world.team_leader, accept=True)
    assert titles(world.volunteer_user)[-1] == "您的更正申请已通过。"


def test_a_decided_application_tells_the_volunteer(world):
    membership = membership_apply(team=world.other_team, volunteer=world.volunteer)
    membership_decide(membership=membership, by=world.county_admin, approve=True)
    assert titles(world.volunteer_user) == ["您加入宝龙山青春行志愿服务队的申请已通过。"]


def test_the_plan_waits_for_the_supervisor_who_is_told_and_the_worker_hears_the_decision(world, settings):
    settings.CASEWORK_APPROVALS = ["plan", "closure"]
    supervisor = f.UserFactory(name="督导赵")
    f.grant(supervisor, Role.SUPERVISOR, region=world.township)
    case = casework.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    casework.case_agree(case=case, by=world.social_worker, signed_on=timezone.localdate())
    from casework.tests.conftest import FRAIL

    casework.case_assess(case=case, by=world.social_worker, barthel_answers=FRAIL, risks={})
    casework.case_submit_plan(case=case, by=world.social_worker, goals=["每周两次上门"])
    case.refresh_from_db()
    assert case.status == "plan_review"
    assert titles(supervisor) == [f"个案 #{case.pk}：计划等待您审核。"]
    casework.case_review(case=case, by=supervisor, approve=True)
    assert titles(world.social_worker) == [f"个案 #{case.pk}：计划已通过。"]


def _move(activity, start_in):
    start = timezone.now() + start_in
    Activity.objects.filter(pk=activity.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=3))


def test_signed_up_volunteers_are_reminded_the_day_before_and_two_hours_before(world, past_activity):
    from activities.models import Signup

    Signup.objects.create(activity=past_activity, volunteer=world.volunteer, status="approved")
    Signup.objects.create(activity=past_activity, volunteer=world.other_volunteer, status="cancelled")
    _move(past_activity, datetime.timedelta(hours=22))
    assert activities_remind() == 1
    assert activities_remind() == 1  # raised again: still one notification
    assert len(titles(world.volunteer_user)) == 1 and titles(world.volunteer_user)[0].startswith("明天 ")
    assert titles(world.other_volunteer.user) == []
    _move(past_activity, datetime.timedelta(minutes=100))
    activities_remind()
    assert titles(world.volunteer_user)[-1].startswith("两小时后")


def test_accepted_tasks_of_tomorrow_are_reminded(world, need):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, what="更换灯泡")
    needs.task_answer(task=task, volunteer=world.volunteer, accept=True)
    offered = f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer, what="陪同就医")
    later = f.task_for(need, by=world.social_worker, volunteer=world.team_leader.volunteer, what="打扫")
    needs.task_answer(task=later, volunteer=later.volunteer, accept=True)
    type(task).objects.filter(pk__in=[task.pk, offered.pk]).update(on=tomorrow)
    type(task).objects.filter(pk=later.pk).update(on=tomorrow + datetime.timedelta(days=1))
    before = {user: len(titles(user)) for user in (world.other_volunteer.user, world.team_leader)}
    assert needs.tasks_remind_due_tomorrow() == 1  # not the task still offered, nor the one of the day after
    assert titles(world.volunteer_user)[-1] == "明天：更换灯泡，地点：x。"
    assert {user: len(titles(user)) for user in before} == before


def test_an_issued_certificate_tells_the_volunteer_once(world, past_activity):
    from ledger.certificates import certificate_issue

    served(past_activity, world.volunteer, by=world.team_leader)
    first = certificate_issue(volunteer=world.volunteer, organiser=world.team.name)
    again = certificate_issue(volunteer=world.volunteer, organiser=world.team.name)
    assert again.pk == first.pk
    assert titles(world.volunteer_user)[-1] == f"您的证明已出具：{world.team.name} {first.number}。"
    assert len(titles(world.volunteer_user)) == 2  # the hours credited, then the certificate
