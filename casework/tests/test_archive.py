"""Closed cases leave the working lists after the retention period and are read only in the archive."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.models import Case
from people.models import AccessLog
from qianniu.tests import factories as f


def closed(world, recipient, *, days_ago: int) -> Case:
    case = services.case_open(recipient=recipient, by=world.social_worker, presenting_problem="独居老人")
    Case.objects.filter(pk=case.pk).update(
        status="closed", close_reason="goals_met", closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return case


@pytest.fixture
def cases(world, settings):
    settings.CASE_RETENTION_DAYS = 3 * 365
    old = closed(world, world.recipient, days_ago=4 * 365)
    other = f.recipient(name="王秀英", region=world.community)
    recent = closed(world, other, days_ago=30)
    return old, recent


def test_an_old_closed_case_leaves_the_lists_and_a_recent_one_stays(world, login, cases, supervisor):
    old, recent = cases
    for user in (world.social_worker, supervisor):
        page = login(user).get(reverse("casework:list")).content.decode()
        assert f"#{recent.pk} " in page and f"#{old.pk} " not in page
        assert login(user).get(reverse("casework:detail", args=[old.pk])).status_code == 404
        assert login(user).get(reverse("casework:detail", args=[recent.pk])).status_code == 200
    response = login(world.social_worker).post(
        reverse("casework:step", args=[old.pk, "reopen"]), {"reason": "再次独居"}
    )
    assert response.status_code == 404 and Case.objects.get(pk=old.pk).status == "closed"


def test_the_supervisor_reads_an_archived_case_and_the_read_is_logged(world, login, cases, supervisor):
    old, recent = cases
    client = login(supervisor)
    archive = client.get(reverse("casework:archive")).content.decode()
    assert f"#{old.pk} " in archive and f"#{recent.pk} " not in archive
    before = AccessLog.objects.filter(subject_type="case", subject_id=old.pk).count()
    page = client.get(reverse("casework:archive_detail", args=[old.pk]))
    assert page.status_code == 200 and 'data-testid="archived"' in page.content.decode()
    assert AccessLog.objects.filter(subject_type="case", subject_id=old.pk, user=supervisor).count() == before + 1
    assert client.get(reverse("casework:archive_detail", args=[recent.pk])).status_code == 404


def test_nobody_but_the_areas_supervisors_reads_the_archive(world, login, cases):
    old, _recent = cases
    for user in (world.social_worker, world.county_admin, world.outsider, world.other_social_worker):
        assert login(user).get(reverse("casework:archive_detail", args=[old.pk])).status_code == 404
        assert login(user).get(reverse("casework:archive")).status_code == 404


def test_the_retention_period_comes_from_the_settings(world, login, cases, supervisor, settings):
    old, recent = cases
    settings.CASE_RETENTION_DAYS = 10
    archive = login(supervisor).get(reverse("casework:archive")).content.decode()
    assert f"#{old.pk} " in archive and f"#{recent.pk} " in archive
