"""Overdue needs and dispatches are escalated by the periodic job, through Huey."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from dispatch.services import need_dispatch
from needs import services
from needs.models import Need, Status
from needs.tasks import escalate_overdue_needs


@pytest.fixture
def immediate_huey():
    """Huey's immediate mode runs a queued task at once, in this process, with an in-memory store."""
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def make_need(world, *, urgency="normal", crisis=False, hours_ago=0):
    need = services.need_create(
        source="staff",
        by=world.social_worker,
        data={
            "recipient": world.recipient,
            "region": world.community,
            "description": "x",
            "urgency": urgency,
            "crisis": crisis,
        },
    )
    Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    need.refresh_from_db()
    need.response_due_at = services.response_due(start=need.created_at, urgency=need.urgency, crisis=need.crisis)
    need.save(update_fields=["response_due_at"])
    return need


def test_the_task_escalates_exactly_the_overdue_items(world, immediate_huey, login):
    crisis_late = make_need(world, crisis=True, hours_ago=3)  # crisis: 2 hours
    crisis_in_time = make_need(world, crisis=True, hours_ago=1)
    normal_late = make_need(world, hours_ago=80)  # normal: 72 hours
    normal_in_time = make_need(world, hours_ago=70)
    answered_late = make_need(world, hours_ago=100)
    services.need_triage(need=answered_late, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    late_dispatch = need_dispatch(
        need=answered_late,
        by=world.social_worker,
        department=world.department,
        deadline=timezone.now() + datetime.timedelta(minutes=1),
    )
    type(late_dispatch).objects.filter(pk=late_dispatch.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )

    escalate_overdue_needs()  # queued and run by Huey (immediate mode)

    escalated = set(Need.objects.filter(escalated_at__isnull=False).values_list("pk", flat=True))
    assert escalated == {crisis_late.pk, normal_late.pk}
    assert {crisis_in_time.pk, normal_in_time.pk, answered_late.pk}.isdisjoint(escalated)
    late_dispatch.refresh_from_db()
    assert late_dispatch.escalated_at is not None

    # Running again escalates nothing twice.
    first_marks = dict(Need.objects.filter(escalated_at__isnull=False).values_list("pk", "escalated_at"))
    escalate_overdue_needs()
    assert dict(Need.objects.filter(escalated_at__isnull=False).values_list("pk", "escalated_at")) == first_marks
    assert crisis_late.events.filter(kind="escalated").count() == 1
    # The event says which deadline was missed (its local time), not when the job ran.
    crisis_late.refresh_from_db()
    due = timezone.localtime(crisis_late.response_due_at)
    assert crisis_late.events.get(kind="escalated").note == f"{due:%Y-%m-%d %H:%M}"

    # The supervisor's and the admin's home pages show them first.
    body = login(world.county_admin).get(reverse("home")).content.decode()
    assert f"#{crisis_late.pk}" in body and f"#{normal_late.pk}" in body
    assert body.index("逾期") < body.index("注册志愿者")


def test_crisis_deadline_is_configurable(world, settings):
    settings.RESPONSE_HOURS = {**settings.RESPONSE_HOURS, "crisis": 1}
    need = make_need(world, crisis=True)
    assert need.response_due_at - need.created_at == datetime.timedelta(hours=1)
    assert need.status == Status.NEW
