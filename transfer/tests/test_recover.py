"""A worker killed in the middle of an import: its job does not stay "being imported" for ever. The periodic
`imports_recover` queues the step again once its progress has stopped moving, the next worker completes it
(all or nothing still), and after IMPORT_ATTEMPTS takings the job fails with its reason on its page."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from people.models import Volunteer
from transfer import leases, tasks
from transfer.models import ImportJob, Mode, Status
from transfer.run import commit_execute, job_check
from transfer.services import import_job_commit, import_job_create
from transfer.tests.conftest import HEADER, good_rows, roster_row, xlsx


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def killed_half_way(world, rows, *, mode=Mode.ALL_OR_NOTHING, attempts=1, quiet_minutes=20) -> ImportJob:
    """A checked job whose commit a worker claimed and died in: its transaction rolled back, so the database holds
    nothing of it, the job says "being imported", and its progress stopped moving `quiet_minutes` ago."""
    job = import_job_create(
        by=world.county_admin, region=world.county, kind="volunteers", filename="roster.xlsx", content=xlsx(rows)
    )
    job_check(job.pk)
    job.refresh_from_db()
    import_job_commit(job=job, by=world.county_admin, mode=mode)
    then = timezone.now() - datetime.timedelta(minutes=quiet_minutes)
    dead = "dead-host:4242:0badc0de"
    ImportJob.objects.filter(pk=job.pk).update(lease_owner=dead, attempts=attempts, heartbeat_at=then)
    return ImportJob.objects.get(pk=job.pk)


def imported():
    return Volunteer.objects.filter(user__name__startswith="志愿者")


def test_a_commit_whose_worker_died_is_queued_again_and_completes(world, immediate_huey):
    job = killed_half_way(world, [HEADER, *good_rows(12)])
    tasks.imports_recover()  # the periodic task; Huey is immediate, so the queued commit runs now
    job.refresh_from_db()
    assert job.status == Status.DONE and job.created_count == 12
    assert job.attempts == 2 and job.lease_owner != "dead-host:4242:0badc0de"
    assert imported().count() == 12


def test_all_or_nothing_still_holds_when_the_recovered_commit_finds_bad_rows(world, immediate_huey):
    rows = [HEADER, *good_rows(6), roster_row("错类别", phone="13800000005", kind="宇航员")]
    job = killed_half_way(world, rows)
    tasks.imports_recover()
    job.refresh_from_db()
    assert job.status == Status.CHECKED and "没有导入任何行" in job.message
    assert imported().count() == 0


def test_a_job_taken_too_often_fails_with_its_reason_and_its_page_stops_polling(world, login, immediate_huey):
    job = killed_half_way(world, [HEADER, *good_rows(3)], attempts=3)
    tasks.imports_recover()
    job.refresh_from_db()
    assert job.status == Status.FAILED and not job.running
    assert "中断了 3 次" in job.message and "没有导入任何数据" in job.message
    assert imported().count() == 0 and bytes(job.content) == b""  # a failed job keeps no copy of the file
    page = login(world.county_admin).get(reverse("transfer:detail", args=[job.pk])).content.decode()
    assert "中断了 3 次" in page and "hx-get" not in page


def test_a_live_worker_is_left_alone(world, immediate_huey):
    job = killed_half_way(world, [HEADER, *good_rows(3)], quiet_minutes=2)  # moved two minutes ago
    tasks.imports_recover()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.COMMITTING, 1)
    # a commit moves in the cache (its row is inside its transaction): a recent beat there keeps it too
    job = killed_half_way(world, [HEADER, *good_rows(3, start=10)])
    leases.beat(job.pk)
    tasks.imports_recover()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.COMMITTING, 1)
    assert imported().count() == 0


def test_a_check_whose_worker_died_is_checked_again(world, immediate_huey):
    job = import_job_create(
        by=world.county_admin, region=world.county, kind="volunteers", filename="r.xlsx",
        content=xlsx([HEADER, *good_rows(4)]),
    )  # fmt: skip
    then = timezone.now() - datetime.timedelta(minutes=20)
    dead = {"status": Status.CHECKING, "lease_owner": "dead", "attempts": 1, "heartbeat_at": then}
    ImportJob.objects.filter(pk=job.pk).update(**dead)
    tasks.imports_recover()
    job.refresh_from_db()
    assert job.status == Status.CHECKED and job.total_rows == 4


def test_a_worker_whose_commit_was_taken_over_writes_nothing(world):
    job = killed_half_way(world, [HEADER, *good_rows(5)])
    assert leases.job_claim(job.pk, owner="first")  # the dead worker's step, taken
    assert leases.job_claim(job.pk, owner="second", force=True)  # and taken over (manage.py import_run)
    commit_execute(job.pk, owner="first")
    job.refresh_from_db()
    assert (job.status, job.lease_owner) == (Status.COMMITTING, "second") and imported().count() == 0
    commit_execute(job.pk, owner="second")
    job.refresh_from_db()
    assert job.status == Status.DONE and imported().count() == 5
