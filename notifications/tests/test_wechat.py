"""WeChat subscription messages through the outbox and the real provider, against the fake WeChat API: each kind
of event fills the named fields of its own template (the fields the template shows in the WeChat console), the
kinds without a template of their own the catch-all notice; the fake refuses fields its template does not have,
as WeChat does (47003)."""

import pytest

from notifications import fakes, outbox, services
from notifications.models import Channel, Message, MessageState, Preference
from notifications.providers import wechat

TEMPLATES = {"task_offered": "T_TASK", "case_decided": "T_CASE", "*": "T_NOTICE"}
# The keys of each template as the WeChat console shows them.
CONSOLE = {
    "T_TASK": {"thing1", "thing2"},
    "T_CASE": {"character_string1", "thing2", "phrase3"},
    "T_NOTICE": {"thing1"},
}


@pytest.fixture
def wechat_api(settings, fake_providers, world):
    wechat._tokens.clear()
    settings.NOTIFY_WECHAT_PROVIDER = "wechat"
    settings.NOTIFY_WECHAT = {"endpoint": fake_providers.url, "appid": fakes.APPID, "secret": fakes.APPSECRET}
    settings.NOTIFY_WECHAT_TEMPLATES = TEMPLATES
    fake_providers.wechat_templates = dict(CONSOLE)
    Preference.objects.create(person=world.volunteer_user, channel=Channel.SMS, enabled=False)
    Preference.objects.create(person=world.volunteer_user, channel=Channel.WECHAT, address="o-zhangsan")
    return fake_providers


def send_three(person):
    """Three events, each sent before the next is raised (together they would go as one digest)."""
    services.notification_raise(
        kind="task_offered",
        event_key="t:1",
        people=[person],
        params={"what": "陪同韩桂兰奶奶去旗医院复查", "day": "12月1日"},
    )
    outbox.outbox_send_due()
    params = {"case": "#12", "step": "计划", "decision": "已通过"}
    services.notification_raise(kind="case_decided", event_key="c:1", people=[person], params=params)
    outbox.outbox_send_due()
    services.notification_raise(
        kind="task_declined", event_key="t:2", people=[person], params={"what": "x", "person": "李四"}
    )
    outbox.outbox_send_due()


def test_each_kind_fills_the_named_fields_of_its_template(world, wechat_api):
    send_three(world.volunteer_user)
    assert set(Message.objects.values_list("channel", "state")) == {("wechat", "sent")}
    sent = {item["template"]: item["data"] for item in wechat_api.accepted}
    assert sent["T_TASK"] == {"thing1": {"value": "陪同韩桂兰奶奶去旗医院复查"}, "thing2": {"value": "12月1日"}}
    assert sent["T_CASE"] == {
        "character_string1": {"value": "#12"},
        "thing2": {"value": "计划"},
        "phrase3": {"value": "已通过"},
    }
    assert sent["T_NOTICE"] == {"thing1": {"value": "李四 谢绝了 x"}}
    assert {item["to"] for item in wechat_api.accepted} == {"o-zhangsan"}


def test_fields_the_template_does_not_have_fail_the_message_with_wechats_reason(world, wechat_api):
    wechat_api.wechat_templates["T_TASK"] = {"thing1", "date2"}  # the template was changed in the console
    send_three(world.volunteer_user)
    offered = Message.objects.get(kind="task_offered")
    assert offered.state == MessageState.FAILED
    assert offered.last_error.startswith("wechat: 47003")
    assert Message.objects.filter(state=MessageState.SENT).count() == 2
