import pytest

from casework import barthel, services
from people.models import Role
from qianniu.tests import factories as f

FULL = {item: max(scores) for item, scores in barthel.ITEMS.items()}
FRAIL = {**FULL, "bathing": 0, "stairs": 0, "dressing": 5, "mobility": 10}  # 75


@pytest.fixture
def supervisor(world):
    user = f.UserFactory(name="督导赵")
    f.grant(user, Role.SUPERVISOR, region=world.township)
    return user


@pytest.fixture
def case(world):
    return services.case_open(
        recipient=world.recipient, by=world.social_worker, presenting_problem="独居，近来情绪低落"
    )
