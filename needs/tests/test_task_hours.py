"""Hours for home-service tasks (issue 12.1): started and ended on the volunteer's phone, or entered by the worker
or the team leader; confirmed by someone other than the volunteer; credited to the ledger once; on the need's
timeline; never for a day to come."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ledger.models import EntryKind, LedgerEntry
from ledger.services import chain_verify, entry_append
from needs import services
from needs.models import EventKind, Status, Task, TaskStatus
from needs.task_service import task_time_confirm, task_time_record
from needs.task_time import ConfirmedHow, TaskTime
from people.models import Role
from qianniu.tests import factories as f


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def post(client, url, data=None) -> str:
    """Post as the page's form does and return the page it leads to, with its messages."""
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def step(task, what):
    return reverse("needs:task_time_step", args=[task.pk, what])


def confirm_url(time):
    return reverse("needs:task_time_confirm", args=[time.task_id, time.pk])


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def the_visit_lasted(time: TaskTime, minutes: int):
    """The time between the phone's two presses (a test cannot wait an hour and a half)."""
    TaskTime.objects.filter(pk=time.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=minutes))


def yesterdays(task):
    """A task set for yesterday, so that times entered "an hour ago" lie on or after its day at any hour."""
    Task.objects.filter(pk=task.pk).update(on=timezone.localdate() - datetime.timedelta(days=1))
    task.refresh_from_db()
    return task


def accepted(task, volunteer):
    return services.task_answer(task=task, volunteer=volunteer, accept=True)


def test_a_finished_home_visit_is_credited_once_on_the_record_and_the_certificate(
    world, login, client, need, life_care
):
    # The worker triages the need and offers a task for today (HTTP, as the pages do).
    login(world.social_worker)
    client.post(reverse("needs:triage", args=[need.pk]), {"service_field": life_care.pk, "urgency": "normal"})
    client.post(
        reverse("needs:task_create", args=[need.pk]),
        {
            "volunteer": world.volunteer.pk,
            "what": "陪韩奶奶聊天，帮忙打扫",
            "on": timezone.localdate().isoformat(),
            "place": "3号楼2单元",
            "contact": "苏日娜 社工站",
        },
    )
    task = Task.objects.get(need=need)

    # The volunteer accepts, and at the door presses "start" (the phone sends it twice).
    login(world.volunteer_user)
    client.post(reverse("needs:task_respond", args=[task.pk, "accept"]))
    assert "开始服务" in page(client, reverse("needs:task_detail", args=[task.pk]))
    post(client, step(task, "start"))
    post(client, step(task, "start"))
    time = TaskTime.objects.get(task=task)
    the_visit_lasted(time, 100)
    # Leaving, "end" (twice again): one service time, the task done, the need served, no hours yet.
    body = post(client, step(task, "end"), {"reason": "聊天，打扫厨房"})
    assert "感谢你的服务" in body and "等待社工、队长确认或服务对象评价后记入" in body
    post(client, step(task, "end"))
    time.refresh_from_db()
    assert time.ended_at is not None and TaskTime.objects.filter(task=task).count() == 1
    task.refresh_from_db()
    need.refresh_from_db()
    assert task.status == TaskStatus.DONE and need.status == Status.SERVED
    assert not LedgerEntry.objects.filter(volunteer=world.volunteer).exists()
    # The volunteer cannot confirm it: no button, and the step answers 403.
    assert "确认时长" not in page(client, reverse("needs:task_detail", args=[task.pk]))
    assert client.post(confirm_url(time)).status_code == 403

    # The worker confirms (and a second press changes nothing).
    login(world.social_worker)
    assert "确认时长" in page(client, reverse("needs:task_detail", args=[task.pk]))
    assert "已确认，服务时长已记入志愿者的记录" in post(client, confirm_url(time))
    assert "这段服务时间已经确认过了" in post(client, confirm_url(time))
    entry = LedgerEntry.objects.get(volunteer=world.volunteer)
    assert (entry.kind, entry.hours, entry.on) == (
        EntryKind.SERVICE,
        Decimal("1.50"),
        timezone.localdate(time.started_at),
    )
    assert entry.activity_name == "上门服务：生活照料" and entry.content == "陪韩奶奶聊天，帮忙打扫"
    assert entry.place == "团结社区 3号楼2单元" and entry.organiser == "团结社区" and entry.lead == "苏日娜"
    assert entry.recorded_by == world.social_worker and (entry.source_kind, entry.source_ref) == ("task", str(task.pk))

    # The timeline shows each step once.
    kinds = list(need.events.values_list("kind", flat=True))
    for kind in (
        EventKind.SERVICE_STARTED,
        EventKind.SERVICE_ENDED,
        EventKind.HOURS_CONFIRMED,
        EventKind.HOURS_CREDITED,
    ):
        assert kinds.count(kind) == 1, kind
    timeline = page(client, reverse("needs:detail", args=[need.pk]))
    for label in ("服务开始", "服务结束", "服务时长已确认", "服务时长已记入志愿服务记录"):
        assert label in timeline, label

    # The recipient's evaluation afterwards credits nothing more.
    client.post(reverse("needs:feedback", args=[need.feedback_token]), {"satisfaction": 5, "comment": "谢谢"})
    need.refresh_from_db()
    assert need.status == Status.CLOSED
    assert LedgerEntry.objects.filter(volunteer=world.volunteer).count() == 1

    # The hours appear once on the volunteer's record and on the certificate.
    login(world.volunteer_user)
    record = page(client, reverse("ledger:record"))
    assert record.count("上门服务：生活照料") == 1 and "1.5" in record
    response = client.post(reverse("ledger:certificate_issue"), {"organiser": "团结社区"})
    certificate = world.volunteer.certificates.get()
    assert (certificate.hours, certificate.activities) == (Decimal("1.50"), 1)
    pdf = client.get(response["Location"])
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "累计志愿服务时间 1.5 小时" in text and text.count("上门服务：生活照料") == 1

    # The chain still verifies.
    assert chain_verify(world.county) is None
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "chain intact" in out.getvalue()


def test_a_task_dated_tomorrow_cannot_be_credited_today(world, login, client, task):
    Task.objects.filter(pk=task.pk).update(on=timezone.localdate() + datetime.timedelta(days=1))
    accepted(task, world.volunteer)
    login(world.volunteer_user)
    assert "那天之前不能开始服务" in post(client, step(task, "start"))
    assert not TaskTime.objects.filter(task=task).exists()

    login(world.social_worker)
    now = timezone.now()
    enter = reverse("needs:task_time_enter", args=[task.pk])
    data = {"volunteer": world.volunteer.pk, "started_at": local(now - datetime.timedelta(hours=2))}
    assert "那天之前不能开始服务" in post(client, enter, data | {"ended_at": local(now - datetime.timedelta(hours=1))})
    assert not TaskTime.objects.filter(task=task).exists()
    assert not LedgerEntry.objects.filter(volunteer=world.volunteer).exists()


def test_entered_times_are_past_in_order_and_sane(world, login, client, task):
    accepted(task, world.volunteer)
    login(world.social_worker)
    enter = reverse("needs:task_time_enter", args=[task.pk])
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - datetime.timedelta(minutes=30)
    volunteer = {"volunteer": world.volunteer.pk}
    future = post(
        client, enter, volunteer | {"started_at": local(start), "ended_at": local(now + datetime.timedelta(hours=2))}
    )
    # Refused by the service, or by the form when two hours on is tomorrow already.
    assert "不能为尚未到来的时间记录时长" in future or "日期不能晚于" in future
    backwards = post(
        client, enter, volunteer | {"started_at": local(start), "ended_at": local(start - datetime.timedelta(hours=1))}
    )
    assert "结束时间必须晚于开始时间" in backwards
    long = post(
        client, enter, volunteer | {"started_at": local(now - datetime.timedelta(hours=14)), "ended_at": local(now)}
    )
    assert "一次服务最长 12 小时" in long
    assert not TaskTime.objects.filter(task=task).exists()
    # A visit of an hour, entered by the worker for a volunteer without a phone, is credited at once.
    ok = post(
        client, enter, volunteer | {"started_at": local(now - datetime.timedelta(hours=1)), "ended_at": local(now)}
    )
    assert "服务时间已录入，时长已记入志愿服务记录" in ok
    time = TaskTime.objects.get(task=task)
    assert time.confirmed_how == ConfirmedHow.WORKER and time.entry.hours == Decimal("1.00")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_the_volunteer_never_confirms_their_own_hours(world, task):
    accepted(task, world.volunteer)
    time = task_time_record(
        task=task,
        volunteer=world.volunteer,
        by=world.volunteer_user,
        started_at=timezone.now() - datetime.timedelta(hours=2),
        ended_at=timezone.now() - datetime.timedelta(hours=1),
        how=ConfirmedHow.WORKER,
    )
    assert time.confirmed_at is None and time.entry is None  # recorded by themself: it waits
    with pytest.raises(services.NeedError, match="本人的服务时长不能自己确认"):
        task_time_confirm(time=time, by=world.volunteer_user, how=ConfirmedHow.WORKER)
    assert not LedgerEntry.objects.filter(volunteer=world.volunteer).exists()
    task_time_confirm(time=time, by=world.social_worker, how=ConfirmedHow.WORKER)
    assert LedgerEntry.objects.filter(volunteer=world.volunteer).count() == 1


def test_a_worker_or_leader_who_served_waits_for_another_person(world, login, client, need, life_care):
    """The team's leader, also a social worker of the community, takes a team task and serves it."""
    f.grant(world.team_leader, Role.SOCIAL_WORKER, region=world.community)
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, team=world.team)
    leader = world.team_leader.volunteer
    accepted(task, leader)
    login(world.team_leader)
    post(client, step(task, "start"))
    the_visit_lasted(TaskTime.objects.get(task=task), 60)
    post(client, step(task, "end"))
    time = TaskTime.objects.get(task=task)
    body = page(client, reverse("needs:task_detail", args=[task.pk]))
    assert "本人的时长，由他人确认" in body and "确认时长" not in body
    assert "本人的服务时长不能自己确认" in post(client, confirm_url(time))
    assert not LedgerEntry.objects.filter(volunteer=leader).exists()
    login(world.social_worker)
    post(client, confirm_url(time))
    assert LedgerEntry.objects.get(volunteer=leader).hours == Decimal("1.00")


def test_a_worker_of_another_region_gets_404(world, login, client, task):
    accepted(task, world.volunteer)
    services_time = task_time_record(
        task=task,
        volunteer=world.volunteer,
        by=world.volunteer_user,
        started_at=timezone.now() - datetime.timedelta(hours=2),
        ended_at=timezone.now() - datetime.timedelta(hours=1),
        how=ConfirmedHow.WORKER,
    )
    enter = reverse("needs:task_time_enter", args=[task.pk])
    data = {"volunteer": world.volunteer.pk, "started_at": local(timezone.now() - datetime.timedelta(hours=3))}
    data["ended_at"] = local(timezone.now() - datetime.timedelta(hours=2))
    for stranger in (world.other_social_worker, world.outsider, world.other_volunteer.user):
        login(stranger)
        assert client.get(reverse("needs:task_detail", args=[task.pk])).status_code == 404
        assert client.post(confirm_url(services_time)).status_code == 404
        assert client.post(enter, data).status_code == 404
        assert client.post(step(task, "end")).status_code == 404
    assert not LedgerEntry.objects.exists()
    login(world.social_worker)  # the community's worker may
    assert client.post(confirm_url(services_time)).status_code == 302
    assert LedgerEntry.objects.filter(volunteer=world.volunteer).count() == 1


def test_a_cancelled_task_earns_no_hours(world, login, client, task, need):
    accepted(task, world.volunteer)
    login(world.volunteer_user)
    post(client, step(task, "start"))
    the_visit_lasted(TaskTime.objects.get(task=task), 60)
    services.need_withdraw(need=need, by=world.social_worker, reason="服务对象已搬走")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.CANCELLED
    assert "这项任务的状态是：已取消" in post(client, step(task, "end"))
    login(world.social_worker)
    now = timezone.now()
    data = {"volunteer": world.volunteer.pk, "started_at": local(now - datetime.timedelta(hours=2))}
    body = post(client, reverse("needs:task_time_enter", args=[task.pk]), data | {"ended_at": local(now)})
    assert "这项任务的状态是：已取消" in body
    time = TaskTime.objects.get(task=task)
    TaskTime.objects.filter(pk=time.pk).update(ended_at=now)  # ended just before the cancellation
    assert "这项任务的状态是：已取消" in post(client, confirm_url(time))
    assert not LedgerEntry.objects.exists()


def test_a_team_task_credits_each_member_who_served(world, login, client, need):
    f.triaged(need, by=world.social_worker)
    colleague = f.volunteer(name="王五", region=world.community)
    f.member(world.team, colleague)
    task = yesterdays(f.task_for(need, by=world.social_worker, team=world.team, what="帮韩奶奶搬家", place="3号楼"))
    accepted(task, world.volunteer)

    # The member who took it uses the phone; the leader marks the colleague who came along.
    login(world.volunteer_user)
    post(client, step(task, "start"))
    the_visit_lasted(TaskTime.objects.get(task=task, volunteer=world.volunteer), 125)
    post(client, step(task, "end"))
    login(colleague.user)
    assert client.get(reverse("needs:task_detail", args=[task.pk])).status_code == 404  # not theirs yet
    login(world.team_leader)
    now = timezone.now()
    data = {"volunteer": colleague.pk, "started_at": local(now - datetime.timedelta(hours=2)), "ended_at": local(now)}
    assert "服务时间已录入，时长已记入志愿服务记录" in post(
        client, reverse("needs:task_time_enter", args=[task.pk]), data
    )
    own = TaskTime.objects.get(task=task, volunteer=world.volunteer)
    post(client, confirm_url(own))
    assert LedgerEntry.objects.get(volunteer=world.volunteer).hours == Decimal("2.00")
    assert LedgerEntry.objects.get(volunteer=colleague).organiser == "团结社区牵牛花志愿服务队"
    assert TaskTime.objects.get(task=task, volunteer=colleague).confirmed_how == ConfirmedHow.LEADER
    # The colleague now reads the task with their own service on it.
    login(colleague.user)
    assert "已记入你的志愿服务记录" in page(client, reverse("needs:task_detail", args=[task.pk]))
    # Someone outside the team cannot be marked.
    login(world.team_leader)
    data["volunteer"] = world.other_volunteer.pk
    post(client, reverse("needs:task_time_enter", args=[task.pk]), data)
    assert not TaskTime.objects.filter(volunteer=world.other_volunteer).exists()


def test_the_recipient_s_evaluation_confirms_the_hours(world, login, client, task, need):
    accepted(task, world.volunteer)
    login(world.volunteer_user)
    post(client, step(task, "start"))
    the_visit_lasted(TaskTime.objects.get(task=task), 45)
    post(client, step(task, "end"))
    need.refresh_from_db()
    assert need.status == Status.SERVED and not LedgerEntry.objects.exists()
    client.logout()
    client.post(reverse("needs:feedback", args=[need.feedback_token]), {"satisfaction": 4})
    entry = LedgerEntry.objects.get(volunteer=world.volunteer)
    assert entry.hours == Decimal("0.50") and entry.recorded_by == world.social_worker  # who offered the task
    time = TaskTime.objects.get(task=task)
    assert time.confirmed_how == ConfirmedHow.EVALUATION and time.confirmed_by is None
    assert need.events.filter(kind=EventKind.HOURS_CREDITED).count() == 1


def test_the_database_credits_a_source_once(world):
    fields = {
        "volunteer": world.volunteer,
        "kind": EntryKind.SERVICE,
        "by": world.social_worker,
        "activity_name": "上门服务",
        "on": timezone.localdate(),
        "place": "团结社区",
        "content": "陪伴",
        "hours": Decimal("1"),
        "organiser": "团结社区",
        "lead": "苏日娜",
        "source_kind": "task",
        "source_ref": "42",
    }
    entry_append(**fields)
    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"), transaction.atomic():
        entry_append(**fields)
    entry_append(**fields | {"volunteer": world.other_volunteer})  # another member of the same task
    assert LedgerEntry.objects.filter(source_kind="task", source_ref="42").count() == 2
    assert chain_verify(world.county) is None
