"""Binding a person's WeChat by web authorisation (网页授权, snsapi_base), the whole round trip against the fake
WeChat: the page sends the person to WeChat's authorize page with a one-time state kept in their session, WeChat
sends them back with a code, the server trades the code for the openid and keeps it encrypted. A state that is
not the session's, a code used twice and a return in someone else's session bind nothing."""

import urllib.parse

import pytest
import requests
from django.db import connection
from django.test import Client

from notifications import fakes, outbox, services
from notifications.models import Channel, Message, Preference


@pytest.fixture
def wechat(settings, fake_providers):
    settings.NOTIFY_WECHAT = {
        "endpoint": fake_providers.url,
        "authorize_endpoint": fake_providers.url,
        "appid": fakes.APPID,
        "secret": fakes.APPSECRET,
    }
    settings.NOTIFY_SITE_URL = "https://qianniu.example.cn"
    fake_providers.wechat_user = "o-zhangsan-in-wechat"
    return fake_providers


def start(client) -> str:
    """Tap "Bind WeChat": the address of WeChat's authorize page."""
    response = client.post("/notifications/wechat/bind/")
    assert response.status_code == 302
    return response["Location"]


def through_wechat(location: str) -> str:
    """WeChat's authorize page (the phone follows it): the path and query it sends the person back to."""
    answer = requests.get(location.removesuffix("#wechat_redirect"), allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urllib.parse.urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}" == "https://qianniu.example.cn"
    return f"{back.path}?{back.query}"


def openid_of(user) -> str | None:
    preference = Preference.objects.filter(person=user, channel=Channel.WECHAT).first()
    return preference.address if preference and preference.enabled else None


def test_the_whole_round_trip_binds_the_openid_encrypted_and_messages_go_to_it(world, login, wechat, capsys):
    client = login(world.volunteer_user)
    assert "尚未绑定微信" in client.get("/notifications/preferences/").content.decode()
    location = start(client)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert location.startswith(f"{wechat.url}connect/oauth2/authorize?") and location.endswith("#wechat_redirect")
    assert query["appid"] == fakes.APPID and query["scope"] == "snsapi_base" and query["response_type"] == "code"
    assert query["redirect_uri"] == "https://qianniu.example.cn/notifications/wechat/bound/"
    assert len(query["state"]) >= 32
    page = client.get(through_wechat(location), follow=True).content.decode()
    assert "已绑定微信" in page and "微信已绑定" in page
    assert openid_of(world.volunteer_user) == "o-zhangsan-in-wechat"
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM notifications_preference WHERE channel = 'wechat'")
        assert "o-zhangsan-in-wechat" not in cursor.fetchone()[0]
    services.notification_raise(
        kind="task_offered", event_key="t:1", people=[world.volunteer_user], params={"what": "助餐", "day": "12月1日"}
    )
    assert Message.objects.filter(channel=Channel.WECHAT).count() == 1
    outbox.outbox_send_due()
    assert "[wechat] to o-zhangsan-in-wechat (task_offered)" in capsys.readouterr().out


def test_a_wrong_state_binds_nothing(world, login, wechat):
    client = login(world.volunteer_user)
    back = through_wechat(start(client))
    forged = back.replace("state=", "state=x")
    page = client.get(forged, follow=True).content.decode()
    assert "不是在这里开始的或已过期" in page
    assert openid_of(world.volunteer_user) is None
    # the state served once, even refused: the genuine return now finds nothing either
    client.get(back)
    assert openid_of(world.volunteer_user) is None


def test_a_code_used_twice_is_refused(world, login, wechat):
    client = login(world.volunteer_user)
    back = through_wechat(start(client))
    client.get(back)
    assert openid_of(world.volunteer_user) == "o-zhangsan-in-wechat"
    # replayed as it was: its state is gone from the session
    wechat.wechat_user = "o-someone-else"
    page = client.get(back, follow=True).content.decode()
    assert "不是在这里开始的或已过期" in page
    # replayed with a fresh state of this session: WeChat refuses the code it gave once (40163)
    fresh = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start(client)).query))["state"]
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(back).query))["code"]
    page = client.get("/notifications/wechat/bound/", {"code": code, "state": fresh}, follow=True).content.decode()
    assert "微信拒绝了绑定（40163）" in page
    assert openid_of(world.volunteer_user) == "o-zhangsan-in-wechat"


def test_another_user_cannot_bind_their_wechat_to_someone_elses_account_nor_the_reverse(world, login, wechat):
    victim = login(world.volunteer_user)
    back = through_wechat(start(victim))  # the link the victim's WeChat sends back, caught by someone else
    other = Client()
    other.force_login(world.other_volunteer.user)
    page = other.get(back, follow=True).content.decode()
    assert "不是在这里开始的或已过期" in page
    assert openid_of(world.other_volunteer.user) is None and openid_of(world.volunteer_user) is None
    # nor a state started by one account and returned after another signed in on the same browser
    location = start(other)
    other.force_login(world.volunteer_user)
    other.get(through_wechat(location))
    assert openid_of(world.volunteer_user) is None and openid_of(world.other_volunteer.user) is None
    # the binding is only ever the signed-in person's own
    assert other.get("/notifications/wechat/bound/").status_code == 302
    assert Client().get(back).status_code == 302 and openid_of(world.volunteer_user) is None


def test_the_openid_is_not_typed_in_and_wechat_is_on_only_once_bound(world, login, wechat):
    client = login(world.volunteer_user)
    refused = client.post(
        "/notifications/preferences/", {"wechat": "on", "wechat_openid": "o-typed", "smartphone": "on"}
    )
    assert "请先绑定微信" in refused.content.decode()
    assert openid_of(world.volunteer_user) is None
    client.get(through_wechat(start(client)))
    client.post("/notifications/preferences/", {"sms": "on", "smartphone": "on"})  # WeChat off, the openid kept
    assert Preference.objects.get(person=world.volunteer_user, channel=Channel.WECHAT).address == "o-zhangsan-in-wechat"
    client.post("/notifications/preferences/", {"wechat": "on", "smartphone": "on"})
    assert openid_of(world.volunteer_user) == "o-zhangsan-in-wechat"
