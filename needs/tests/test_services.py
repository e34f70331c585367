"""needs' services: tasks offered to volunteers and teams."""

import datetime

import pytest
from django.utils import timezone

from dictionaries.models import ServiceField
from dispatch.models import Dispatch
from needs import services as needs
from needs.answers import ANSWER_KINDS, AnswerKind, answer_kind_register
from needs.models import Decline, Evaluation, Need
from needs.services import NeedError
from people.models import Volunteer
from qianniu.tests import factories as f


def test_one_member_declining_a_team_task_leaves_it_to_the_others(world):
    need, _dispatch = f.dispatched_need(world)
    task = needs.task_offer(
        need=need, by=world.social_worker, team=world.team, what="x", on=timezone.localdate(), place="x", contact="y"
    )
    needs.task_answer(task=task, volunteer=world.volunteer, accept=False, reason="没空")
    task.refresh_from_db()
    assert task.status == "offered"
    needs.task_answer(task=task, volunteer=world.team_leader.volunteer, accept=True)
    task.refresh_from_db()
    assert (task.status, task.volunteer) == ("accepted", world.team_leader.volunteer)


def test_a_withdrawn_volunteer_gets_no_task(world):
    need, _dispatch = f.dispatched_need(world)
    Volunteer.objects.filter(pk=world.volunteer.pk).update(status="withdrawn")
    world.volunteer.refresh_from_db()
    with pytest.raises(NeedError, match="该志愿者的注册状态不是有效状态"):
        needs.task_offer(
            need=need,
            by=world.social_worker,
            volunteer=world.volunteer,
            what="x",
            on=timezone.localdate(),
            place="x",
            contact="y",
        )
    assert not need.tasks.exists()


def test_a_withdrawn_need_names_no_referral_and_a_referred_one_names_where_it_went(world):
    def new_need():
        return needs.need_create(
            source="staff",
            by=world.social_worker,
            data={"recipient": world.recipient, "region": world.community, "description": "x"},
        )

    with pytest.raises(NeedError, match="请填写原因"):
        needs.need_withdraw(need=new_need(), by=world.social_worker, reason=" ")
    withdrawn = needs.need_withdraw(need=new_need(), by=world.social_worker, reason=" 搬走了 ")
    assert (withdrawn.status, withdrawn.end_reason, withdrawn.referred_to) == ("withdrawn", "搬走了", "")
    assert withdrawn.ended_at is not None
    with pytest.raises(NeedError, match="请说明转介给谁"):
        needs.need_refer(need=new_need(), by=world.social_worker, to=" ", reason="需要辅具")
    referred = needs.need_refer(need=new_need(), by=world.social_worker, to=" 旗残联 ", reason="需要辅具")
    assert (referred.status, referred.end_reason, referred.referred_to) == ("referred", "需要辅具", "旗残联")
    with pytest.raises(NeedError, match="该需求已结束"):
        needs.need_withdraw(need=referred, by=world.social_worker, reason="再撤")


def test_ending_a_need_cancels_its_open_tasks_and_keeps_the_done_ones(world):
    need, _dispatch = f.dispatched_need(world)
    offered = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    done = f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer)
    needs.task_answer(task=done, volunteer=world.other_volunteer, accept=True)
    needs.task_done(task=done, volunteer=world.other_volunteer)
    needs.need_withdraw(need=need, by=world.social_worker, reason="搬走了")
    offered.refresh_from_db()
    done.refresh_from_db()
    assert (offered.status, done.status) == ("cancelled", "done")


def test_a_need_matched_to_a_service_item_is_in_service_and_its_timeline_names_who_matched_it_and_to_what(
    world, need, project
):
    item = project.service_items.get()
    f.triaged(need, by=world.social_worker)
    needs.need_match_service_item(need=need, by=world.social_worker, item=item)
    need.refresh_from_db()
    assert need.status == "in_service" and list(item.needs.all()) == [need]
    event = need.events.get(kind="service_item")
    assert (event.by, event.note) == (world.social_worker, str(item)) and event.note == "暖阳相伴 · 居家照护"


def test_opening_a_case_on_a_need_is_dated_and_noted_once_with_who_opened_it(world, need):
    f.triaged(need, by=world.social_worker)
    before = timezone.now()
    needs.need_open_case(need=need, by=world.social_worker)
    need.refresh_from_db()
    opened = need.case_opened_at
    assert need.status == "in_service" and opened is not None and before <= opened <= timezone.now()
    event = need.events.get(kind="case_opened")
    assert event.by == world.social_worker
    needs.need_open_case(need=need, by=world.county_admin)  # again: the case is already open
    need.refresh_from_db()
    assert need.case_opened_at == opened
    assert list(need.events.filter(kind="case_opened").values_list("by", flat=True)) == [world.social_worker.pk]


def test_a_home_visit_keeps_its_observations_and_each_need_it_found_is_the_household_s_at_its_address(world):
    world.recipient.address = "团结社区3号楼2单元"
    world.recipient.save(update_fields=["address"])
    visit = needs.home_visit_record(
        by=world.social_worker,
        recipient=world.recipient,
        visited_at=timezone.now(),
        observations="独居，屋内较冷",
        needs=[{"description": "冬季取暖"}, {"description": "换灯泡", "address": "社区活动室"}],
    )
    visit.refresh_from_db()
    assert (visit.observations, visit.visited_by, visit.region) == (
        "独居，屋内较冷",
        world.social_worker,
        world.community,
    )
    found = list(visit.needs.order_by("pk"))
    assert [(n.description, n.recipient, n.address) for n in found] == [
        ("冬季取暖", world.recipient, "团结社区3号楼2单元"),
        ("换灯泡", world.recipient, "社区活动室"),  # what the visit wrote wins over the household's address
    ]
    assert {(n.source, n.created_by) for n in found} == {("home_visit", world.social_worker)}
    assert {e.by for n in found for e in n.events.filter(kind="created")} == {world.social_worker}


def test_a_need_with_an_open_task_is_not_marked_served_and_then_is_with_no_note_unless_given(world, need):
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    with pytest.raises(NeedError, match="^仍有未结束的任务，请先完成或取消。$"):
        needs.need_mark_served(need=need, by=world.social_worker)
    assert not need.events.filter(kind="served").exists()
    needs.task_answer(task=task, volunteer=world.volunteer, accept=False, reason="没空")
    needs.need_mark_served(need=need, by=world.social_worker)
    need.refresh_from_db()
    assert need.status == "served"
    assert list(need.events.filter(kind="served").values_list("by", "note")) == [(world.social_worker.pk, "")]


def test_a_need_whose_department_has_not_answered_or_with_another_open_answer_is_not_marked_served(world):
    need, _dispatch = f.dispatched_need(world)
    with pytest.raises(NeedError, match="^还有部门尚未答复。$"):
        needs.need_mark_served(need=need, by=world.social_worker)
    # a way of answering that gives no reason of its own is refused with the general one
    Dispatch.objects.filter(need=need).update(status="completed")
    answer_kind_register(AnswerKind(key="test_open", is_open=lambda need: True))
    try:
        with pytest.raises(NeedError, match="^此需求还有尚未结束的答复。$"):
            needs.need_mark_served(need=need, by=world.social_worker)
    finally:
        ANSWER_KINDS.pop("test_open")
    needs.need_mark_served(need=need, by=world.social_worker, note="民政局已办结")
    need.refresh_from_db()
    assert need.status == "served"
    assert list(need.events.filter(kind="served").values_list("note", flat=True)) == ["民政局已办结"]


def _triaged_need(world, *, people: int):
    need = needs.need_create(
        source="staff", by=world.social_worker, data={"recipient": world.recipient, "region": world.community}
    )
    Need.objects.filter(pk=need.pk).update(people=people)
    return f.triaged(Need.objects.get(pk=need.pk), by=world.social_worker)


def _declined_notes(need) -> list[str]:
    return list(need.events.filter(kind="task_declined").order_by("pk").values_list("note", flat=True))


def test_a_decline_of_a_need_served_together_says_how_many_are_missing_that_day(world, need):
    f.triaged(need, by=world.social_worker)
    Need.objects.filter(pk=need.pk).update(people=3)
    need.refresh_from_db()
    day = timezone.localdate()
    coming = f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer)  # offered: still coming
    accepted = f.task_for(need, by=world.social_worker, volunteer=f.volunteer(name="王五", region=world.community))
    needs.task_answer(task=accepted, volunteer=accepted.volunteer, accept=True)
    gone = f.task_for(need, by=world.social_worker, volunteer=f.volunteer(name="赵六", region=world.community))
    needs.task_answer(task=gone, volunteer=gone.volunteer, accept=False)  # declined before: not coming
    needs.task_offer(
        need=need, by=world.social_worker, volunteer=f.volunteer(name="钱七", region=world.community), what="x",
        on=day + datetime.timedelta(days=1), place="x", contact="y",
    )  # fmt: skip  # another day: not coming that day
    declining = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=declining, volunteer=world.volunteer, accept=False, reason=" 没空 ")
    on = f"{day.year}年{day.month}月{day.day}日"
    assert _declined_notes(need)[-1] == f"{on}一同服务的 3 名志愿者还缺 1 名：{world.volunteer.user.name} 已婉拒。 没空"
    assert coming.volunteer == world.other_volunteer

    # Two still coming for a need of two: none missing. A need of one says the reason alone.
    pair = _triaged_need(world, people=2)
    f.task_for(pair, by=world.social_worker, volunteer=world.other_volunteer)
    f.task_for(pair, by=world.social_worker, volunteer=accepted.volunteer)
    third = f.task_for(pair, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=third, volunteer=world.volunteer, accept=False)
    assert _declined_notes(pair) == [f"{on}一同服务的 2 名志愿者还缺 0 名：{world.volunteer.user.name} 已婉拒。"]
    single = _triaged_need(world, people=1)
    task = f.task_for(single, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=task, volunteer=world.volunteer, accept=False, reason="没空")
    assert _declined_notes(single) == ["没空"]


def test_a_task_is_done_once_accepted_and_the_timeline_names_who_did_it_with_their_note(world, need):
    f.triaged(need, by=world.social_worker)
    first = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    second = f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer)
    with pytest.raises(NeedError, match="^请先接受任务，再标记为已完成。$"):
        needs.task_done(task=first, volunteer=world.volunteer)
    for task in (first, second):
        needs.task_answer(task=task, volunteer=task.volunteer, accept=True)
    needs.task_done(task=first, volunteer=world.volunteer)
    need.refresh_from_db()
    assert need.status == "in_service"  # the other volunteer has not finished
    needs.task_done(task=second, volunteer=world.other_volunteer, note=" 灯泡已换 ")
    first.refresh_from_db()
    second.refresh_from_db()
    assert [(first.status, first.note), (second.status, second.note)] == [("done", ""), ("done", "灯泡已换")]
    done = need.events.filter(kind="task_done").order_by("pk").values_list("by", "note")
    assert list(done) == [(world.volunteer_user.pk, ""), (world.other_volunteer.user.pk, "灯泡已换")]
    need.refresh_from_db()
    assert need.status == "served"
    assert list(need.events.filter(kind="served").values_list("by", flat=True)) == [world.other_volunteer.user.pk]


def test_an_evaluation_is_from_one_to_five_and_keeps_what_was_said_and_who_collected_it(world, need):
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=task, volunteer=world.volunteer, accept=True)
    needs.task_done(task=task, volunteer=world.volunteer)
    for wrong in (0, 6):
        with pytest.raises(NeedError, match="^满意度须为1至5的数字。$"):
            needs.need_evaluate(
                need=need, by=world.social_worker, satisfaction=wrong, comment="", outcome="", given_by="家属"
            )
    assert not Evaluation.objects.filter(need=need).exists()
    needs.need_evaluate(
        need=need, by=world.social_worker, satisfaction=1, comment=" 太慢 ", outcome=" 灯已修好 ", given_by=" "
    )
    need.refresh_from_db()
    assert need.status == "closed" and need.ended_at is not None
    evaluation = Evaluation.objects.get(need=need)
    assert (evaluation.satisfaction, evaluation.comment, evaluation.outcome, evaluation.given_by) == (
        1, "太慢", "灯已修好", "服务对象",  # no one named: the recipient gave it
    )  # fmt: skip
    assert evaluation.collected_by == world.social_worker
    events = need.events.filter(kind__in=["evaluated", "closed"]).order_by("pk").values_list("kind", "by", "note")
    assert list(events) == [
        ("evaluated", world.social_worker.pk, "★ 太慢"),
        ("closed", world.social_worker.pk, "灯已修好"),
    ]


def test_duplicates_are_looked_for_only_with_both_a_recipient_and_a_field(world, life_care):
    def open_need(recipient, field=life_care):
        data = {"recipient": recipient, "region": world.community, "description": "x"}
        need = needs.need_create(source="staff", by=world.social_worker, data=data)
        return needs.need_triage(need=need, by=world.social_worker, service_field=field, urgency="normal", crisis=False)

    first, second = open_need(world.recipient), open_need(None)
    open_need(world.other_recipient)  # another household's
    open_need(world.recipient, ServiceField.objects.exclude(pk=life_care.pk).first())  # another field
    needs.need_withdraw(need=open_need(world.recipient), by=world.social_worker, reason="x")  # ended
    assert list(needs.open_duplicates(recipient=world.recipient, service_field=life_care)) == [first]
    assert list(needs.open_duplicates(recipient=world.recipient, service_field=life_care, exclude=first)) == []
    assert second.recipient is None
    assert not needs.open_duplicates(recipient=None, service_field=life_care).exists()
    assert not needs.open_duplicates(recipient=world.recipient, service_field=None).exists()


def test_a_task_is_answered_once_and_a_decline_holds_for_that_date_of_a_series_or_for_the_need(world, need):
    f.triaged(need, by=world.social_worker)
    Need.objects.filter(pk=need.pk).update(recurrence="weekly")
    day = timezone.localdate()
    first = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=first, volunteer=world.volunteer, accept=False, reason=" 那天有事 ")
    with pytest.raises(NeedError, match="^该任务已答复。$"):
        needs.task_answer(task=first, volunteer=world.volunteer, accept=True)
    second = needs.task_offer(
        need=need, by=world.social_worker, volunteer=world.volunteer, what="x", on=day + datetime.timedelta(days=7),
        place="x", contact="y",
    )  # fmt: skip
    needs.task_answer(task=second, volunteer=world.volunteer, accept=False, series=True)
    declines = Decline.objects.filter(need=need).order_by("pk").values_list("volunteer", "on", "reason")
    assert list(declines) == [(world.volunteer.pk, day, "那天有事"), (world.volunteer.pk, None, "")]
    answers = need.events.filter(kind__startswith="task_").exclude(kind="task_offered").order_by("pk")
    assert list(answers.values_list("kind", "note")) == [("task_declined", "那天有事"), ("task_declined", "")]

    # A need that does not recur is declined as a whole; an accepted task declines nothing.
    single = _triaged_need(world, people=1)
    kept = f.task_for(single, by=world.social_worker, volunteer=world.other_volunteer)
    needs.task_answer(task=kept, volunteer=world.other_volunteer, accept=True, reason=" 好的 ")
    refused = f.task_for(single, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=refused, volunteer=world.volunteer, accept=False)
    declines = Decline.objects.filter(need=single).values_list("volunteer", "on", "reason")
    assert list(declines) == [(world.volunteer.pk, None, "")]
    answers = single.events.filter(kind__in=["task_accepted", "task_declined"]).order_by("pk")
    assert list(answers.values_list("kind", "note")) == [("task_accepted", "好的"), ("task_declined", "")]


def test_the_task_of_an_ended_need_is_not_answered_and_says_why(world, need):
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    needs.need_withdraw(need=need, by=world.social_worker, reason="搬走了")
    with pytest.raises(NeedError, match="^该需求已结束（已撤回）。$"):
        needs.task_answer(task=task, volunteer=world.volunteer, accept=True)


def test_a_task_is_offered_to_a_volunteer_or_a_team_and_the_timeline_names_whom(world, need):
    f.triaged(need, by=world.social_worker)
    day = timezone.localdate()
    with pytest.raises(NeedError, match="^请选择志愿者或服务队。$"):
        needs.task_offer(need=need, by=world.social_worker, what="x", on=day, place="x", contact="y")
    task = needs.task_offer(
        need=need, by=world.social_worker, volunteer=world.volunteer, what="换灯泡", on=day, place="3号楼",
        contact="苏日娜 138",
    )  # fmt: skip
    assert (task.what, task.on, task.place, task.contact, task.created_by) == (
        "换灯泡", day, "3号楼", "苏日娜 138", world.social_worker,
    )  # fmt: skip
    needs.task_offer(need=need, by=world.social_worker, team=world.team, what="x", on=day, place="x", contact="y")
    offers = need.events.filter(kind="task_offered").order_by("pk").values_list("by", "note")
    assert list(offers) == [
        (world.social_worker.pk, world.volunteer.user.name),
        (world.social_worker.pk, world.team.name),
    ]


def test_a_team_task_declined_by_a_member_names_the_team_and_the_last_decline_ends_the_answer(world, need):
    f.triaged(need, by=world.social_worker)
    team_task = f.task_for(need, by=world.social_worker, team=world.team)
    needs.task_answer(task=team_task, volunteer=world.volunteer, accept=False, reason=" 没空 ")
    needs.task_answer(task=team_task, volunteer=world.team_leader.volunteer, accept=False)
    declines = need.events.filter(kind="task_declined").order_by("pk").values_list("by", "note")
    assert list(declines) == [
        (world.volunteer_user.pk, f"{world.team.name}: 没空"),
        (world.team_leader.pk, world.team.name),
    ]
    needs.task_answer(task=team_task, volunteer=world.other_volunteer, accept=True, reason="我去")
    team_task.refresh_from_db()
    assert (team_task.status, team_task.volunteer, team_task.answered_by) == (
        "accepted", world.other_volunteer, world.other_volunteer,
    )  # fmt: skip
    accepted = need.events.filter(kind="task_accepted").values_list("by", "note")
    assert list(accepted) == [(world.other_volunteer.user.pk, "我去")]
    needs.task_done(task=team_task, volunteer=world.other_volunteer)

    # The need served once its last open task is declined, in the name of who declined it.
    other = _triaged_need(world, people=2)
    done = f.task_for(other, by=world.social_worker, volunteer=world.other_volunteer)
    last = f.task_for(other, by=world.social_worker, volunteer=world.volunteer)
    needs.task_answer(task=done, volunteer=world.other_volunteer, accept=True, reason="好")
    needs.task_done(task=done, volunteer=world.other_volunteer)
    needs.task_answer(task=last, volunteer=world.volunteer, accept=False, reason="长" * 250)
    last.refresh_from_db()  # 200 characters kept of a longer reason (the task's note refused it on PostgreSQL)
    assert Decline.objects.get(need=other).reason == "长" * 200 == last.note
    other.refresh_from_db()
    assert other.status == "served"
    assert list(other.events.filter(kind="served").values_list("by", flat=True)) == [world.volunteer_user.pk]
    assert list(other.events.filter(kind="task_accepted").values_list("note", flat=True)) == ["好"]


def test_triage_notes_the_field_and_urgency_and_a_crisis_is_urgent_whatever_was_chosen(world, need, life_care):
    needs.need_triage(need=need, by=world.social_worker, service_field=life_care, urgency="normal", crisis=True)
    need.refresh_from_db()
    assert (need.urgency, need.crisis) == ("crisis", True)
    other = needs.need_create(
        source="staff", by=world.social_worker, data={"recipient": world.recipient, "region": world.community}
    )
    needs.need_triage(need=other, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    notes = [n.events.get(kind="triaged").note for n in (need, other)]
    assert notes[1] == " · 一般"
    assert notes[0].startswith("生活照料 · ") and " · " not in notes[0].removeprefix("生活照料 · ")
