"""SMS templates per kind of event: the gateway is asked for the template approved for the kind, "*" for the
kinds the setting does not name (NOTIFY_SMS_TEMPLATES, from QIANNIU_SMS_TEMPLATES)."""

import pytest

from notifications import outbox, services
from notifications.models import Message

TEMPLATES = {"task_offered": "SMS_1", "crisis": "SMS_2", "*": "SMS_0"}


def raise_three(world):
    services.notification_raise(
        kind="task_offered", event_key="task:1:offered", people=[world.volunteer_user], params={"what": "x", "day": "1"}
    )
    services.notification_raise(kind="crisis", event_key="case:1:crisis", people=[world.social_worker])
    services.notification_raise(kind="task_declined", event_key="task:1:declined", people=[world.team_leader])


@pytest.mark.parametrize("gateway", ["aliyun_sms", "tencent_sms"])
def test_each_kind_goes_out_with_its_own_template_and_the_rest_with_the_catch_all(world, settings, gateway, request):
    fake = request.getfixturevalue(gateway)
    settings.NOTIFY_SMS_TEMPLATES = TEMPLATES
    raise_three(world)
    assert outbox.outbox_send_due() == (3, 3)
    sent = {str(m.pk): m.kind for m in Message.objects.all()}
    used = {sent[item["id"]]: item["template"] for item in fake.accepted}
    assert used == {"task_offered": "SMS_1", "crisis": "SMS_2", "task_declined": "SMS_0"}


def test_without_a_catch_all_a_kind_not_named_fails_with_the_reason(world, settings, aliyun_sms):
    settings.NOTIFY_SMS_TEMPLATES = {"task_offered": "SMS_1"}
    raise_three(world)
    outbox.outbox_send_due()
    states = {m.kind: (m.state, m.last_error) for m in Message.objects.all()}
    assert states["task_offered"] == ("sent", "")
    assert states["crisis"] == ("failed", "no template for crisis")
    assert [item["template"] for item in aliyun_sms.accepted] == ["SMS_1"]
