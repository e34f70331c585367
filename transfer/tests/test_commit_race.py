"""The commit task run twice at once (a retry, a second worker) writes the job's rows once: the second run waits
for the first's lock on the job, then finds it no longer committing."""

import threading

import pytest
from django.db import connection, connections

from resources.models import Resource
from transfer.models import Mode, Status
from transfer.run import job_check, job_commit
from transfer.services import import_job_commit, import_job_create
from transfer.tests.conftest import xlsx
from transfer.tests.test_kinds import RESOURCE_HEADER

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite locks the file"),
]


def test_a_job_committed_twice_at_once_creates_its_resources_once(world):
    rows = [RESOURCE_HEADER] + [
        [f"资源{n}", "义诊", "科左中旗民政局", "团结社区", "20", "人次", "每月"] for n in range(200)
    ]
    job = import_job_create(by=world.county_admin, region=world.county, kind="resources", filename="r.xlsx",
                            content=xlsx(rows))  # fmt: skip
    job_check(job.pk)
    job.refresh_from_db()
    import_job_commit(job=job, by=world.county_admin, mode=Mode.ALL_OR_NOTHING)
    barrier, errors = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait(10)
            job_commit(job.pk)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    job.refresh_from_db()
    assert errors == [] and job.status == Status.DONE and job.created_count == 200
    assert Resource.objects.count() == 200
