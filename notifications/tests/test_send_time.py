"""Quiet hours are checked again when a message is sent: a retry after a failure, or the catch-up after an outage,
that falls due between 22:00 and 07:00 waits until 07:00 Asia/Shanghai; a crisis alert does not."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from notifications import outbox, services
from notifications.models import Message, MessageState

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)


def test_a_retry_landing_at_23_waits_until_seven_and_a_crisis_retry_goes_at_once(world, settings, aliyun_sms):
    person = world.volunteer_user
    services.notification_raise(
        kind="task_offered", event_key="task:1:offered", people=[person], params={"what": "陪同就医", "day": "1"}
    )
    services.notification_raise(kind="crisis", event_key="case:9:crisis:1", people=[person], params={"case": "#9"})
    aliyun_sms.down = True
    assert outbox.outbox_send_due() == (2, 0)  # raised in the day; the gateway is down: both wait a retry
    aliyun_sms.down = False

    settings.NOTIFY_QUIET_HOURS = {"start": 22, "end": 7}
    day = timezone.localdate() + datetime.timedelta(days=1)
    night = local(day, 23)
    assert outbox.outbox_send_due(now=night) == (1, 1)  # the retry falls due at 23:00: the crisis alone goes
    crisis, offered = Message.objects.get(kind="crisis"), Message.objects.get(kind="task_offered")
    assert crisis.state == MessageState.SENT
    morning = local(day + datetime.timedelta(days=1), 7)
    assert (offered.state, offered.next_attempt_at, offered.attempts) == (MessageState.PENDING, morning, 1)
    assert [item["id"] for item in aliyun_sms.accepted] == [str(crisis.pk)]
    assert outbox.next_due_in(now=night) == 8 * 3600  # the queue sleeps until 07:00, not every second

    assert outbox.outbox_send_due(now=morning - datetime.timedelta(minutes=1)) == (0, 0)
    assert outbox.outbox_send_due(now=morning) == (1, 1)
    assert Message.objects.get(kind="task_offered").state == MessageState.SENT


def test_quiet_hours_that_do_not_wrap_midnight_end_at_their_end():
    from notifications.policy import quiet_until

    day = datetime.date(2026, 11, 30)
    assert quiet_until(local(day, 22), start=22, end=7) == local(day + datetime.timedelta(days=1), 7)
    assert quiet_until(local(day, 6), start=22, end=7) == local(day, 7)
    assert quiet_until(local(day, 7), start=22, end=7) is None
    assert quiet_until(local(day, 12), start=0, end=23) == local(day, 23)
    assert quiet_until(local(day, 23), start=0, end=23) is None  # was "quiet until 23:00 tomorrow"
    assert quiet_until(local(day, 3), start=1, end=5) == local(day, 5)
    assert quiet_until(local(day, 0), start=1, end=5) is None
