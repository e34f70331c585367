"""People served who have no account (many elderly people without a smartphone) get short SMS at their own mobile
number, or their guardian's: the evaluation link after the service and the reminder of a visit the day before."""

import datetime

import pytest
from django.utils import timezone

from needs import services as needs
from needs.notify import evaluation_link
from notifications import outbox, policy
from notifications.models import Message, MessageState
from qianniu.tests import factories as f


@pytest.fixture
def elder(world):
    """韩淑珍: no account, a mobile number of her own."""
    return f.recipient(name="韩淑珍", region=world.community, phone="13600001111")


def served_need(world, recipient):
    need = needs.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": recipient, "region": world.community, "description": "家里灯泡坏了"},
    )
    need = f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, what="更换灯泡")
    needs.task_answer(task=task, volunteer=world.volunteer, accept=True)
    Message.objects.filter(recipient_id__isnull=True).delete()  # the staff's and volunteer's: not this test's
    return need, task


def test_the_evaluation_link_goes_by_one_short_sms_to_a_person_without_an_account(world, elder, aliyun_sms):
    need, task = served_need(world, elder)
    needs.task_done(task=task, volunteer=world.volunteer)  # the last task done: the need is served
    Message.objects.filter(recipient_id__isnull=True).delete()
    need.refresh_from_db()
    message = Message.objects.get(recipient_id=elder.pk)
    assert message.person_id is None and message.channel == "sms" and message.kind == "evaluation_link"
    link = f"http://127.0.0.1:8000/f/{need.feedback_token.hex}/"
    assert message.text.endswith(link) and len(message.text) <= 70  # the whole link, in one SMS
    assert "13600001111" not in message.text + str(message.params)  # the number is read when sending
    for _ in range(4):  # raised again: still one message
        evaluation_link(need)
    assert Message.objects.filter(recipient_id=elder.pk).count() == 1
    assert outbox.outbox_send_due() == (1, 1)
    assert [item["to"] for item in aliyun_sms.accepted] == ["13600001111"]
    message.refresh_from_db()
    assert message.state == MessageState.SENT


def test_the_short_link_opens_the_evaluation_page(world, elder, client):
    need, _task = served_need(world, elder)
    short = client.get(f"/f/{need.feedback_token.hex}/")
    full = client.get(f"/feedback/{need.feedback_token}/")
    assert short.status_code == full.status_code == 200
    assert short.content.decode().count("<form") == full.content.decode().count("<form") >= 1
    assert client.get(f"/f/{'0' * 32}/").status_code == 404


def test_a_long_site_address_never_cuts_the_link(world, elder, settings):
    settings.NOTIFY_SITE_URL = "https://qianniu.kezuozhongqi.tongliao.nmg.gov.cn"
    need, _task = served_need(world, elder)
    evaluation_link(need)
    text = Message.objects.get(recipient_id=elder.pk).text
    assert text.endswith(f"{settings.NOTIFY_SITE_URL}/f/{need.feedback_token.hex}/") and len(text) <= 90


def test_the_guardians_number_when_the_person_has_none_read_when_sending(world, aliyun_sms):
    elder = f.recipient(name="包金兰", region=world.community, guardian_name="包军", guardian_phone="13700002222")
    need, _task = served_need(world, elder)
    evaluation_link(need)
    elder.guardian_phone = "13700003333"  # changed after the message was written
    elder.save(update_fields=["guardian_phone"])
    assert outbox.outbox_send_due() == (1, 1)
    assert [item["to"] for item in aliyun_sms.accepted] == ["13700003333"]


def test_nobody_to_text_writes_no_message(world):
    need, _task = served_need(world, world.other_recipient)  # no phone, no guardian
    evaluation_link(need)
    assert not Message.objects.filter(recipient_id=world.other_recipient.pk).exists()


def test_a_person_with_an_account_is_told_as_a_user(world, aliyun_sms):
    need, _task = served_need(world, world.recipient)
    evaluation_link(need)
    assert Message.objects.get(kind="evaluation_link").person_id == world.resident.pk
    assert not Message.objects.filter(recipient_id__isnull=False).exists()


def test_the_visit_tomorrow_waits_out_the_quiet_hours_and_is_sent_once(world, elder, aliyun_sms, settings):
    hour = timezone.localtime(timezone.now(), policy.SHANGHAI).hour
    settings.NOTIFY_QUIET_HOURS = {"start": hour, "end": (hour + 2) % 24}  # night now, for two hours
    _need, task = served_need(world, elder)
    yesterday = task.on - datetime.timedelta(days=1)
    needs.tasks_remind_due_tomorrow(today=yesterday)
    needs.tasks_remind_due_tomorrow(today=yesterday)
    reminder = Message.objects.get(recipient_id=elder.pk)
    assert reminder.kind == "visit_tomorrow" and len(reminder.text) <= 70 and "更换灯泡" in reminder.text
    assert reminder.next_attempt_at > timezone.now()  # the end of the quiet hours
    assert outbox.outbox_send_due() == (0, 0)
    assert outbox.outbox_send_due(now=reminder.next_attempt_at) == (2, 2)  # and the volunteer's task_due
    assert sorted(item["to"] for item in aliyun_sms.accepted) == ["13600001111", "13912345678"]


def test_two_volunteers_coming_together_make_one_reminder_for_the_person(world, elder):
    need, task = served_need(world, elder)
    second = f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer, what="更换灯泡")
    needs.task_answer(task=second, volunteer=world.other_volunteer, accept=True)
    assert second.on == task.on
    needs.tasks_remind_due_tomorrow(today=task.on - datetime.timedelta(days=1))
    [reminder] = Message.objects.filter(recipient_id=elder.pk)
    assert reminder.kind == "visit_tomorrow" and reminder.event_key == f"need:{need.pk}:visit:{task.on:%Y%m%d}"
    # Each volunteer is still reminded of their own task.
    assert Message.objects.filter(kind="task_due").values("person").distinct().count() == 2


def test_the_outbox_page_masks_the_persons_number(world, elder, login):
    need, _task = served_need(world, elder)
    evaluation_link(need)
    message = Message.objects.get(recipient_id=elder.pk)
    admin = login(world.county_admin)
    for url in ["/notifications/outbox/?state=pending", f"/notifications/outbox/{message.pk}/"]:
        page = admin.get(url).content.decode()
        assert "13600001111" not in page and "韩淑珍" not in page
        assert "136****1111" in page and "韩*珍" in page
    assert admin.get("/notifications/outbox/?state=pending").status_code == 200
    outsider = login(world.outsider)
    assert outsider.get(f"/notifications/outbox/{message.pk}/").status_code == 404


def test_the_outbox_pages_show_the_link_cut_to_the_site_address(world, elder, login):
    """The evaluation link's token lets anyone holding it answer for the person: the admin's outbox pages show the
    message with the link cut, as the personal-information export does."""
    need, _task = served_need(world, elder)
    evaluation_link(need)
    message = Message.objects.get(recipient_id=elder.pk)
    token = need.feedback_token.hex
    assert token in message.text
    admin = login(world.county_admin)
    for url in (f"/notifications/outbox/?state={message.state}", f"/notifications/outbox/{message.pk}/"):
        page = admin.get(url).content.decode()
        assert "http://127.0.0.1:8000/…" in page and token[:6] not in page, url
