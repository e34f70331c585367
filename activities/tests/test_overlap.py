"""A volunteer is in one place at a time: attendance that overlaps their attendance at another activity is
refused by `attendance_mark` itself, whichever path marks it (the leader's page, the roll, the API, an import)."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance

HOUR = datetime.timedelta(hours=1)


def past_activity(world, title: str, start) -> Activity:
    return Activity.objects.create(
        title=title, content="服务", organiser=world.team, lead=world.team_leader, region=world.community,
        place="团结社区", starts_at=start, ends_at=start + 3 * HOUR, quota=10, status="published",
    )  # fmt: skip


@pytest.fixture
def two_activities(world):
    start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=1)
    return past_activity(world, "环境整治", start), past_activity(world, "重阳节敬老义剪", start)


def mark(world, activity, start, end):
    return services.attendance_mark(
        activity=activity, volunteer=world.volunteer, by=world.team_leader, checked_in_at=start, checked_out_at=end
    )


def test_attendance_overlapping_another_activity_is_refused_by_the_service(world, two_activities):
    cleaning, haircut = two_activities
    mark(world, cleaning, cleaning.starts_at, cleaning.starts_at + 2 * HOUR)
    with pytest.raises(services.ActivityError, match="与这名志愿者在“环境整治”的出勤时间重叠。"):
        mark(world, haircut, haircut.starts_at + HOUR, haircut.starts_at + 3 * HOUR)
    assert not Attendance.objects.filter(activity=haircut).exists()
    # an open check-in (no check-out yet) counts until its activity ends
    Attendance.objects.filter(activity=cleaning).update(checked_out_at=None)
    with pytest.raises(services.ActivityError, match="环境整治"):
        mark(world, haircut, haircut.starts_at + 2 * HOUR + HOUR / 2, haircut.starts_at + 3 * HOUR)
    Attendance.objects.filter(activity=cleaning).update(checked_out_at=cleaning.starts_at + 2 * HOUR)
    # back to back is not overlapping, and the same activity marked again is a change of its own times
    mark(world, haircut, haircut.starts_at + 2 * HOUR, haircut.starts_at + 3 * HOUR)
    assert Attendance.objects.filter(volunteer=world.volunteer).count() == 2


def test_the_roll_keeps_the_rule_too(world, two_activities):
    cleaning, haircut = two_activities
    mark(world, cleaning, cleaning.starts_at, cleaning.starts_at + 2 * HOUR)
    with pytest.raises(services.ActivityError, match="重叠"):
        services.attendance_roll(
            activity=haircut, by=world.team_leader, present=[], walk_in=world.volunteer,
            checked_in_at=haircut.starts_at, checked_out_at=haircut.starts_at + HOUR,
        )  # fmt: skip
    assert not Attendance.objects.filter(activity=haircut).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite locks the file")
def test_two_leaders_marking_one_volunteer_at_overlapping_activities_at_once_record_one(world, two_activities):
    cleaning, haircut = two_activities
    inside, release, outcome = threading.Event(), threading.Event(), {}

    def first_leader():
        try:
            with transaction.atomic():
                mark(world, cleaning, cleaning.starts_at, cleaning.starts_at + 2 * HOUR)
                inside.set()
                release.wait(10)
        finally:
            inside.set()
            connections.close_all()

    def second_leader():
        try:
            mark(world, haircut, haircut.starts_at + HOUR, haircut.starts_at + 3 * HOUR)
            outcome["second"] = "marked"
        except services.ActivityError as error:
            outcome["second"] = str(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=first_leader)
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=second_leader)
    second.start()
    second.join(1)
    assert second.is_alive()  # waits for the first mark of the same volunteer to end
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == {"second": "与这名志愿者在“环境整治”的出勤时间重叠。"}
    assert list(Attendance.objects.values_list("activity__title", flat=True)) == ["环境整治"]
