"""Where a message goes: a person's WeChat openid and e-mail address are kept encrypted, read when sending."""

from django.db import connection

from notifications import outbox, services
from notifications.models import Channel, Message, Preference


def test_an_openid_and_an_email_address_are_stored_encrypted_and_read_when_sending(world, settings, capsys):
    person = world.volunteer_user
    services.preferences_save(
        person=person,
        choices={
            Channel.SMS: (True, ""),
            Channel.WECHAT: (True, "o-openid-zhang"),
            Channel.EMAIL: (True, "zhang@example.cn"),
        },
        smartphone=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT channel, address FROM notifications_preference WHERE person_id = %s", [person.pk])
        stored = dict(cursor.fetchall())
    assert stored[Channel.WECHAT] and "o-openid-zhang" not in stored[Channel.WECHAT]
    assert stored[Channel.EMAIL] and "zhang@example.cn" not in stored[Channel.EMAIL]
    shown = Preference.objects.get(person=person, channel=Channel.EMAIL)
    assert shown.address == "zhang@example.cn"  # plain in Python
    services.notification_raise(
        kind="task_offered", event_key="task:1:offered", people=[person], params={"what": "助餐", "day": "12月1日"}
    )
    assert sorted(Message.objects.values_list("channel", flat=True)) == ["email", "sms", "wechat"]
    assert "zhang@example.cn" not in str(list(Message.objects.values()))
    assert outbox.outbox_send_due() == (3, 3)
    printed = capsys.readouterr().out
    assert "[wechat] to o-openid-zhang (task_offered)" in printed
