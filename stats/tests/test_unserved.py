"""Why the needs nobody answered are unserved: as the latest matching run explained each (declined by every
volunteer who qualifies, no candidate and no resource, taken by other needs, proposed, never matched), rolled up
when a run writes its proposals and equal to the live computation."""

import datetime
import random
import re

from django.urls import reverse
from django.utils import timezone

from matching.models import Proposal
from stats import rollup
from stats.live import live_figures
from stats.rollup import catch_up
from stats.selectors import Period, figures_of
from stats.tests.conftest import NO_SETTLE
from stats.tests.records import match_run, need_found, random_needs, random_volunteers


def _reasons(region):
    today = timezone.localdate()
    month = today.replace(day=1)
    period = Period(month, month)
    rolled = figures_of([region], period, today)[region.pk]
    live = live_figures(region, period, today)
    picked = {dim: value for (metric, dim), value in rolled.items() if metric == "needs_unanswered"}
    assert picked == {dim: value for (metric, dim), value in live.items() if metric == "needs_unanswered"}
    return {dim.removeprefix("reason:"): int(v) for dim, v in picked.items() if dim.startswith("reason:")}


def test_the_reasons_follow_the_latest_run_and_equal_the_live_computation(world, login):
    declined, nobody, taken, proposed, never = (need_found(world) for _ in range(5))
    catch_up(settle=NO_SETTLE)
    assert _reasons(world.county) == {"unmatched": 5}

    match_run(world, [(declined, "volunteer", None), (nobody, "none", "declined"), (taken, "none", "taken")])
    match_run(world, [(declined, "none", "declined"), (nobody, "none", "skill"), (taken, "none", "taken"),
                 (proposed, "volunteer", None)])  # fmt: skip
    catch_up(settle=NO_SETTLE)  # the proposals alone (no step of the needs) reach the figures
    assert _reasons(world.county) == {"declined": 1, "no_candidate": 1, "taken": 1, "proposed": 1, "unmatched": 1}
    assert _reasons(world.foreign_county) == {}
    assert never.pk  # the fifth need stays unmatched

    html = login(world.county_admin).get(reverse("stats:dashboard", args=[world.county.code])).content.decode()
    table = html[html.index('data-testid="table-needs_unserved"') :]
    table = table[: table.index("</table>")]
    cell = r"</a></td><td[^>]*><a href=\"[^\"]*unserved=%s[^\"]*\">1</a></td>"  # each figure links to its needs
    assert re.search("符合条件的志愿者都已拒绝" + cell % "declined", table)
    assert re.search("尚未经过匹配" + cell % "unmatched", table)
    assert 'data-chart="needs_unserved"' in html  # its chart above the table


def test_random_needs_and_runs_equal_the_live_computation(world):
    rng = random.Random(16)
    volunteers = random_volunteers(rng, [world.community, world.other_community], 6)
    needs = random_needs(rng, world, 30, volunteers=volunteers + [world.foreign_volunteer])
    catch_up(settle=NO_SETTLE)
    for _ in range(3):
        kinds = [("none", "declined"), ("none", "taken"), ("none", "distance"), ("none", "location"),
                 ("volunteer", None)]  # fmt: skip
        match_run(world, [(need, *rng.choice(kinds)) for need in rng.sample(needs, 12)])
        catch_up(settle=NO_SETTLE)
        today = timezone.localdate()
        period = Period(datetime.date(today.year - 2, 1, 1), today.replace(day=1))
        for region in (world.community, world.county, world.foreign_county):
            rolled = figures_of([region], period, today)[region.pk]
            assert rolled == live_figures(region, period, today), region
    reasons = {dim for (metric, dim) in figures_of([world.county], period, today)[world.county.pk]
               if metric == "needs_unanswered" and dim.startswith("reason:")}  # fmt: skip
    assert {"reason:declined", "reason:unmatched"} <= reasons


def test_a_run_s_proposals_count_when_the_run_finishes_whatever_their_ids(world, monkeypatch):
    """A run writes its proposals in one transaction when it finishes: their ids, given as they were inserted,
    may lie far below those of a run that finished first (here, with no margin of ids, any below). The
    watermark of proposals follows the runs' finishing time."""
    monkeypatch.setattr(rollup, "ID_MARGIN", 0)
    waiting, other = need_found(world), need_found(world)
    hole = match_run(world, [(waiting, "none", "taken")])
    hole_id = hole.proposals.get().pk
    hole.delete()  # the id a long run took and will commit late
    match_run(world, [(other, "volunteer", None)])
    catch_up(settle=NO_SETTLE)
    assert _reasons(world.county) == {"proposed": 1, "unmatched": 1}
    late = match_run(world, [])
    Proposal.objects.create(
        pk=hole_id, run=late, need=waiting, on=late.starts_on, kind="none",
        explanation={"reason": "taken", "counts": [["pool", 3], ["taken", 0]]},
    )  # fmt: skip
    catch_up(settle=NO_SETTLE)
    assert _reasons(world.county) == {"proposed": 1, "taken": 1}
