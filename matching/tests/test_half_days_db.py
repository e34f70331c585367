"""Half-days through a real run: needs of any time share a volunteer's free day, and a half-day taken by a task
already held (from an earlier run) is not proposed again."""

import pytest

from matching import services
from matching.models import ProposalKind
from matching.tests.conftest import place_volunteer
from needs import services as needs


def proposals_of(run):
    return list(run.proposals.filter(kind=ProposalKind.VOLUNTEER).order_by("on", "need_id"))


def test_a_volunteer_free_all_day_is_proposed_for_two_needs_of_any_time_that_day(world, open_need, run_for):
    near = place_volunteer(world.volunteer, 1, capacity=2)  # free mornings and afternoons all week
    place_volunteer(world.other_volunteer, 12, capacity=2)
    first, second = open_need(0, part=""), open_need(0.5, part="")
    proposals = proposals_of(run_for())
    assert [(p.need, p.volunteer) for p in proposals] == [(first, near), (second, near)]
    assert sorted(p.part for p in proposals) == ["am", "pm"]


def test_a_held_morning_task_keeps_the_volunteer_out_of_that_morning_but_not_the_afternoon(
    world, open_need, run_for, monday
):
    near = place_volunteer(world.volunteer, 1, capacity=3)
    far = place_volunteer(world.other_volunteer, 8, capacity=3)
    open_need(0, part="am")
    [earlier] = proposals_of(run_for())
    assert earlier.volunteer == near
    task = services.proposal_accept(proposal=earlier, by=world.social_worker).task
    assert (task.volunteer, task.on) == (near, monday)

    morning, any_time = open_need(0, part="am"), open_need(0, part="")
    by_need = {p.need: p for p in proposals_of(run_for())}
    # The nearer volunteer holds Monday morning: the new morning need goes to the farther one, and the need
    # of any time goes to the nearer one in the afternoon.
    assert (by_need[morning].volunteer, by_need[morning].part) == (far, "am")
    assert (by_need[any_time].volunteer, by_need[any_time].part) == (near, "pm")
    assert by_need[morning].explanation["alternatives"] == []


def test_accepting_a_proposal_for_a_half_day_the_volunteer_took_since_is_refused(world, open_need, run_for, monday):
    near = place_volunteer(world.volunteer, 1, capacity=3)
    open_need(0, part="am")
    [proposal] = proposals_of(run_for())
    assert (proposal.volunteer, proposal.part) == (near, "am")
    # Since the run, a worker offered the volunteer another Monday-morning task by hand.
    other = open_need(0.3, part="am")
    needs.task_offer(
        need=other, by=world.social_worker, what="理发", on=monday, place="家中", contact="社工", volunteer=near
    )
    with pytest.raises(services.MatchingError, match="在这个时段已有其他任务"):
        services.proposal_accept(proposal=proposal, by=world.social_worker)
    # Once that task is cancelled, the half-day is free again.
    near.tasks.update(status="cancelled")
    assert services.proposal_accept(proposal=proposal, by=world.social_worker).task.volunteer == near
