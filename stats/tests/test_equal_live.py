"""Every figure a dashboard shows equals the same figure computed live from the record."""

import datetime
import random
import statistics

from django.utils import timezone

from needs import services
from people.services import recipient_update
from regions.models import Region
from stats.live import live_figures
from stats.models import Fact
from stats.presentation import median_response_minutes
from stats.rollup import catch_up, rebuild
from stats.selectors import Period, figures_of
from stats.tests.conftest import NO_SETTLE
from stats.tests.records import (
    random_crisis_cases,
    random_entries,
    random_needs,
    random_recipients,
    random_volunteers,
)


def _periods(today):
    month = today.replace(day=1)
    return [
        Period(month, month),
        Period(month.replace(month=1), month.replace(month=12)),
        Period(datetime.date(today.year - 2, 1, 1), month),
    ]


def _assert_equal_live(world):
    today = timezone.localdate()
    regions = [
        world.community,
        world.other_community,
        world.township,
        world.county,
        world.county.parent,
        Region.objects.get(code="150000"),
        world.foreign_county,
        world.foreign_community,
    ]
    compared = 0
    for period in _periods(today):
        rolled = figures_of(regions, period, today)
        for region in regions:
            assert rolled[region.pk] == live_figures(region, period, today), (region, period)
            compared += len(rolled[region.pk])
    return compared


def test_every_figure_equals_the_live_computation_after_a_rebuild_and_after_changes(world):
    rng = random.Random(16)
    places = [world.community, world.other_community, world.foreign_community]
    volunteers = random_volunteers(rng, places, 24)
    random_entries(rng, [v for v in volunteers if v.region.path.startswith(world.county.path)], world.county_admin, 30)
    random_entries(rng, [v for v in volunteers if v.region == world.foreign_community], world.outsider, 10)
    needs = random_needs(rng, world, 40, volunteers=volunteers)
    recipients = random_recipients(rng, places, 12)

    rebuild(settle=NO_SETTLE)
    assert _assert_equal_live(world) > 150  # the comparison is of many figures, not of empty dictionaries

    # Changes after the rebuild reach the facts through the incremental job alone. A volunteer who moves takes
    # their registration to the new area; hours already rolled up stay where they were served (docs/stats.md).
    moved = random_volunteers(rng, [world.community], 1)[0]
    catch_up(settle=NO_SETTLE)
    moved.region, moved.kind = world.foreign_community, "veteran"
    moved.save()
    random_entries(rng, volunteers[1:4], world.county_admin if volunteers[1].region != world.foreign_community
                   else world.outsider, 0)  # fmt: skip
    waiting = [need for need in needs if need.region == world.community]
    need = waiting[0]
    need.refresh_from_db()
    if need.is_open:
        services.need_withdraw(need=need, by=world.social_worker, reason="搬走了")
    random_needs(rng, world, 6, volunteers=volunteers)
    random_recipients(rng, places, 4)  # new recipients, one moved with new groups, one deleted
    mover = recipients[0]
    recipient_update(
        recipient=mover, by=world.county_admin, name=mover.name,
        data={"region": world.foreign_community, "groups": recipients[1].groups.all()},
    )  # fmt: skip
    recipients[2].delete()
    before = Fact.objects.count()
    catch_up(settle=NO_SETTLE)
    assert Fact.objects.count() >= before
    assert _assert_equal_live(world) > 150


def test_casework_crisis_figures_equal_the_live_computation_and_give_the_median_response(world):
    from casework import services as casework
    from casework.models import Case

    rng = random.Random(1603)
    cases = random_crisis_cases(rng, world, 30)
    rebuild(settle=NO_SETTLE)
    _assert_equal_live(world)
    today = timezone.localdate()
    everything = Period(datetime.date(today.year - 2, 1, 1), today.replace(day=1))
    county = figures_of([world.county], everything, today)[world.county.pk]
    ours = Case.objects.filter(region__path__startswith=world.county.path, crisis_due_at__isnull=False)
    answered = ours.exclude(crisis_responded_at=None)
    assert county[("cases_crisis", "")] == ours.count() > 10
    assert county[("cases_crisis", "responded")] == answered.count() > 5
    in_time = [case for case in answered if case.crisis_responded_at <= case.crisis_due_at]
    assert county[("cases_crisis", "in_time")] == len(in_time) < answered.count()  # some were answered late
    minutes = [
        int((case.crisis_responded_at - case.events.get(action="crisis").at).total_seconds()) // 60 for case in answered
    ]
    assert median_response_minutes(county) == statistics.median(minutes)

    # A first contact recorded later reaches the facts through the incremental job alone.
    waiting = next(case for case in cases if case.crisis and not Case.objects.get(pk=case.pk).crisis_responded_at)
    casework.case_note_add(case=waiting, by=waiting.social_worker, contact_type="phone", minutes=5, content="回电")
    random_crisis_cases(rng, world, 4)
    catch_up(settle=NO_SETTLE)
    _assert_equal_live(world)


def test_a_second_catch_up_with_nothing_new_changes_no_figure(world):
    rng = random.Random(7)
    volunteers = random_volunteers(rng, [world.community, world.other_community], 6)
    random_needs(rng, world, 8, volunteers=volunteers + [world.foreign_volunteer])
    catch_up(settle=NO_SETTLE)
    facts = set(Fact.objects.values_list("region_id", "metric", "dim", "period", "value"))
    catch_up(settle=NO_SETTLE)
    assert set(Fact.objects.values_list("region_id", "metric", "dim", "period", "value")) == facts
    assert facts  # there is something to keep unchanged


def _active(region):
    today = timezone.localdate()
    period = Period(today.replace(day=1), today.replace(day=1))
    rolled = figures_of([region], period, today)[region.pk].get(("volunteers_active", ""), 0)
    assert rolled == live_figures(region, period, today).get(("volunteers_active", ""), 0)
    return rolled


def test_volunteers_active_in_the_last_90_days_follow_the_ledger_and_a_move(world):
    from ledger.services import entry_append

    today = timezone.localdate()
    recent, lapsed, trained = random_volunteers(random.Random(3), [world.community], 3)

    def serve(volunteer, days_ago, kind="service"):
        entry_append(
            volunteer=volunteer, kind=kind, by=world.county_admin, activity_name="活动",
            on=today - datetime.timedelta(days=days_ago), place="社区", content="服务", hours=2, organiser="服务队",
            lead="队长",
        )  # fmt: skip

    serve(recent, 10)
    serve(lapsed, 95)
    serve(trained, 3, kind="training")  # training is not service
    catch_up(settle=NO_SETTLE)
    assert _active(world.county) == 1
    assert _active(world.foreign_county) == 0

    serve(lapsed, 89)
    catch_up(settle=NO_SETTLE)
    assert _active(world.county) == 2

    recent.region = world.foreign_community
    recent.save()
    catch_up(settle=NO_SETTLE)
    assert _active(world.county) == 1
    assert _active(world.foreign_county) == 1
