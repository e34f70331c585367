"""Hours come in half-hour steps, at most a day, and never from a day that has not come yet."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.models import CorrectionRequest, EntryKind, LedgerEntry
from ledger.services import LedgerError, correction_request, entry_append, total_hours
from ledger.tests.corrections import ask, served


@pytest.mark.parametrize("hours", ["0.25", "24.5", "-1", "0", "1.75", "abc", "NaN", "Infinity", ""])
def test_the_correction_form_refuses_hours_the_ledger_does_not_hold(world, login, past_activity, hours):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    response = ask(login(world.volunteer_user), entry, hours)
    assert response.status_code == 302
    body = login(world.volunteer_user).get(reverse("ledger:record")).content.decode()
    assert "为单位" in body
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("hours", ["0.5", "1.5", "24"])
def test_the_correction_form_takes_half_hours_up_to_a_day(world, login, past_activity, hours):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    ask(login(world.volunteer_user), entry, hours)
    assert CorrectionRequest.objects.get().hours == Decimal(hours)


def test_the_service_refuses_hours_outside_half_hour_steps(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    for hours in ("0.25", "24.5", "0", "-2"):
        with pytest.raises(LedgerError, match="为单位"):
            correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal(hours), reason="多算")
    assert not CorrectionRequest.objects.exists()


# --- Defect 5: no hours for a day that has not come ----------------------------------------------------


def test_the_ledger_refuses_a_day_that_has_not_come(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    common = {
        "volunteer": world.volunteer,
        "kind": EntryKind.SERVICE,
        "by": world.team_leader,
        "activity_name": "上门探访",
        "place": "团结社区",
        "content": "陪伴聊天",
        "hours": Decimal("2"),
        "organiser": world.team.name,
        "lead": "吴乌兰",
    }
    with pytest.raises(LedgerError, match="尚未到来"):
        entry_append(on=tomorrow, **common)
    assert not LedgerEntry.objects.exists()
    assert entry_append(on=timezone.localdate(), **common).hours == Decimal("2")


def test_training_of_a_day_to_come_is_not_recorded(world, login):
    from ledger.models import Qualification, TrainingSession

    session = TrainingSession.objects.create(
        title="防走失培训",
        content="认识失智症",
        trainer=world.social_worker,
        organiser=world.team,
        region=world.community,
        on=timezone.localdate() + datetime.timedelta(days=3),
        hours=Decimal("2"),
    )
    session.qualifications.set(Qualification.objects.filter(name="失智照护"))
    url = reverse("ledger:training_detail", args=[session.pk])
    response = login(world.social_worker).post(url, {"numbers": world.volunteer.volunteer_number}, follow=True)
    assert "培训结束后才能记录培训时长" in response.content.decode()
    assert not LedgerEntry.objects.exists() and not world.volunteer.qualifications.exists()
    session.on = timezone.localdate()
    session.save(update_fields=["on"])
    login(world.social_worker).post(url, {"numbers": world.volunteer.volunteer_number})
    assert total_hours(world.volunteer, EntryKind.TRAINING) == Decimal("2")


@pytest.mark.parametrize(("hours", "saved"), [("0.25", False), ("24.5", False), ("0", False), ("2.5", True)])
def test_training_hours_come_in_half_hours(world, login, hours, saved):
    from ledger.models import TrainingSession

    response = login(world.social_worker).post(
        reverse("ledger:training_create"),
        {
            "title": "防走失培训",
            "content": "认识失智症",
            "trainer": world.social_worker.pk,
            "organiser": world.team.pk,
            "region": world.community.pk,
            "on": timezone.localdate().isoformat(),
            "hours": hours,
        },
    )
    assert TrainingSession.objects.exists() == saved
    if not saved:
        assert response.status_code == 200 and "为单位" in response.content.decode()
