"""Deciding on the proposals of a need served by several volunteers together: its rows are locked in one order
by every path, its size is checked against the need's at accept time, and a teammate is never swapped in."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from matching import services
from matching.models import Proposal, ProposalKind, ProposalStatus
from matching.tests.conftest import place_volunteer
from matching.tests.test_teams import bathing_need, women  # noqa: F401  (the fixture)
from needs import services as needs
from needs.models import EventKind, Need, NeedEvent, Task


def crew_of(run):
    return list(run.proposals.filter(kind=ProposalKind.VOLUNTEER).order_by("seat"))


def proposal_locks(queries) -> list[str]:
    return [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and 'FROM "matching_proposal"' in q["sql"]]


def in_lock_order(sql: str) -> bool:
    """Ordered as services.LOCK_ORDER (the pk written as a column or, selected alone, as `1`)."""
    columns = ", ".join(f'"matching_proposal"."{c}" ASC' for c in ("run_id", "need_id", "on", "seat"))
    return re.search(rf'ORDER BY {re.escape(columns)}, ("matching_proposal"."id"|1) ASC FOR UPDATE', sql) is not None


def test_accepting_any_seat_locks_the_crew_once_in_seat_order(world, open_need, run_for, women):  # noqa: F811
    """Two workers accepting seat 0 and seat 1 of one bath at once must take the rows in the same order, or each
    waits for the other (a deadlock)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are written only on PostgreSQL: run with DATABASE_URL=postgres://…")
    bathing_need(open_need)
    crew = crew_of(run_for())
    with CaptureQueriesContext(connection) as queries:
        services.proposal_accept(proposal=crew[1], by=world.social_worker)
    [lock] = proposal_locks(queries)
    assert in_lock_order(lock)


def test_rejecting_and_a_new_run_lock_proposals_in_the_same_order(world, open_need, run_for, women):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("row locks are written only on PostgreSQL: run with DATABASE_URL=postgres://…")
    bathing_need(open_need)
    crew = crew_of(run_for())
    with CaptureQueriesContext(connection) as queries:
        run_for()  # supersedes the first run's proposals
    with CaptureQueriesContext(connection) as more:
        services.proposals_reject(proposals=crew_of(run_for()), by=world.social_worker)
    locks = proposal_locks(queries) + proposal_locks(more)
    assert len(locks) == 3 and all(in_lock_order(sql) for sql in locks)
    assert {p.status for p in Proposal.objects.filter(pk__in=[p.pk for p in crew])} == {ProposalStatus.SUPERSEDED}


@pytest.mark.parametrize("people", [1, 3])
def test_a_crew_sized_for_another_number_of_volunteers_is_not_accepted(world, open_need, run_for, women, people):  # noqa: F811
    need = bathing_need(open_need)
    crew = crew_of(run_for())
    Need.objects.filter(pk=need.pk).update(people=people)  # edited after the run
    with pytest.raises(services.MatchingError, match="需要的志愿者人数在匹配后已更改，请重新匹配"):
        services.proposal_accept(proposal=crew[0], by=world.social_worker)
    assert not Task.objects.filter(need=need).exists()
    assert {p.status for p in crew_of(crew[0].run)} == {ProposalStatus.PROPOSED}


def test_a_teammate_is_not_swapped_into_another_seat_of_the_crew(world, open_need, run_for, women):  # noqa: F811
    need = bathing_need(open_need)
    third = place_volunteer(world.volunteer, 3)
    world.volunteer.__class__.objects.filter(pk=third.pk).update(sex="F")
    crew = crew_of(run_for())
    first, second = crew
    # The run lists the teammate among the first seat's alternatives, beside another woman.
    first.explanation["alternatives"] = [[second.volunteer_id, 2.0], [third.pk, 3.0]]
    first.save(update_fields=["explanation"])
    with pytest.raises(services.MatchingError, match="已是此需求当天一同服务的志愿者"):
        services.proposal_change(proposal=first, volunteer_id=second.volunteer_id, by=world.social_worker)
    first.refresh_from_db()
    assert first.volunteer_id == women[0].pk
    changed = services.proposal_change(proposal=first, volunteer_id=third.pk, by=world.social_worker)
    assert changed.volunteer_id == third.pk and need.pk == changed.need_id


def test_when_one_of_a_crew_declines_the_need_says_who_is_missing(world, open_need, run_for, women, login):  # noqa: F811
    need = bathing_need(open_need)
    crew = crew_of(run_for())
    services.proposal_accept(proposal=crew[0], by=world.social_worker)
    first, second = (Task.objects.get(need=need, volunteer=woman) for woman in women)
    needs.task_answer(task=first, volunteer=women[0], accept=True)
    needs.task_answer(task=second, volunteer=women[1], accept=False, reason="腰疼")
    event = NeedEvent.objects.filter(need=need, kind=EventKind.TASK_DECLINED).get()
    day = date_format(second.on)
    assert event.note == f"{day}一同服务的 2 名志愿者还缺 1 名：赵兰 已婉拒。 腰疼"
    page = login(world.social_worker).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "还缺 1 名：赵兰 已婉拒" in page
