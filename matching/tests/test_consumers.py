"""Real Huey consumers (`manage.py run_huey`, separate processes) on Redis and PostgreSQL: a consumer killed
with SIGKILL in the middle of a run, whose run another consumer takes over when the lease expires; and a city
run shared by two consumers, county by county.

These need a database other processes can open, so they run on PostgreSQL only, and Redis (db 3 of
127.0.0.1:6379 unless QIANNIU_TEST_REDIS_URL says otherwise)."""

import signal
import time

import pytest

from matching import services
from matching.models import MatchRun, RunStatus
from matching.tests.conftest import place_volunteer
from people.models import Role
from qianniu.tests import factories as f
from qianniu.tests.consumers import consumer_env, own_queue, redis_url, started_consumers

REDIS = redis_url(3)
LEASE = 4  # seconds: the consumers' lease, short for the test
PAUSE_MS = 1500  # the consumers sleep this long after each of the four phases, so a run lasts 6 s


@pytest.fixture
def queue(transactional_db):
    """The test's own queue on Redis: what the test queues (run_create's on_commit) goes there, where the
    consumers it starts read it."""
    with own_queue(REDIS) as name:
        yield name


@pytest.fixture
def consumers(queue, tmp_path):
    """Start consumers of the test's queue (one worker each); every one still alive is stopped at the end."""
    env = consumer_env(
        queue, REDIS, QIANNIU_MATCHING_LEASE_SECONDS=str(LEASE), QIANNIU_MATCHING_PHASE_PAUSE_MS=str(PAUSE_MS)
    )
    with started_consumers(tmp_path, env) as start:
        yield start


def wait_for(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


def test_a_consumer_killed_mid_run_is_taken_over_within_the_lease(world, open_need, monday, consumers):
    place_volunteer(world.volunteer, 1)
    need = open_need(0)
    first = consumers()
    run = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)

    def taken():
        row = MatchRun.objects.get(pk=run.pk)
        return row if row.status == RunStatus.RUNNING and row.progress >= 10 else None

    row = wait_for(taken, seconds=60, what="the first consumer takes the run")
    assert row.lease_owner.split(":")[1] == str(first.pid) and row.attempts == 1
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = time.monotonic()
    assert MatchRun.objects.get(pk=run.pk).status == RunStatus.RUNNING  # stuck, as it would be for ever before

    second = consumers(periodic=True)
    wait_for(
        lambda: MatchRun.objects.filter(pk=run.pk, attempts=2).exists(),
        seconds=LEASE + 60 + 15,  # the lease's end, the next minute's recovery, the consumer's start-up
        what="the second consumer takes the run over",
    )
    taken_over = time.monotonic() - killed_at
    # `runs_recover`, every minute on the second consumer, finds the lease expired and queues the run again;
    # the second consumer takes it over and executes it again (4 phases of PAUSE_MS each).
    done = wait_for(
        lambda: MatchRun.objects.filter(pk=run.pk, status=RunStatus.DONE).first(),
        seconds=LEASE + 60 + 4 * PAUSE_MS / 1000 + 20,
        what="the second consumer completes the run",
    )
    took = time.monotonic() - killed_at
    print(f"taken over {taken_over:.1f} s and completed {took:.1f} s after the kill")
    assert done.attempts == 2 and done.lease_owner.split(":")[1] == str(second.pid)
    assert [(p.need_id, p.volunteer_id) for p in done.proposals.all()] == [(need.pk, world.volunteer.pk)]
    assert took < LEASE + 60 + 4 * PAUSE_MS / 1000 + 20

    again = services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)
    wait_for(
        lambda: MatchRun.objects.filter(pk=again.pk, status=RunStatus.DONE).exists(),
        seconds=30,
        what="a new run for the area completes",
    )


def test_a_city_run_is_shared_by_two_consumers_county_by_county(world, open_need, monday, consumers):
    second_county = f.region("150522", "科尔沁左翼后旗", "county", world.county.parent)
    town = f.region("150522100001", "甘旗卡镇社区", "community", second_county)
    city = world.county.parent
    admin = f.UserFactory(name="市管理员")
    f.grant(admin, Role.REGION_ADMIN, region=city)
    place_volunteer(world.volunteer, 1)
    place_volunteer(f.volunteer(name="王五", region=town), 41)
    open_need(0)
    open_need(40, region=town, by=admin)
    workers = [consumers(), consumers()]
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    children = list(run.children.all())
    assert sorted(c.region_id for c in children) == sorted([world.county.pk, second_county.pk])

    done = wait_for(
        lambda: MatchRun.objects.filter(pk=run.pk, status=RunStatus.DONE).first(),
        seconds=60,
        what="the city run completes",
    )
    owners = {c.lease_owner.split(":")[1] for c in MatchRun.objects.filter(parent=run)}
    assert owners == {str(w.pid) for w in workers}  # each consumer took one county
    assert done.proposed_count == 2 and done.progress == 100
