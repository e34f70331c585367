"""Dispatch answers needs through the registry in needs.answers: what happens to its open dispatches when the
need ends, and the need's timeline."""

import datetime

from django.utils import timezone

from dispatch.models import DispatchStatus
from dispatch.services import need_dispatch
from needs import services
from needs.models import EventKind, Status


def test_withdrawing_a_need_withdraws_its_open_dispatch_and_records_the_withdrawal(world):
    need = services.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "屋顶漏雨"},
    )
    services.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    dispatch = need_dispatch(
        need=need,
        by=world.social_worker,
        department=world.department,
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
    assert dispatch.status == DispatchStatus.SENT

    services.need_withdraw(need=need, by=world.social_worker, reason="本人已搬离")

    dispatch.refresh_from_db()
    need.refresh_from_db()
    assert need.status == Status.WITHDRAWN
    assert dispatch.status == DispatchStatus.WITHDRAWN
    assert dispatch.answered_at is not None
    # The need's last event is its own withdrawal (not a value of the answer registry).
    kinds = list(need.events.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.DISPATCHED, EventKind.WITHDRAWN]
