import datetime

import pytest

from people.models import Role
from qianniu.tests import factories as f
from regions.models import Region


@pytest.fixture
def province_admins(world):
    """The admin of 内蒙古自治区 (above the world's county) and of 甘肃省 (above the outsider's county)."""
    inner_mongolia = f.UserFactory(name="其其格")
    f.grant(inner_mongolia, Role.REGION_ADMIN, region=Region.objects.get(code="150000"))
    gansu = f.UserFactory(name="马兰")
    f.grant(gansu, Role.REGION_ADMIN, region=Region.objects.get(code="620000"))
    f.authenticator(inner_mongolia)
    f.authenticator(gansu)
    return inner_mongolia, gansu


NO_SETTLE = datetime.timedelta(0)
