import datetime
from decimal import Decimal

import pytest

from ledger.services import entry_append


@pytest.fixture
def hours(world):
    """Two service entries on the volunteer's record, recorded by the team's leader."""

    def add(volunteer, hours="2.5", on=datetime.date(2026, 10, 8)):
        return entry_append(
            volunteer=volunteer,
            kind="service",
            by=world.team_leader,
            activity_name="敬老院陪伴",
            on=on,
            place="保康镇敬老院",
            content="陪老人聊天、读报",
            hours=Decimal(hours),
            organiser=world.team.name,
            lead=world.team_leader.name,
        )

    return add
