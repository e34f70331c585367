import datetime

import pytest
from django.utils import timezone

from activities.models import Activity


@pytest.fixture
def activity(world):
    now = timezone.now()
    return Activity.objects.create(
        title="关爱独居老人上门探访",
        content="陪伴聊天，打扫卫生",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区党群服务中心",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        quota=2,
        status="published",
    )
