import datetime

import pytest
from django.utils import timezone

from activities.models import Activity


@pytest.fixture
def past_activity(world):
    start = timezone.now() - datetime.timedelta(days=2)
    return Activity.objects.create(
        title="重阳节敬老院包饺子",
        content="陪伴老人包饺子",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区敬老院",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        quota=10,
        status="published",
    )
