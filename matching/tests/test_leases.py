"""Runs hold a lease while a worker executes them: a run whose worker died no longer blocks its area, an
expired lease is taken over (or the run fails with its reason after too many attempts), and a queued run
whose message was lost is queued again."""

import datetime

import pytest
from django.utils import timezone

from matching import execution, leases, services, tasks
from matching.models import MatchRun, RunStatus
from matching.tests.conftest import place_volunteer


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
    with pytest.raises(services.MatchingError, match="该地区已有一批匹配正在进行"):
        services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)


def expire(run, *, seconds_ago: int = 5):
    MatchRun.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now() - datetime.timedelta(seconds=seconds_ago))


def test_an_expired_lease_is_taken_over_and_the_dead_worker_writes_nothing(world, open_need, monday, immediate_huey):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    # (The test's transaction never commits, so its message is not sent.) A consumer takes it and is killed.
    assert leases.run_claim(run.pk, owner="dead-worker") is not None
    assert leases.run_claim(run.pk, owner="another") is None  # a live lease is not taken
    assert not MatchRun.objects.filter(pk=run.pk).exclude(leases.live()).exists()
    expire(run)
    assert leases.runs_to_recover() == [run.pk]

    tasks.runs_recover()  # the periodic task queues it again; another worker takes it over
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.attempts == 2 and run.lease_owner != "dead-worker"
    assert run.proposals.count() == 1

    # The first worker was only slow: when it wakes up, it finds the run taken and stores nothing.
    with pytest.raises(leases.LeaseLost, match="no longer held by dead-worker"):
        leases.lease_renew(run, owner="dead-worker", progress=40)
    assert execution.run_execute(run.pk, owner="dead-worker").proposals.count() == 1


def test_a_run_taken_too_often_fails_with_its_reason_and_frees_its_area(world, open_need, monday, settings):
    settings.MATCHING_RUN_ATTEMPTS = 2
    open_need(0)
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    for attempt in range(2):
        assert leases.run_claim(run.pk, owner=f"worker-{attempt}") is not None
        expire(run)
    assert leases.run_claim(run.pk, owner="worker-3") is None
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "The worker executing it stopped 2 times (last worker-1); not tried again."
    services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)


def test_a_queued_run_whose_message_was_lost_is_queued_again(world, open_need, monday, settings, immediate_huey):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    # The test's transaction never commits, so the message is never sent: as if it were lost.
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    tasks.runs_recover()
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED  # queued only minutes ago: it may still be waiting its turn

    MatchRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=11))
    tasks.runs_recover()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.proposed_count == 1


def test_a_queued_run_blocks_its_area_until_it_is_long_forgotten(world, open_need, monday):
    open_need(0)
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    MatchRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=19))
    with pytest.raises(services.MatchingError, match="该地区已有一批匹配正在进行"):
        services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    MatchRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=21))
    services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
