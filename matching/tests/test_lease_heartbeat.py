"""A run's lease is renewed while a long phase works (a heartbeat), a worker whose run was taken over writes
nothing, and a failed run tells whoever started it."""

import threading
import time

import pytest
from django.db import connection

from matching import execution, leases, tasks
from matching.models import MatchRun, RunStatus
from matching.tests.conftest import place_volunteer
from notifications.models import Message, Notification


@pytest.fixture
def slow_phases(settings):
    """Each phase outlives the lease: 3 s of work against a 2 s lease. The worker runs in a thread with its
    own connection, so the database must be one other connections can open (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker thread needs a shared database: run with DATABASE_URL=postgres://…")
    settings.MATCHING_RUN_LEASE_SECONDS = 2
    settings.MATCHING_PHASE_PAUSE_MS = 3000


def started_run(world, monday) -> MatchRun:
    # Created directly: run_create's message would go to a queue nobody reads here.
    return MatchRun.objects.create(region=world.community, starts_on=monday, weeks=1, created_by=world.county_admin)


def in_background(run: MatchRun, owner: str) -> threading.Thread:
    def work():
        try:
            execution.run_execute(run.pk, owner=owner)
        finally:
            connection.close()  # the thread's own

    worker = threading.Thread(target=work)
    worker.start()
    return worker


@pytest.mark.django_db(transaction=True)
def test_a_phase_longer_than_the_lease_keeps_its_run(world, open_need, monday, slow_phases):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    run = started_run(world, monday)
    assert leases.run_claim(run.pk, owner="first") is not None
    worker = in_background(run, "first")
    time.sleep(2.6)  # inside the first phase, past the lease it was renewed with
    assert leases.run_claim(run.pk, owner="second") is None  # still held: the heartbeat renewed it
    worker.join()
    run.refresh_from_db()
    assert (run.status, run.lease_owner, run.attempts) == (RunStatus.DONE, "first", 1)
    assert run.proposals.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_run_was_taken_over_mid_phase_writes_nothing(world, open_need, monday, slow_phases):
    place_volunteer(world.volunteer, 1)
    open_need(0)
    run = started_run(world, monday)
    assert leases.run_claim(run.pk, owner="first") is not None
    worker = in_background(run, "first")
    time.sleep(1)
    # Another consumer took the run over (as after a pause of the first one's machine longer than the lease).
    MatchRun.objects.filter(pk=run.pk).update(lease_owner="second")
    time.sleep(1)
    run.refresh_from_db()
    assert run.lease_owner == "second"  # the first's heartbeat renews only its own lease, never this one
    worker.join()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.proposals.count() == 0  # the first stopped, writing nothing
    assert execution.run_execute(run.pk, owner="second").status == RunStatus.DONE
    assert run.proposals.count() == 1


def test_a_failed_county_run_tells_its_starter(world, open_need, monday):
    run = started_run(world, monday)
    assert leases.run_claim(run.pk, owner="first") is not None
    assert not Notification.objects.filter(person=world.county_admin).exists()
    assert leases.run_fail(run_id=run.pk, reason="ValueError: broken", owner="first")
    [notice] = Notification.objects.filter(person=world.county_admin)
    assert notice.kind == "matching_failed" and f"#{run.pk}" in notice.title and "失败" in notice.title
    assert notice.url == run.get_absolute_url()
    # The messages are the run's community's (its admin's own area is the county): its admins see them.
    messages = Message.objects.filter(event_key=f"matching:{run.pk}:failed")
    assert messages.exists() and set(messages.values_list("region_path", flat=True)) == {world.community.path}


def test_only_the_periodic_recovery_requeues_runs():
    """`run_watch` did what `runs_recover` does every minute; one of them is kept."""
    assert not hasattr(tasks, "run_watch") and hasattr(tasks, "runs_recover")


@pytest.mark.django_db(transaction=True)
def test_a_run_past_its_longest_time_fails_and_tells_its_starter(world, open_need, monday, slow_phases, settings):
    """The heartbeat keeps a live worker's run for ever; past QIANNIU_MATCHING_RUN_MAX_SECONDS it fails it, even
    in the middle of a phase, and the worker stops without writing."""
    settings.MATCHING_RUN_MAX_SECONDS = 2
    place_volunteer(world.volunteer, 1)
    open_need(0)
    run = started_run(world, monday)
    assert leases.run_claim(run.pk, owner="first") is not None
    worker = in_background(run, "first")
    time.sleep(2.6)  # inside the first phase (3 s), past the longest time
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "2" in run.error
    [notice] = Notification.objects.filter(person=world.county_admin)
    assert notice.kind == "matching_failed" and f"#{run.pk}" in notice.title
    worker.join()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.proposals.count() == 0
    assert leases.run_claim(run.pk, owner="second") is None  # a failed run is not taken again
