"""The incremental job's margins: a row that commits after one with a larger id is still read, and a catch-up
with nothing new reads no need (the dashboard and the home page run one before every page)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dictionaries.models import TargetGroup
from needs.models import EventKind, Need, NeedEvent, Status
from people.models import Volunteer
from people.services import recipient_update
from qianniu.tests import factories as f
from stats import rollup
from stats.live import live_figures
from stats.models import Watermark
from stats.rollup import catch_up
from stats.selectors import Period, figures_of
from stats.tests.conftest import NO_SETTLE
from stats.tests.records import need_found


def _statuses(region):
    today = timezone.localdate()
    period = Period(today.replace(day=1), today.replace(day=1))
    rolled = figures_of([region], period, today)[region.pk]
    assert rolled == live_figures(region, period, today)
    return {dim: int(value) for (metric, dim), value in rolled.items() if metric == "needs_status"}


def test_an_event_that_commits_after_a_larger_id_is_read_by_the_next_catch_up(world):
    waiting = need_found(world)
    catch_up(settle=NO_SETTLE)
    # An id given to an event whose transaction has not committed yet: a hole when the next catch-up reads.
    hole = NeedEvent.objects.create(need=waiting, kind=EventKind.EDITED)
    hole_id = hole.pk
    hole.delete()
    need_found(world)  # a need found meanwhile, its event above the hole
    catch_up(settle=NO_SETTLE)
    assert _statuses(world.county) == {Status.NEW: 2}
    assert hole_id in Watermark.objects.get(source="need_event").margin
    # The late transaction commits: the need withdrawn, its event under the id it was given.
    Need.objects.filter(pk=waiting.pk).update(status=Status.WITHDRAWN, end_reason="搬走了", ended_at=timezone.now())
    NeedEvent.objects.create(pk=hole_id, need=waiting, kind=EventKind.EDITED)
    catch_up(settle=NO_SETTLE)
    assert _statuses(world.county) == {Status.NEW: 1, Status.WITHDRAWN: 1}
    assert hole_id not in Watermark.objects.get(source="need_event").margin


def _need_reads(action):
    """The queries of `action` that read needs or cases as rows (not only their ids)."""
    with CaptureQueriesContext(connection) as queries:
        action()
    reads = ('"needs_need"."status"', '"casework_case"."opened_at"')
    return [q["sql"] for q in queries if any(read in q["sql"] for read in reads)]


def test_a_catch_up_with_nothing_new_reads_no_need_and_no_case(world):
    for _ in range(5):
        need_found(world)
    catch_up(settle=NO_SETTLE)
    # before, the needs of the 200 events below the mark, each with its parts, on every call
    assert _need_reads(lambda: catch_up(settle=NO_SETTLE)) == []
    need_found(world)
    assert _need_reads(lambda: catch_up(settle=NO_SETTLE))  # a new need is read
    assert _statuses(world.county) == {Status.NEW: 6}


def test_a_recipient_s_new_groups_take_their_earlier_needs_figures_with_them(world, monkeypatch):
    """A need counts by its recipient's groups; changing them writes no step of the need, so the needs are read
    again with the recipient (before, only while they lay within the margin of ids re-read each time)."""
    monkeypatch.setattr(rollup, "ID_MARGIN", 0)
    need_found(world)
    catch_up(settle=NO_SETTLE)
    youth = TargetGroup.objects.get(code="youth")
    recipient_update(recipient=world.recipient, by=world.county_admin, name=world.recipient.name,
                     data={"region": world.recipient.region, "groups": [youth]})  # fmt: skip
    catch_up(settle=NO_SETTLE)
    today = timezone.localdate()
    period = Period(today.replace(day=1), today.replace(day=1))
    rolled = figures_of([world.county], period, today)[world.county.pk]
    assert rolled == live_figures(world.county, period, today)
    assert rolled[("needs_found", "group:youth")] == 1


def test_volunteers_read_within_the_time_margin_are_not_read_again_until_they_change(world):
    for n in range(3):
        f.volunteer(name=f"新人{n}", region=world.community)  # registered a moment ago: inside the 5-minute margin
    catch_up(settle=NO_SETTLE)

    def volunteer_reads():
        with CaptureQueriesContext(connection) as queries:
            catch_up(settle=NO_SETTLE)
        return [q["sql"] for q in queries if '"people_volunteer"."kind"' in q["sql"]]

    # before, every volunteer updated in the last 5 minutes, on every call
    assert volunteer_reads() == []
    moved = Volunteer.objects.filter(region=world.community).first()
    moved.kind = "veteran"
    moved.save()
    assert len(volunteer_reads()) == 1  # the one changed is read
    today = timezone.localdate()
    period = Period(today.replace(day=1), today.replace(day=1))
    rolled = figures_of([world.county], period, today)[world.county.pk]
    assert rolled == live_figures(world.county, period, today)
    assert rolled[("volunteers", "kind:veteran")] >= 1
