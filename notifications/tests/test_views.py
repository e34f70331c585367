"""The bell, the notification list, opening marks read, the outbox page; another county's admin gets 404."""

from django.db import transaction

from notifications import outbox, services
from notifications.models import Message, MessageState, Notification
from notifications.tests.conftest import number_is


def _raise(person, key="task:1:offered", url="/tasks/1/"):
    services.notification_raise(
        kind="task_offered", event_key=key, people=[person], url=url, params={"what": "陪同就医", "day": "12月1日"}
    )


def test_the_bell_counts_the_unread_and_the_list_links_them(world, login):
    _raise(world.volunteer_user)
    _raise(world.volunteer_user, key="task:2:offered", url="/tasks/2/")
    client = login(world.volunteer_user)
    home = client.get("/").content.decode()
    assert 'data-testid="bell-count">2<' in home
    page = client.get("/notifications/").content.decode()
    assert "有一项任务派给您：12月1日，陪同就医。" in page
    mine = Notification.objects.filter(person=world.volunteer_user).order_by("pk")
    assert f"/notifications/{mine[0].pk}/open/" in page
    unread = client.get("/notifications/?unread=1").content.decode()
    assert unread.count("badge text-bg-primary") == 2


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(world, login):
    _raise(world.volunteer_user)
    notification = Notification.objects.get()
    client = login(world.volunteer_user)
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response.url == "/tasks/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-testid="bell-count"' not in client.get("/").content.decode()


def test_opening_the_linked_page_itself_marks_the_notification_read(world, login):
    _raise(world.volunteer_user, url="/me/record/")
    _raise(world.volunteer_user, key="other", url="/tasks/")
    client = login(world.volunteer_user)
    assert client.get("/me/record/").status_code == 200
    read = {n.url: n.read_at is not None for n in Notification.objects.all()}
    assert read == {"/me/record/": True, "/tasks/": False}


def test_another_persons_notification_is_not_found(world, login):
    _raise(world.volunteer_user)
    notification = Notification.objects.get()
    assert login(world.outsider).get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert login(world.county_admin).get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert login(world.volunteer_user).get(f"/notifications/{notification.pk}/open/").status_code == 302
    outsider_list = login(world.outsider).get("/notifications/").content.decode()
    assert "陪同就医" not in outsider_list


def test_the_region_admin_sees_failures_with_reasons_and_resends_another_county_gets_404(world, login, aliyun_sms):
    _raise(world.volunteer_user)
    number_is(world.volunteer_user, "bad")
    outbox.outbox_send_due()
    message = Message.objects.get()
    assert message.state == MessageState.FAILED

    admin = login(world.county_admin)
    page = admin.get("/notifications/outbox/").content.decode()
    assert "isv.MOBILE_NUMBER_ILLEGAL" in page and world.volunteer_user.name in page
    assert admin.get(f"/notifications/outbox/{message.pk}/").status_code == 200

    outsider = login(world.outsider)
    own_page = outsider.get("/notifications/outbox/").content.decode()
    assert own_page.count("isv.MOBILE_NUMBER_ILLEGAL") == 0 and 'data-testid="outbox"' in own_page
    assert outsider.get(f"/notifications/outbox/{message.pk}/").status_code == 404
    assert outsider.post(f"/notifications/outbox/{message.pk}/resend/").status_code == 404
    assert Message.objects.get().state == MessageState.FAILED

    number_is(world.volunteer_user, "13912345678")
    admin = login(world.county_admin)
    with transaction.atomic():
        response = admin.post(f"/notifications/outbox/{message.pk}/resend/")
    assert response.status_code == 302
    assert Message.objects.get().state == MessageState.PENDING


def test_the_outbox_page_is_for_region_admins_only(world, login):
    assert login(world.volunteer_user).get("/notifications/outbox/").status_code == 404
    assert login(world.social_worker).get("/notifications/outbox/").status_code == 404
    assert login(world.county_admin).get("/notifications/outbox/").status_code == 200


def test_a_person_reads_their_own_message_but_cannot_resend_it(world, login):
    _raise(world.volunteer_user)
    message = Message.objects.get()
    client = login(world.volunteer_user)
    page = client.get(f"/notifications/outbox/{message.pk}/").content.decode()
    assert "陪同就医" in page and "重新发送" not in page
    Message.objects.update(state=MessageState.FAILED)
    assert client.post(f"/notifications/outbox/{message.pk}/resend/").status_code == 403


def test_a_person_chooses_their_channels(world, login):
    client = login(world.volunteer_user)
    refused = client.post("/notifications/preferences/", {"sms": "on", "wechat": "on", "smartphone": "on"})
    assert "请先绑定微信" in refused.content.decode()
    client.post(
        "/notifications/preferences/",
        {"sms": "on", "email": "on", "email_address": "zhang@example.cn", "smartphone": "on"},
    )
    _raise(world.volunteer_user)
    assert sorted(Message.objects.values_list("channel", flat=True)) == ["email", "sms"]
    client.post("/notifications/preferences/", {"email": "on", "email_address": "zhang@example.cn", "smartphone": "on"})
    _raise(world.volunteer_user, key="second")
    assert list(Message.objects.filter(event_key="second").values_list("channel", flat=True)) == ["email"]
    # Without a smartphone: short SMS only, whatever else is ticked.
    client.post("/notifications/preferences/", {"sms": "on", "email": "on", "email_address": "zhang@example.cn"})
    _raise(world.volunteer_user, key="third")
    assert list(Message.objects.filter(event_key="third").values_list("channel", flat=True)) == ["sms"]
