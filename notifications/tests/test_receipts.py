"""Tencent Cloud's delivery receipts (短信下发状态通知): the body shape of its documentation, as the fake server
reports the messages it took, posted to the receipts endpoint."""

from notifications import outbox, services
from notifications.models import Message, MessageState
from notifications.providers import tencent

# The request example of Tencent Cloud's documentation (cloud.tencent.com/document/product/382/5807).
DOCUMENTED = [
    {
        "user_receive_time": "2015-10-17 08:03:04",
        "nationcode": "86",
        "mobile": "13xxxxxxxxx",
        "report_status": "SUCCESS",
        "errmsg": "DELIVRD",
        "description": "用户短信送达成功",
        "sid": "xxxxxxx",
    }
]


def offer(person, key):
    services.notification_raise(
        kind="task_offered", event_key=key, people=[person], url="/tasks/1/", params={"what": "助餐", "day": "12月1日"}
    )


def test_the_documented_example_parses_to_its_serial_delivered_and_code():
    assert tencent.receipts(DOCUMENTED) == [("xxxxxxx", True, "DELIVRD")]
    failed = [{**DOCUMENTED[0], "report_status": "FAIL", "errmsg": "MK:0005", "sid": "s2"}]
    assert tencent.receipts(failed) == [("s2", False, "MK:0005")]


def test_tencent_receipts_mark_one_message_delivered_and_the_other_failed(world, tencent_sms, client, settings):
    settings.NOTIFY_RECEIPT_TOKEN = "s3cret"
    offer(world.volunteer_user, "task:1:offered")
    offer(world.team_leader, "task:2:offered")
    assert outbox.outbox_send_due() == (2, 2)
    delivered = Message.objects.get(person=world.volunteer_user)
    lost = Message.objects.get(person=world.team_leader)
    assert delivered.provider == "tencent" and delivered.provider_id  # the SerialNo the fake answered
    report = tencent_sms.tencent_report(failed={str(lost.pk)})
    assert {entry["sid"] for entry in report} == {delivered.provider_id, lost.provider_id}
    response = client.post("/notifications/receipts/tencent/s3cret/", report, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["result"], response.json()["matched"]) == (0, 2)
    delivered.refresh_from_db()
    lost.refresh_from_db()
    assert (delivered.state, delivered.receipt) == (MessageState.DELIVERED, "DELIVRD")
    assert delivered.delivered_at is not None
    assert (lost.state, lost.receipt, lost.last_error) == (MessageState.FAILED, "MK:0005", "tencent: MK:0005")
    # The same report again (Tencent retries a callback it thinks lost) changes nothing.
    again = client.post("/notifications/receipts/tencent/s3cret/", report, content_type="application/json")
    assert again.json()["matched"] == 0


def test_a_tencent_receipt_of_an_unknown_serial_or_another_provider_matches_nothing(
    world, tencent_sms, client, settings
):
    settings.NOTIFY_RECEIPT_TOKEN = "s3cret"
    offer(world.volunteer_user, "task:1:offered")
    outbox.outbox_send_due()
    message = Message.objects.get()
    unknown = client.post("/notifications/receipts/tencent/s3cret/", DOCUMENTED, content_type="application/json")
    assert unknown.json()["matched"] == 0
    as_aliyun = [{"biz_id": message.provider_id, "success": True, "err_code": "DELIVERED"}]
    other = client.post("/notifications/receipts/aliyun/s3cret/", as_aliyun, content_type="application/json")
    assert other.json()["matched"] == 0
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    single = {**DOCUMENTED[0], "sid": message.provider_id}  # one object, not a list: taken as a list of one
    one = client.post("/notifications/receipts/tencent/s3cret/", single, content_type="application/json")
    assert one.json()["matched"] == 1
