"""New shapes of need through a real run: a window of several days, recurrences every two weeks and monthly
kept with the same volunteer, and a date of a series declined alone."""

import datetime

import pytest
from django.urls import reverse

from matching import execution, services
from matching.explain import Explainer
from matching.models import ProposalKind
from matching.tests.conftest import ALL_WEEK, place_volunteer, week_after
from needs import services as needs
from needs.models import Decline, Need
from needs.recurrence import dates_between
from people.models import Volunteer


def proposals_of(run, kind=ProposalKind.VOLUNTEER):
    return list(run.proposals.filter(kind=kind).order_by("on", "need_id"))


def free_only(volunteer, weekday: int):
    """The volunteer is free on one weekday's morning only."""
    Volunteer.objects.filter(pk=volunteer.pk).update(
        availability=[{"weekday": weekday, "start": "08:00", "end": "12:00"}]
    )


def test_a_need_of_this_week_is_proposed_on_the_day_the_nearest_volunteer_is_free(world, open_need, run_for, monday):
    near = place_volunteer(world.volunteer, 1)
    free_only(near, 3)  # Thursday mornings
    place_volunteer(world.other_volunteer, 9)
    need = open_need(0, part="")
    Need.objects.filter(pk=need.pk).update(wanted_until=monday + datetime.timedelta(days=4))
    [proposal] = proposals_of(run_for())
    thursday = monday + datetime.timedelta(days=3)
    assert (proposal.volunteer, proposal.on, proposal.part) == (near, thursday, "am")
    reasons = Explainer().describe(proposal)["reasons"]
    assert any("可在" in r and "之间任选一天" in r for r in reasons), reasons
    task = services.proposal_accept(proposal=proposal, by=world.social_worker).task
    assert (task.volunteer, task.on) == (near, thursday)
    assert proposals_of(run_for()) == []  # served once: not matched again


def test_the_same_need_without_a_window_goes_to_the_farther_volunteer_on_its_day(world, open_need, run_for, monday):
    near = place_volunteer(world.volunteer, 1)
    free_only(near, 3)
    far = place_volunteer(world.other_volunteer, 9)
    open_need(0, part="")
    [proposal] = proposals_of(run_for())
    assert (proposal.volunteer, proposal.on) == (far, monday)


def test_a_window_nobody_is_free_in_is_explained_over_the_whole_window(world, open_need, run_for, monday):
    near = place_volunteer(world.volunteer, 1)
    free_only(near, 5)  # Saturdays only; the window ends on Friday
    need = open_need(0, part="")
    Need.objects.filter(pk=need.pk).update(wanted_until=monday + datetime.timedelta(days=4))
    [none] = proposals_of(run_for(), ProposalKind.NONE)
    assert none.explanation["reason"] == "time"
    [reason] = Explainer().describe(none)["reasons"]
    assert "之间的任何一天" in reason, reason


def test_every_two_weeks_keeps_the_volunteer_on_alternate_weeks(world, open_need, run_for, monday):
    regular = place_volunteer(world.volunteer, 2, capacity=1)
    place_volunteer(world.other_volunteer, 2.5, capacity=1)
    open_need(0, recurrence="biweekly")
    proposals = proposals_of(run_for(weeks=4))
    assert [p.on for p in proposals] == [monday, week_after(monday, 2)]
    assert {p.volunteer for p in proposals} == {regular}


def test_a_monthly_need_stays_with_last_months_volunteer_though_another_is_nearer(world, open_need, monday):
    regular = place_volunteer(world.volunteer, 3, capacity=1)
    other = place_volunteer(world.other_volunteer, 6, capacity=1)
    need = open_need(0, recurrence="monthly")
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    [first] = proposals_of(execution.run_execute(run.pk))
    assert (first.volunteer, first.on) == (regular, monday)
    task = services.proposal_accept(proposal=first, by=world.social_worker).task
    needs.task_answer(task=task, volunteer=regular, accept=True)
    # Since then the other volunteer moved nearer than the regular one.
    place_volunteer(other, 1, capacity=1)
    later = week_after(monday, 4)
    run = services.run_create(region=world.community, starts_on=later, weeks=2, by=world.county_admin)
    [next_month] = proposals_of(execution.run_execute(run.pk))
    assert next_month.on == dates_between("monthly", monday, later, later + datetime.timedelta(days=13))[0]
    assert next_month.volunteer == regular and next_month.explanation["previous"] is True
    assert "上次为这项定期需求服务" in Explainer().describe(next_month)["reasons"][1]
    assert need.pk == next_month.need_id


def test_declining_one_date_keeps_the_series_and_rematches_that_date(world, open_need, run_for, monday):
    regular = place_volunteer(world.volunteer, 1, capacity=1)
    other = place_volunteer(world.other_volunteer, 4, capacity=1)
    need = open_need(0, recurrence="weekly")
    first, second = proposals_of(run_for(weeks=2))
    assert {first.volunteer, second.volunteer} == {regular}
    tasks = [services.proposal_accept(proposal=p, by=world.social_worker).task for p in (first, second)]
    needs.task_answer(task=tasks[0], volunteer=regular, accept=True)
    needs.task_answer(task=tasks[1], volunteer=regular, accept=False, reason="那周出差")
    decline = Decline.objects.get(need=need, volunteer=regular)
    assert decline.on == week_after(monday)
    # Only the declined date is matched again, and not with the volunteer who declined it.
    [again] = proposals_of(run_for(weeks=2))
    assert (again.on, again.volunteer) == (week_after(monday), other)
    # The weeks after stay with the regular volunteer.
    proposals = proposals_of(run_for(weeks=4))
    assert [(p.on, p.volunteer) for p in proposals] == [
        (week_after(monday), other),
        (week_after(monday, 2), regular),
        (week_after(monday, 3), regular),
    ]
    # Also once the substitute has accepted the declined date: the series does not pass to them.
    substitute = services.proposal_accept(proposal=proposals[0], by=world.social_worker).task
    needs.task_answer(task=substitute, volunteer=other, accept=True)
    proposals = proposals_of(run_for(weeks=4))
    assert [(p.on, p.volunteer) for p in proposals] == [
        (week_after(monday, 2), regular),
        (week_after(monday, 3), regular),
    ]


def test_a_proposal_for_a_declined_date_cannot_be_accepted_but_another_date_can(world, open_need, run_for, monday):
    regular = place_volunteer(world.volunteer, 1, capacity=2)
    need = open_need(0, recurrence="weekly")
    first, second = proposals_of(run_for(weeks=2))
    Decline.objects.create(need=need, volunteer=regular, on=week_after(monday))
    with pytest.raises(services.MatchingError, match="已婉拒此需求"):
        services.proposal_accept(proposal=second, by=world.social_worker)
    assert services.proposal_accept(proposal=first, by=world.social_worker).task.volunteer == regular


assert ALL_WEEK  # the default availability of place_volunteer, replaced by free_only above


def test_a_need_served_once_given_a_task_by_hand_on_another_day_refuses_the_proposal(world, open_need, run_for, monday):
    near = place_volunteer(world.volunteer, 1)
    need = open_need(0, part="")
    Need.objects.filter(pk=need.pk).update(wanted_until=monday + datetime.timedelta(days=4))
    [proposal] = proposals_of(run_for())
    # Meanwhile a worker offered the need's task by hand for another day of its window.
    needs.task_offer(
        need=need,
        by=world.social_worker,
        what="打扫",
        on=monday if proposal.on != monday else monday + datetime.timedelta(days=2),
        place="家中",
        contact="社工",
        volunteer=place_volunteer(world.other_volunteer, 5),
    )
    with pytest.raises(services.MatchingError, match="这项需求已有任务"):
        services.proposal_accept(proposal=proposal, by=world.social_worker)
    assert need.tasks.count() == 1 and not near.tasks.exists()


def test_declining_the_whole_series_from_the_task_page_ends_it_for_the_volunteer(
    world, open_need, run_for, monday, login
):
    regular = place_volunteer(world.volunteer, 1, capacity=1)
    other = place_volunteer(world.other_volunteer, 4, capacity=1)
    need = open_need(0, recurrence="weekly")
    first, _second = proposals_of(run_for(weeks=2))
    task = services.proposal_accept(proposal=first, by=world.social_worker).task
    client = login(world.volunteer_user)
    url = reverse("needs:task_detail", args=[task.pk])
    assert "不再参加此系列" in client.get(url).content.decode()
    client.post(reverse("needs:task_respond", args=[task.pk, "decline"]), {"reason": "搬家了", "series": "1"})
    [decline] = Decline.objects.filter(need=need, volunteer=regular)
    assert decline.on is None and decline.reason == "搬家了"
    # Every date of the series goes to the other volunteer; the one who declined is never proposed again.
    proposals = proposals_of(run_for(weeks=3))
    assert [(p.on, p.volunteer) for p in proposals] == [(week_after(monday, w), other) for w in range(3)]
    assert regular.pk not in {vid for p in proposals for vid, _km in p.explanation.get("alternatives") or []}


def test_a_need_served_once_offers_no_series_to_decline(world, open_need, run_for, login):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    [proposal] = proposals_of(run_for())
    task = services.proposal_accept(proposal=proposal, by=world.social_worker).task
    page = login(world.volunteer_user).get(reverse("needs:task_detail", args=[task.pk])).content.decode()
    assert "婉拒" in page and "不再参加此系列" not in page
