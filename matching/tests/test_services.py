import datetime

import pytest

from dictionaries.models import ServiceField
from matching import services
from matching.models import ProposalKind, ProposalStatus, RunStatus
from matching.tests.conftest import place_volunteer, week_after
from needs import services as needs
from needs.models import Decline, Need, Status, TaskStatus
from qianniu.tests import factories as f
from resources.models import Resource


def proposals_of(run, kind=ProposalKind.VOLUNTEER):
    return list(run.proposals.filter(kind=kind).order_by("on", "need_id"))


def test_a_run_proposes_the_nearest_volunteer_with_the_skill_and_says_why(world, open_need, run_for, haircut):
    far = place_volunteer(world.volunteer, 6, skills=[haircut])
    near = place_volunteer(world.other_volunteer, 2, skills=[haircut])
    place_volunteer(f.volunteer(name="王五", region=world.community), 1)  # nearest, but cannot cut hair
    need = open_need(0, skills=[haircut])
    run = run_for()
    assert run.status == RunStatus.DONE and run.needs_count == 1 and run.proposed_count == 1
    [proposal] = proposals_of(run)
    assert (proposal.need, proposal.volunteer, proposal.part) == (need, near, "am")
    assert float(proposal.km) == pytest.approx(2, abs=0.01)
    assert proposal.explanation["skills"] == [haircut.pk]
    assert proposal.explanation["alternatives"] == [[far.pk, pytest.approx(6, abs=0.01)]]
    assert run.timings["total"] > 0


def test_a_need_nobody_can_serve_is_explained_by_the_filter_that_left_no_one(
    world, open_need, run_for, haircut, mongolian
):
    place_volunteer(world.volunteer, 30, skills=[haircut], languages=[mongolian])  # too far
    place_volunteer(world.other_volunteer, 2, skills=[haircut])  # near, but no Mongolian
    open_need(0, skills=[haircut], language=mongolian)
    run = run_for()
    [none] = proposals_of(run, ProposalKind.NONE)
    assert none.explanation["reason"] == "distance"
    counts = dict(none.explanation["counts"])
    assert counts["skill"] >= 2 and counts["language"] == 1 and counts["distance"] == 0
    assert run.unserved_count == 1 and run.proposed_count == 0


def test_accepting_offers_the_task_and_a_decline_keeps_the_volunteer_out_of_later_runs(
    world, open_need, run_for, monday
):
    first = place_volunteer(world.volunteer, 1)
    second = place_volunteer(world.other_volunteer, 3)
    need = open_need(0)
    [proposal] = proposals_of(run_for())
    assert proposal.volunteer == first
    proposal = services.proposal_accept(proposal=proposal, by=world.social_worker)
    task = proposal.task
    assert (task.volunteer, task.on, task.status) == (first, monday, TaskStatus.OFFERED)
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == world.social_worker
    assert Need.objects.get(pk=need.pk).status == Status.IN_SERVICE

    # While the task is offered, the need is not matched again.
    assert proposals_of(run_for()) == []

    needs.task_answer(task=task, volunteer=first, accept=False, reason="那天要去医院")
    assert Decline.objects.filter(need=need, volunteer=first).exists()
    [again] = proposals_of(run_for())
    assert again.volunteer == second
    assert again.explanation["alternatives"] == []

    # With the other volunteer gone too, the need is unserved because everyone declined it.
    services.proposals_reject(proposals=[again], by=world.social_worker)
    needs.task_answer(
        task=services.proposal_accept(proposal=proposals_of(run_for())[0], by=world.social_worker).task,
        volunteer=second,
        accept=False,
    )
    [none] = proposals_of(run_for(), ProposalKind.NONE)
    assert none.explanation["reason"] == "declined"


def test_accepting_twice_makes_one_task(world, open_need, run_for):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    [proposal] = proposals_of(run_for())
    accepted, problems = services.proposals_accept(proposals=[proposal, proposal], by=world.social_worker)
    assert accepted == 1 and len(problems) == 1
    assert world.volunteer.tasks.count() == 1


def test_a_proposal_can_name_another_candidate_but_not_one_who_declined(world, open_need, run_for):
    first = place_volunteer(world.volunteer, 1)
    second = place_volunteer(world.other_volunteer, 3)
    need = open_need(0)
    [proposal] = proposals_of(run_for())
    with pytest.raises(services.MatchingError, match="其他候选人"):
        services.proposal_change(proposal=proposal, volunteer_id=world.foreign_volunteer.pk, by=world.social_worker)
    Decline.objects.create(need=need, volunteer=second)
    with pytest.raises(services.MatchingError, match="已婉拒此需求"):
        services.proposal_change(proposal=proposal, volunteer_id=second.pk, by=world.social_worker)
    Decline.objects.all().delete()
    changed = services.proposal_change(proposal=proposal, volunteer_id=second.pk, by=world.social_worker)
    assert changed.volunteer == second and float(changed.km) == pytest.approx(3, abs=0.01)
    assert changed.explanation["alternatives"] == [[first.pk, pytest.approx(1, abs=0.01)]]
    assert changed.explanation["changed_by"] == world.social_worker.name


def test_a_weekly_need_keeps_its_volunteer_for_the_weeks_planned(world, open_need, run_for, monday):
    regular = place_volunteer(world.volunteer, 2, capacity=1)
    other = place_volunteer(world.other_volunteer, 2.5, capacity=1)
    need = open_need(0, recurrence="weekly")
    run = run_for(weeks=3)
    proposals = proposals_of(run)
    assert [p.on for p in proposals] == [monday, week_after(monday), week_after(monday, 2)]
    assert {p.volunteer for p in proposals} == {regular}
    assert all(p.need == need for p in proposals)
    assert other.pk in {vid for vid, _km in proposals[1].explanation["alternatives"]}


def test_only_this_countys_volunteers_and_this_areas_needs_are_matched(world, open_need, run_for):
    place_volunteer(world.foreign_volunteer, 0.5)
    ours = open_need(0)
    open_need(0, region=world.other_community)  # another community of the county, outside the run's area
    run = run_for()
    assert [p.need for p in run.proposals.all()] == [ours]
    assert run.proposals.get().kind == ProposalKind.NONE


def test_a_need_without_coordinates_is_reported_not_matched(world, open_need, run_for):
    place_volunteer(world.volunteer, 1)
    need = open_need(0)
    Need.objects.filter(pk=need.pk).update(latitude=None, longitude=None)
    [none] = proposals_of(run_for(), ProposalKind.NONE)
    assert none.explanation["reason"] == "location"


def test_a_resource_of_the_field_is_proposed_when_no_volunteer_can_go(world, open_need, run_for):
    life_care = ServiceField.objects.get(code="life_care")
    need = open_need(0)
    Need.objects.filter(pk=need.pk).update(service_field=life_care)
    resource = Resource.objects.create(
        provider=world.department,
        kind="haircut",
        name="爱心义剪",
        service_field=life_care,
        capacity=1,
        area=world.county,
    )
    [proposal] = proposals_of(run_for(), ProposalKind.RESOURCE)
    assert proposal.resource == resource
    services.proposal_accept(proposal=proposal, by=world.social_worker)
    assert resource.uses.get().need == need


def test_one_run_at_a_time_per_area_and_at_most_four_weeks(world, monday):
    services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.social_worker)
    with pytest.raises(services.MatchingError, match="正在进行"):
        services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.social_worker)
    with pytest.raises(services.MatchingError, match="1 到 4 周"):
        services.run_create(region=world.township, starts_on=monday, weeks=5, by=world.social_worker)


def test_a_need_wanted_before_the_run_is_planned_on_its_first_day(world, open_need, run_for, monday):
    place_volunteer(world.volunteer, 1)
    open_need(0, on=monday - datetime.timedelta(days=3))
    [proposal] = proposals_of(run_for())
    assert proposal.on == monday


def test_a_run_proposes_only_volunteers_its_starter_may_see(world, open_need, run_for):
    place_volunteer(world.other_volunteer, 0.5)  # lives in another community, in another community's team
    mine = place_volunteer(world.volunteer, 5)
    open_need(0)
    [proposal] = proposals_of(run_for(by=world.social_worker))
    assert proposal.volunteer == mine and proposal.explanation["alternatives"] == []


def test_accepting_rechecks_what_may_have_changed_since_the_run(world, open_need, run_for, monday):
    volunteer = place_volunteer(world.volunteer, 1, capacity=1)
    need = open_need(0)
    [proposal] = proposals_of(run_for())
    # Meanwhile the worker gave the volunteer another task that week by hand: their one slot is taken.
    other = open_need(0.5, part="pm")
    needs.task_offer(
        need=other, by=world.social_worker, what="x", on=monday, place="x", contact="y", volunteer=volunteer
    )
    with pytest.raises(services.MatchingError, match="本周的任务已满"):
        services.proposal_accept(proposal=proposal, by=world.social_worker)
    assert not need.tasks.exists()


def test_a_new_run_supersedes_undecided_proposals_of_overlapping_runs(world, open_need, run_for):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    [old] = proposals_of(run_for())
    run_for(world.township)
    old.refresh_from_db()
    assert old.status == ProposalStatus.SUPERSEDED
    with pytest.raises(services.MatchingError, match="已经处理过了"):
        services.proposal_accept(proposal=old, by=world.social_worker)
