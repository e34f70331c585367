"""Phones at one activity check in side by side: one check-in in progress does not hold up the others."""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction

from activities import services
from activities.models import Attendance, Signup
from qianniu.tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite locks the file"),
]


def test_a_check_in_in_progress_does_not_hold_up_another_phone(world, activity):
    first, second = (f.volunteer(name=name, region=world.community) for name in ("并发甲", "并发乙"))
    for volunteer in (first, second):
        Signup.objects.create(activity=activity, volunteer=volunteer, status="approved")
    inside, release, failures = threading.Event(), threading.Event(), []

    def slow_phone():
        """A check-in whose transaction has done its work and not committed yet."""
        try:
            with transaction.atomic():
                services.check_in(activity=activity, volunteer=first, key=uuid.uuid4())
                inside.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - asserted below
            failures.append(error)
        finally:
            inside.set()
            connections.close_all()

    thread = threading.Thread(target=slow_phone)
    thread.start()
    try:
        assert inside.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # waiting for the first phone would fail here
            services.check_in(activity=activity, volunteer=second, key=uuid.uuid4())
        assert Attendance.objects.filter(volunteer=second).count() == 1  # in, while the first is still open
        assert not Attendance.objects.filter(volunteer=first).exists()
    finally:
        release.set()
        thread.join()
    assert failures == []
    assert Attendance.objects.filter(activity=activity).count() == 2


def test_a_cancelled_sign_up_is_refused_at_check_in(world, activity):
    volunteer = f.volunteer(name="并发丙", region=world.community)
    signup = Signup.objects.create(activity=activity, volunteer=volunteer, status="approved")
    services.signup_cancel(signup=signup)
    with pytest.raises(services.ActivityError, match="没有该活动已通过的报名"):
        services.check_in(activity=activity, volunteer=volunteer, key=uuid.uuid4())
