"""The outbox: one message per event, person and channel; quiet hours; digests; outages; failures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import outbox, services
from notifications.models import Channel, Handset, Message, MessageState, Notification, Preference
from notifications.tests.conftest import number_is

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, *, next_day: bool = False) -> datetime.datetime:
    """A time of 30 November 2026 in Shanghai, or of the next day."""
    day = datetime.date(2026, 12, 1) if next_day else datetime.date(2026, 11, 30)
    return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)


def raise_offered(person, *, key="task:1:offered", now=None):
    services.notification_raise(
        kind="task_offered",
        event_key=key,
        people=[person],
        url="/tasks/1/",
        params={"what": "陪同就医", "day": "12月1日"},
        now=now,
    )


def test_raising_the_same_event_five_times_sends_one_message_per_person_and_channel(
    world, immediate_huey, django_capture_on_commit_callbacks, capsys
):
    person = world.volunteer_user
    Preference.objects.create(person=person, channel=Channel.EMAIL, address="zhang@example.cn")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            raise_offered(person)
            raise_offered(world.team_leader)
    assert Notification.objects.filter(person=person).count() == 1
    mine = Message.objects.filter(person=person)
    assert sorted(mine.values_list("channel", "state")) == [("email", "sent"), ("sms", "sent")]
    assert Message.objects.filter(person=world.team_leader).count() == 1  # SMS only: no e-mail address
    printed = capsys.readouterr().out
    assert printed.count("to 139****5678 (task_offered)") == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhang@example.cn"]


def test_an_event_rolled_back_leaves_no_message(world):
    with pytest.raises(RuntimeError, match="the caller failed"), transaction.atomic():
        raise_offered(world.volunteer_user)
        raise RuntimeError("the caller failed")
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_messages_in_quiet_hours_wait_until_seven_and_a_crisis_alert_does_not(world, capsys, settings):
    settings.NOTIFY_QUIET_HOURS = {"start": 22, "end": 7}
    person = world.volunteer_user
    raise_offered(person, now=at(23, 10))
    services.notification_raise(
        kind="crisis", event_key="case:9:crisis:1", people=[person], params={"case": "#9", "hours": 2}, now=at(23, 10)
    )
    waiting = Message.objects.get(kind="task_offered")
    assert waiting.next_attempt_at == at(7, 0, next_day=True)
    assert outbox.outbox_send_due(now=at(23, 11)) == (1, 1)  # the crisis alone
    assert Message.objects.get(kind="crisis").state == MessageState.SENT
    assert "(crisis)" in capsys.readouterr().out
    assert outbox.outbox_send_due(now=at(6, 59, next_day=True)) == (0, 0)
    assert outbox.outbox_send_due(now=at(7, 0, next_day=True)) == (1, 1)
    waiting.refresh_from_db()
    assert waiting.state == MessageState.SENT
    assert "(task_offered)" in capsys.readouterr().out


def test_a_message_raised_in_the_day_goes_at_once(world, settings):
    settings.NOTIFY_QUIET_HOURS = {"start": 22, "end": 7}
    raise_offered(world.volunteer_user, now=at(9, 30))
    assert Message.objects.get().next_attempt_at == at(9, 30)


def test_elderly_people_and_basic_phones_get_one_short_sms_only(world, capsys):
    person = world.volunteer_user
    Preference.objects.create(person=person, channel=Channel.EMAIL, address="zhang@example.cn")
    Handset.objects.create(person=person, smartphone=False)
    services.notification_raise(
        kind="activity_tomorrow",
        event_key="activity:3:tomorrow",
        people=[person],
        params={"activity": "重阳节敬老院包饺子志愿服务活动暨慰问演出", "place": "保康镇敬老院", "time": "09:00"},
    )
    message = Message.objects.get()
    assert message.channel == Channel.SMS
    assert message.text == "明天 09:00 重阳节敬老院包饺子志愿服务活动暨慰问演出"
    assert len(message.text) <= 70
    assert Notification.objects.get(person=person).title.startswith("明天 09:00：重阳节")


def test_several_messages_due_together_go_as_one_digest(world, capsys, settings):
    settings.NOTIFY_QUIET_HOURS = {"start": 22, "end": 7}
    person = world.volunteer_user
    for n in range(3):
        raise_offered(person, key=f"task:{n}:offered", now=at(23, n))
    assert outbox.outbox_send_due(now=at(7, 0, next_day=True)) == (3, 3)
    printed = capsys.readouterr().out
    assert printed.count("to 139****5678") == 1
    assert "共3条新消息" in printed
    assert set(Message.objects.values_list("state", "digest_of")) == {("sent", 3)}


def test_a_provider_outage_delays_messages_and_loses_none(world, aliyun_sms):
    person = world.volunteer_user
    raise_offered(person)
    aliyun_sms.down = True
    assert outbox.outbox_send_due() == (1, 0)
    message = Message.objects.get()
    assert (message.state, message.attempts, message.last_error) == ("pending", 1, "aliyun: HTTP 503")
    first_retry = message.next_attempt_at
    assert outbox.outbox_send_due() == (0, 0)  # not yet due
    aliyun_sms.down = False
    assert outbox.outbox_send_due(now=first_retry) == (1, 1)
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.provider == "aliyun" and message.provider_id
    assert aliyun_sms.ids() == {str(message.pk): 1}


def test_the_backoff_doubles_up_to_five_minutes():
    from notifications.policy import backoff

    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 10)] == [30, 60, 120, 240, 300, 300]


def test_once_the_provider_takes_a_message_again_those_waiting_out_a_backoff_go_at_once(world, aliyun_sms):
    raise_offered(world.volunteer_user)
    aliyun_sms.down = True
    outbox.outbox_send_due()
    waiting = Message.objects.get()
    assert waiting.next_attempt_at > timezone.now()
    aliyun_sms.down = False
    raise_offered(world.team_leader, key="task:2:offered")
    assert outbox.outbox_send_due() == (1, 1)  # the new one; the provider is back
    assert outbox.outbox_send_due() == (1, 1)  # the one that waited, without waiting out its backoff
    new = Message.objects.get(event_key="task:2:offered")
    assert aliyun_sms.ids() == {str(waiting.pk): 1, str(new.pk): 1}


def test_a_message_the_provider_refuses_fails_with_its_reason_and_is_sent_again(world, aliyun_sms):
    person = world.volunteer_user
    raise_offered(person)
    number_is(world.volunteer_user, "not-a-number")
    outbox.outbox_send_due()
    message = Message.objects.get()
    assert message.state == MessageState.FAILED
    assert message.last_error == "aliyun: isv.MOBILE_NUMBER_ILLEGAL 非法手机号"
    number_is(world.volunteer_user, "13912345678")
    services.message_resend(message=message, by=world.county_admin)
    assert outbox.outbox_send_due() == (1, 1)
    assert aliyun_sms.ids() == {str(message.pk): 1}
    with pytest.raises(services.NotifyError, match="只有发送失败的消息才能重发"):
        services.message_resend(message=message, by=world.county_admin)


def test_a_delivery_receipt_marks_the_message_delivered(world, aliyun_sms, client, settings):
    settings.NOTIFY_RECEIPT_TOKEN = "s3cret"
    raise_offered(world.volunteer_user)
    outbox.outbox_send_due()
    message = Message.objects.get()
    report = [{"phone_number": "13912345678", "success": True, "err_code": "DELIVERED", "biz_id": message.provider_id}]
    response = client.post("/notifications/receipts/aliyun/s3cret/", report, content_type="application/json")
    assert response.json()["matched"] == 1
    message.refresh_from_db()
    assert (message.state, message.receipt) == ("delivered", "DELIVERED")
    wrong = client.post("/notifications/receipts/aliyun/guess/", report, content_type="application/json")
    assert wrong.status_code == 404


def test_a_throttled_message_is_tried_again_in_a_second_without_counting_an_attempt(world, aliyun_sms):
    raise_offered(world.volunteer_user)
    aliyun_sms.throttle = True
    assert outbox.outbox_send_due() == (1, 0)
    message = Message.objects.get()
    assert (message.state, message.attempts) == ("pending", 0)
    assert message.last_error.startswith("aliyun: isv.BUSINESS_LIMIT_CONTROL")
    aliyun_sms.throttle = False
    assert outbox.outbox_send_due(now=message.next_attempt_at) == (1, 1)
    assert aliyun_sms.ids() == {str(message.pk): 1}


def test_the_outbox_keeps_no_number_and_sends_to_the_number_the_person_has_when_it_goes(world, aliyun_sms):
    person = world.volunteer_user
    number_is(person, "13912345678")
    raise_offered(person)
    message = Message.objects.get()
    assert "13912345678" not in str(message.params) and "13912345678" not in message.text
    number_is(person, "13987654321")
    assert outbox.outbox_send_due() == (1, 1)
    assert [item["to"] for item in aliyun_sms.accepted] == ["13987654321"]
