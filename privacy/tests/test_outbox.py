"""The outbox in a person's copy and in their erasure: the short SMS written to a person served (Message.recipient_id)
are listed in their copy, the evaluation link's token masked; erasing the person cancels those still waiting and
empties the text of those sent, so a deleted person's SMS never fails for want of a number."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import outbox
from notifications.models import Message, MessageState, Notification
from notifications.services import notification_raise, recipient_message_raise
from people.models import Recipient
from privacy import services
from privacy.selectors import person_copy, recipient_copy
from qianniu.tests import factories as f

TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def noon():
    """A moment outside the quiet hours, whatever the time the test runs."""
    return timezone.localtime().replace(hour=12, minute=0) + datetime.timedelta(days=1)


@pytest.fixture
def elder(world):
    """韩淑珍: no account, a mobile number of her own."""
    return f.recipient(name="韩淑珍", region=world.community, phone="13600001111")


def texted(recipient, key, noon):
    link = f"http://127.0.0.1:8000/f/{TOKEN}/"
    params = {"link": link}
    written = recipient_message_raise(
        kind="evaluation_link", event_key=key, recipients=[recipient], params=params, now=noon, keep=link
    )
    assert written == 1
    return Message.objects.get(event_key=key, recipient_id=recipient.pk)


def test_the_copy_of_a_person_served_lists_the_sms_written_to_them_with_the_link_masked(world, elder, noon, login):
    sent = texted(elder, "need:1:evaluation", noon)
    assert outbox.outbox_send_due(now=noon) == (1, 1)
    texted(elder, "need:2:evaluation", noon)  # waiting
    other = f.recipient(name="韩玉梅", region=world.community, phone="13600002222")
    texted(other, "need:3:evaluation", noon)  # someone else's
    rows = recipient_copy(recipient=elder).as_json()["messages"]
    assert [row["state"] for row in rows] == ["已发送", "待发送"]
    assert {row["channel"] for row in rows} == {"短信"}
    assert rows[0]["text"].startswith("请评价服务") and rows[0]["sent"] == timezone.localtime(
        Message.objects.get(pk=sent.pk).sent_at
    ).strftime("%Y-%m-%d %H:%M")
    assert TOKEN not in str(rows) and rows[0]["text"] == "请评价服务：http://127.0.0.1:8000/…"  # the link masked
    page = login(world.social_worker).get(reverse("privacy:recipient_copy", args=[elder.pk])).content.decode()
    assert 'data-section="messages"' in page and "请评价服务" in page and TOKEN not in page
    others = recipient_copy(recipient=Recipient.objects.get(name="韩玉梅")).as_json()["messages"]
    assert len(others) == 1  # their own, and none of 韩淑珍's


def test_a_residents_own_copy_lists_the_sms_written_before_they_had_an_account(world, noon):
    texted(world.recipient, "need:9:evaluation", noon)  # 韩桂兰, before her record was linked to her account
    rows = person_copy(user=world.resident).as_json()["messages"]
    assert len(rows) == 1 and TOKEN not in rows[0]["text"]


def test_erasing_a_person_served_cancels_their_waiting_sms_and_empties_the_sent(world, elder, noon):
    sent = texted(elder, "need:1:evaluation", noon)
    assert outbox.outbox_send_due(now=noon) == (1, 1)
    waiting = texted(elder, "need:2:evaluation", noon)
    other = texted(f.recipient(name="韩玉梅", region=world.community, phone="13600002222"), "need:3:evaluation", noon)
    services.recipient_pseudonymise(recipient=elder, by=world.county_admin)
    assert not Message.objects.filter(pk=waiting.pk).exists()  # cancelled: never sent to a number that is gone
    sent.refresh_from_db()
    assert sent.state == MessageState.SENT and sent.text == services.ERASED_TEXT and sent.params == {}
    assert outbox.outbox_send_due(now=noon) == (1, 1)  # only the other person's
    assert not Message.objects.filter(state=MessageState.FAILED).exists()
    other.refresh_from_db()
    assert other.state == MessageState.SENT and TOKEN in other.text


def test_erasing_a_resident_covers_the_sms_of_their_record_as_a_person_served(world, noon):
    waiting = texted(world.recipient, "need:9:evaluation", noon)
    request = services.pi_request_file(by=world.resident, kind="delete", detail="", reason="不再需要服务")
    services.pi_request_decide(request=request, by=world.county_admin, done=True, answer="已删除")
    assert not Message.objects.filter(pk=waiting.pk).exists()
    due = Message.objects.filter(state=MessageState.PENDING)
    assert set(due.values_list("kind", flat=True)) == {"pi_request_waiting"}  # the admin's notice of the request
    assert outbox.outbox_send_due(now=noon) == (1, 1)  # that notice, and nothing for the person erased


def told_in_app(user, noon):
    link = f"http://127.0.0.1:8000/f/{TOKEN}/"
    notification_raise(
        kind="evaluation_link", event_key="need:7:evaluation", people=[user], params={"link": link}, now=noon
    )


def test_a_residents_copy_lists_their_notifications_and_messages_to_their_account(world, noon):
    told_in_app(world.resident, noon)
    data = person_copy(user=world.resident).as_json()
    assert [row["title"] for row in data["notifications"]] == ["服务满意吗？请评价：http://127.0.0.1:8000/…"]
    assert data["messages"] and TOKEN not in str(data)


def test_erasing_a_resident_deletes_their_notifications_and_waiting_messages(world, noon):
    told_in_app(world.resident, noon)
    told_in_app(world.volunteer_user, noon)
    request = services.pi_request_file(by=world.resident, kind="delete", detail="", reason="不再需要服务")
    services.pi_request_decide(request=request, by=world.county_admin, done=True, answer="已删除")
    assert not Notification.objects.filter(person=world.resident).exists()
    assert not Message.objects.filter(person=world.resident).exists()
    assert Notification.objects.filter(person=world.volunteer_user).exists()  # someone else's stay
    assert Message.objects.filter(person=world.volunteer_user).exists()
