"""The e-mail channel through the real outbox and Django's SMTP backend, against a local fake relay: a message
is delivered; a permanent refusal (5xx) fails it with the relay's reason at once; a temporary refusal (4xx) or a
relay that cannot be reached is tried again later."""

import pytest

from notifications import outbox, services
from notifications.fakes import FakeSmtp
from notifications.models import Channel, Message, MessageState, Preference


@pytest.fixture
def smtp(settings):
    with FakeSmtp() as fake:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", fake.port, 5
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.DEFAULT_FROM_EMAIL = "qianniu@example.cn"
        yield fake


def offer(person, address: str):
    Preference.objects.create(person=person, channel=Channel.EMAIL, address=address)
    services.notification_raise(
        kind="task_offered",
        event_key="task:1:offered",
        people=[person],
        params={"what": "陪同就医", "day": "12月1日"},
    )
    return Message.objects.get(person=person, channel=Channel.EMAIL)


def test_an_email_goes_through_the_relay(world, smtp):
    message = offer(world.volunteer_user, "zhang@example.cn")
    outbox.outbox_send_due()
    message.refresh_from_db()
    assert (message.state, message.provider, message.last_error) == (MessageState.SENT, "email", "")
    [received] = smtp.received
    assert received["to"] == ["zhang@example.cn"] and received["from"] == "qianniu@example.cn"
    assert received["body"] == "有一项任务派给您：12月1日，陪同就医。"
    assert received["subject"] == received["body"]


def test_a_permanent_refusal_fails_the_message_with_the_reason(world, smtp):
    smtp.refuse["nobody@example.cn"] = "550 5.1.1 <nobody@example.cn>: Recipient address rejected"
    message = offer(world.volunteer_user, "nobody@example.cn")
    outbox.outbox_send_due()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)
    assert message.last_error == "email: 550 5.1.1 <nobody@example.cn>: Recipient address rejected"
    assert smtp.received == []


def test_a_temporary_refusal_is_tried_again_and_then_delivered(world, smtp):
    smtp.refuse["zhang@example.cn"] = "451 4.3.0 Mailbox temporarily unavailable"
    message = offer(world.volunteer_user, "zhang@example.cn")
    outbox.outbox_send_due()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 1)
    assert message.last_error == "email: 451 4.3.0 Mailbox temporarily unavailable"
    del smtp.refuse["zhang@example.cn"]
    outbox.outbox_send_due(now=message.next_attempt_at)
    message.refresh_from_db()
    assert message.state == MessageState.SENT and len(smtp.received) == 1


def test_a_relay_that_is_down_or_unreachable_is_tried_again(world, smtp, settings):
    smtp.down = True
    message = offer(world.volunteer_user, "zhang@example.cn")
    outbox.outbox_send_due()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 1)
    assert message.last_error.startswith("email: 421")
    settings.EMAIL_PORT = 1  # nothing listens there: the connection is refused
    outbox.outbox_send_due(now=message.next_attempt_at)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 2)
    assert message.last_error.startswith("email: ConnectionRefusedError")
