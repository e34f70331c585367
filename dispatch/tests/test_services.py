"""What dispatch's services do to the need they answer."""

import pytest

from dispatch.services import dispatch_complete
from needs import services as needs
from needs.services import NeedError
from qianniu.tests import factories as f


def test_ending_a_need_withdraws_its_dispatches(world):
    need, dispatch = f.dispatched_need(world)
    needs.need_withdraw(need=need, by=world.social_worker, reason="搬走了")
    dispatch.refresh_from_db()
    assert dispatch.status == "withdrawn"
    with pytest.raises(NeedError, match="该需求已结束"):
        dispatch_complete(dispatch=dispatch, by=world.liaison, result="办结")
    dispatch.refresh_from_db()
    assert dispatch.status == "withdrawn"


def test_a_need_is_not_served_while_a_department_works_on_it(world):
    need, _dispatch = f.dispatched_need(world)
    needs.need_open_case(need=need, by=world.social_worker)
    with pytest.raises(NeedError, match="部门"):
        needs.need_mark_served(need=need, by=world.social_worker)
    need.refresh_from_db()
    assert need.status == "in_service"
