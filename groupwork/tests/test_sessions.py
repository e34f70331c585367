"""A session cancelled: once only (a second cancellation is refused and changes nothing), the session locked
before its room's booking, and left out of the attendance rate."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groupwork import services
from groupwork.models import GroupEvent, Session
from venues.tests import conftest as venues_fixtures
from venues.tests.conftest import next_weekday
from venues.tests.test_following import _group_with_session

centre = venues_fixtures.centre  # the venue with its day-care room


def test_a_session_cancelled_twice_is_refused_the_second_time_and_keeps_its_first_reason(world, centre):
    _venue, day_care, _rehab = centre
    group, session = _group_with_session(world, day_care, next_weekday(3))
    services.session_cancel(session=session, by=world.social_worker, reason="社工培训")
    events = GroupEvent.objects.filter(group=group).count()
    with pytest.raises(services.GroupError, match="^这次小组活动已取消。$"):
        services.session_cancel(session=session, by=world.social_worker, reason="下雨")
    session.refresh_from_db()
    assert (session.cancelled, session.booking.reason) == ("社工培训", "社工培训")
    assert GroupEvent.objects.filter(group=group).count() == events


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes no row locks")
def test_cancelling_a_session_locks_the_session_before_its_booking(world, centre):
    _venue, day_care, _rehab = centre
    _group, session = _group_with_session(world, day_care, next_weekday(3))
    with CaptureQueriesContext(connection) as queries:
        services.session_cancel(session=session, by=world.social_worker, reason="社工培训")
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    tables = [t for sql in locks for t in ("groupwork_session", "venues_booking") if f'FROM "{t}"' in sql]
    assert tables[:1] == ["groupwork_session"] and "venues_booking" in tables


def test_a_cancelled_session_does_not_count_in_the_attendance_rate(world, centre):
    _venue, day_care, _rehab = centre
    group, _first = _group_with_session(world, day_care, next_weekday(3))  # the member present
    member = group.members.get()
    second = services.session_record(
        group=group, by=world.social_worker, on=next_weekday(3) + datetime.timedelta(days=7), plan="视频通话",
        notes="", present=[member],
    )  # fmt: skip
    services.session_record(
        group=group, by=world.social_worker, on=next_weekday(3) + datetime.timedelta(days=14), plan="防诈骗",
        notes="", present=[],
    )  # fmt: skip
    assert services.attendance(group)[0]["rate"] == 67  # 2 of 3
    services.session_cancel(session=second, by=world.social_worker, reason="下雨")
    row = services.attendance(group)[0]
    assert (row["came"], row["rate"]) == (1, 50)  # 1 of the 2 held
    assert Session.objects.filter(group=group, cancelled="").count() == 2
