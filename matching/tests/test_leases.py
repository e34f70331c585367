"""Runs hold a lease while a worker executes them: a run whose worker died no longer blocks its area, an
expired lease is taken over (or the run fails with its reason after too many attempts), and a queued run
whose message was lost is queued again."""

import datetime

import pytest
from django.utils import timezone

from matching import services
from matching.models import MatchRun, RunStatus


def test_a_run_left_running_by_a_dead_worker_does_not_block_its_area(world, open_need, monday):
    open_need(0)
    stuck = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    # Its worker was killed mid-run an hour ago: the row says "running" and nobody will ever finish it.
    MatchRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    assert run.status == RunStatus.QUEUED
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and stuck.finished_at is not None
    assert f"#{run.pk}" in stuck.error


def test_a_live_run_still_blocks_its_area(world, open_need, monday):
    open_need(0)
    services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    with pytest.raises(services.MatchingError, match="already under way"):
        services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
