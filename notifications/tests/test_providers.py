"""Each real provider signs as its API requires (the documented examples) and is exercised against the local
fake server speaking its HTTP API, which checks the signature again."""

import datetime

import pytest

from notifications import fakes
from notifications.providers import Outgoing, SendError, aliyun, tencent, wechat

MESSAGE = Outgoing(message_id=7, kind="task_offered", address="13912345678", text="新任务", params={"day": "12月1日"})


def test_the_aliyun_signature_is_the_documented_example():
    """Alibaba Cloud's RPC signature example (DescribeRegions, secret "testsecret")."""
    params = {
        "Timestamp": "2016-02-23T12:46:24Z",
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2014-05-26",
        "SignatureVersion": "1.0",
    }
    assert aliyun.sign(params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_the_tencent_signature_is_the_documented_example():
    """Tencent Cloud's TC3-HMAC-SHA256 example (CVM DescribeInstances, 2019-02-25)."""
    payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
    header = tencent.authorization(
        secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        host="cvm.tencentcloudapi.com",
        payload=payload,
        timestamp=1551113065,
        service="cvm",
    )
    assert header == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
        "SignedHeaders=content-type;host, "
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


def test_the_aliyun_timestamp_is_utc_in_iso_form():
    now = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
    params = aliyun.signed_params({"Action": "SendSms"}, key_id="k", secret="s", now=now, nonce="n")
    assert params["Timestamp"] == "2026-11-30T08:00:00Z" and params["SignatureNonce"] == "n"


def _aliyun(url, secret=fakes.SECRET):
    config = {"endpoint": url, "access_key_id": fakes.KEY_ID, "access_key_secret": secret, "sign_name": "牵牛花"}
    return aliyun.AliyunSms({**config, "templates": {"*": "SMS_1"}})


def _tencent(url, secret=fakes.SECRET):
    config = {"endpoint": url, "access_key_id": fakes.KEY_ID, "access_key_secret": secret, "sign_name": "牵牛花"}
    return tencent.TencentSms({**config, "sdk_app_id": "1400000000", "templates": {"*": "1234567"}})


@pytest.mark.parametrize("make", [_aliyun, _tencent], ids=["aliyun", "tencent"])
def test_a_real_provider_sends_through_the_fake_server_with_its_signature_checked(fake_providers, make):
    provider_id = make(fake_providers.url).send(MESSAGE)
    assert provider_id
    assert fake_providers.ids() == {"7": 1}
    assert fake_providers.accepted[0]["to"] in {"13912345678", "+8613912345678"}


@pytest.mark.parametrize(
    "make, message",
    [(_aliyun, "SignatureDoesNotMatch"), (_tencent, "AuthFailure.SignatureFailure")],
    ids=["aliyun", "tencent"],
)
def test_a_wrong_secret_is_refused_for_good(fake_providers, make, message):
    with pytest.raises(SendError, match=message) as refused:
        make(fake_providers.url, secret="wrong").send(MESSAGE)
    assert not refused.value.temporary
    assert fake_providers.refused["signature"] == 1 and not fake_providers.accepted


@pytest.mark.parametrize(
    "make, message", [(_aliyun, "isv.BUSINESS_LIMIT_CONTROL"), (_tencent, "RequestLimitExceeded")], ids=["a", "t"]
)
def test_throttling_and_an_outage_are_temporary(make, message):
    with fakes.FakeProviders() as fake:
        provider = make(fake.url)
        provider.send(MESSAGE)
        fake.throttle = True
        with pytest.raises(SendError, match=message) as throttled:
            provider.send(MESSAGE)
        assert throttled.value.temporary and throttled.value.retry_after == 1
        fake.down = True
        with pytest.raises(SendError, match="HTTP 503") as down:
            provider.send(MESSAGE)
        assert down.value.temporary


def test_wechat_takes_a_token_then_sends_the_subscription_message(fake_providers):
    wechat._tokens.clear()
    provider = wechat.WechatSubscribe(
        {"endpoint": fake_providers.url, "appid": fakes.APPID, "secret": fakes.APPSECRET, "templates": {"*": "T1"}}
    )
    openid = Outgoing(message_id=8, kind="task_offered", address="o-openid-1", text="新任务")
    assert provider.send(openid)
    fake_providers.tokens.clear()  # the token expired at WeChat: a new one is taken and the send retried
    assert provider.send(openid)
    assert fake_providers.ids() == {"8": 2} and {a["to"] for a in fake_providers.accepted} == {"o-openid-1"}


def test_wechat_with_a_wrong_app_secret_does_not_send(fake_providers):
    wechat._tokens.clear()
    provider = wechat.WechatSubscribe(
        {"endpoint": fake_providers.url, "appid": fakes.APPID, "secret": "wrong", "templates": {"*": "T1"}}
    )
    with pytest.raises(SendError, match="wechat token: 40013"):
        provider.send(MESSAGE)
    assert not fake_providers.accepted
