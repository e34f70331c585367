"""A crisis alert reaches the on-duty supervisor's SMS through the real queue: Huey on Redis, a consumer in
another process (`manage.py run_huey`), the Tencent Cloud provider speaking HTTP to the local fake server run by
this test. The figure (from the crisis flagged to the fake's receipt of the SMS) goes to docs/benchmarks.md.

Runs on PostgreSQL only (the consumer opens the test's database) and Redis (db 5 of 127.0.0.1:6379 unless
QIANNIU_TEST_REDIS_URL says otherwise)."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services as casework
from notifications import fakes
from notifications.models import Message, MessageState
from people.models import Role
from qianniu.tests import factories as f
from qianniu.tests.consumers import consumer_env, own_queue, redis_url, started_consumers
from staff.services import duty_shift_add

REDIS = redis_url(5)
WITHIN = 60  # seconds: the bound


@pytest.fixture
def queue(transactional_db):
    with own_queue(REDIS) as name:
        yield name


@pytest.fixture
def consumer(queue, tmp_path):
    """One consumer of the test's queue, sending SMS through Tencent Cloud's API at the fake server."""
    with fakes.FakeProviders() as fake:
        env = consumer_env(
            queue,
            REDIS,
            NOTIFY_SMS_PROVIDER="tencent",
            NOTIFY_SMS_ENDPOINT=fake.url,
            NOTIFY_SMS_KEY_ID=fakes.KEY_ID,
            NOTIFY_SMS_KEY_SECRET=fakes.SECRET,
            NOTIFY_SMS_SDK_APP_ID="1400000000",
            NOTIFY_SMS_TEMPLATE="1234567",
        )
        with started_consumers(tmp_path, env) as start:
            start(workers=2, wait=True)
            yield fake


def test_a_crisis_reaches_the_on_duty_supervisors_sms_through_the_queue_within_60_seconds(world, consumer):
    on_duty, off_duty = f.UserFactory(name="督导钱"), f.UserFactory(name="督导赵")
    f.grant(on_duty, Role.SUPERVISOR, region=world.township)
    f.grant(off_duty, Role.SUPERVISOR, region=world.township)
    now = timezone.now()
    duty_shift_add(
        region=world.township,
        supervisor=on_duty,
        starts_at=now,
        ends_at=now + timezone.timedelta(hours=8),
        by=off_duty,
    )
    case = casework.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    reverse("casework:detail", args=[case.pk])  # the URL configuration loaded, as in a web worker
    flagged = time.time()
    casework.case_flag_crisis(case=case, by=world.social_worker)  # commits; on commit the send is queued
    committed = time.time()
    alert = Message.objects.get(person=on_duty, kind="crisis")
    deadline = time.monotonic() + WITHIN
    while not any(item["id"] == str(alert.pk) for item in consumer.accepted):
        assert time.monotonic() < deadline, f"no SMS within {WITHIN} s"
        time.sleep(0.05)
    taken = next(item for item in consumer.accepted if item["id"] == str(alert.pk))
    latency = taken["at"] - flagged
    print(
        f"\ncrisis flagged -> on-duty supervisor's SMS at the fake Tencent server: {latency:.2f} s"
        f" ({taken['at'] - committed:.2f} s from the commit)"
    )
    assert latency < WITHIN
    assert taken["to"] == f"+86{on_duty.phone}"
    assert not Message.objects.filter(person=off_duty).exists()
    deadline = time.monotonic() + 10
    while Message.objects.get(pk=alert.pk).state != MessageState.SENT:
        assert time.monotonic() < deadline, "the consumer did not record the send"
        time.sleep(0.05)
    assert Message.objects.get(pk=alert.pk).provider == "tencent"
