import pytest
from huey.contrib.djhuey import HUEY

from needs import services as needs
from notifications import fakes
from qianniu.tests import factories as f


@pytest.fixture(autouse=True)
def daytime(settings):
    """The tests run at any hour: no quiet hours unless a test passes its own time."""
    settings.NOTIFY_QUIET_HOURS = {"start": 0, "end": 0}


@pytest.fixture
def immediate_huey():
    """Tasks run as they are queued, as the consumer would run them."""
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


@pytest.fixture
def fake_providers():
    with fakes.FakeProviders() as fake:
        yield fake


@pytest.fixture
def aliyun_sms(settings, fake_providers):
    """SMS through the Alibaba Cloud provider, speaking HTTP to the local fake."""
    settings.NOTIFY_SMS_PROVIDER = "aliyun"
    settings.NOTIFY_SMS = {
        "endpoint": fake_providers.url,
        "access_key_id": fakes.KEY_ID,
        "access_key_secret": fakes.SECRET,
        "sign_name": "牵牛花",
        "templates": {"*": "SMS_0001"},
        "timeout": 5,
    }
    return fake_providers


@pytest.fixture
def tencent_sms(settings, fake_providers):
    """SMS through the Tencent Cloud provider, speaking HTTP to the local fake."""
    settings.NOTIFY_SMS_PROVIDER = "tencent"
    settings.NOTIFY_SMS = {
        "endpoint": fake_providers.url,
        "access_key_id": fakes.KEY_ID,
        "access_key_secret": fakes.SECRET,
        "sign_name": "牵牛花",
        "sdk_app_id": "1400000000",
        "templates": {"*": "1234567"},
        "timeout": 5,
    }
    return fake_providers


def number_is(person, number: str) -> None:
    """The person's mobile number changes after a message was raised: the outbox reads it when sending."""
    person.phone = number
    person.save(update_fields=["phone"])


@pytest.fixture
def need(world):
    """A triaged need of the world's recipient: the object the wiring tests raise events about."""
    need = needs.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "家里灯泡坏了"},
    )
    return f.triaged(need, by=world.social_worker)
