"""Who is running an import's step (its check or its commit), and whether they still are: the idea of matching's
leases, kept simple. A worker claims the step (`job_claim`: its id in `lease_owner`, `attempts` + 1) and its
progress beats as it moves: on the job's row during the check (`heartbeat_at`), and in the cache during the
commit, whose row changes are invisible until its one transaction ends (as its progress is). A worker that dies
stops beating; once nothing has moved for `IMPORT_STALE_SECONDS`, `imports_recover` (every minute) queues the
step again and the next worker takes it over, or, after `IMPORT_ATTEMPTS` takings, the job fails with its reason
on its page. A worker whose step was taken over writes nothing (`still_ours`), so the commit stays all or
nothing. With several consumer processes the cache must be shared (REDIS_URL), as the commit's progress bar
already needs."""

import datetime
import os
import socket
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from transfer.models import ImportJob, Status

RUNNING = [Status.QUEUED, Status.CHECKING, Status.COMMITTING]


class LeaseLost(Exception):
    """Another worker took the step over: stop without writing anything."""


def worker_id() -> str:
    """Host, process and a fresh token: two executions in one process never share a claim."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _beat_key(job_id: int) -> str:
    return f"transfer:{job_id}:beat"


def beat(job_id: int) -> None:
    """The commit's heartbeat, in the cache (its row is inside the open transaction)."""
    cache.set(_beat_key(job_id), timezone.now().timestamp(), 2 * settings.IMPORT_STALE_SECONDS)


def _cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS)


def _beat_is_recent(job_id: int, cutoff: datetime.datetime) -> bool:
    last = cache.get(_beat_key(job_id))
    return last is not None and last > cutoff.timestamp()


def _stale(job: ImportJob, cutoff: datetime.datetime) -> bool:
    moved = job.heartbeat_at or job.created_at
    return moved < cutoff and not _beat_is_recent(job.pk, cutoff)


def _fail_stopped(job: ImportJob) -> None:
    with override("zh-hans"):
        message = _(
            "The import stopped %(attempts)s times before it finished (the background worker running it was "
            "stopped), so it was not tried again. Nothing was imported: upload the file again."
        ) % {"attempts": job.attempts}
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.FAILED, message=message, finished_at=timezone.now(), lease_owner="", content=b"", table=b""
    )


@transaction.atomic
def job_claim(job_id: int, *, owner: str, force: bool = False) -> bool:
    """Take the job's pending step: one nobody holds, or one whose worker stopped moving (any, with `force`:
    `manage.py import_run`, an operator's decision). False when it is finished, held by a live worker, or has been
    taken too often (then it fails, saying so)."""
    job = ImportJob.objects.select_for_update().defer("content", "table").filter(pk=job_id).first()
    if job is None or job.status not in RUNNING:
        return False
    if job.lease_owner and not force and not _stale(job, _cutoff()):
        return False
    if job.attempts >= settings.IMPORT_ATTEMPTS:
        _fail_stopped(job)
        return False
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(lease_owner=owner, heartbeat_at=now, attempts=F("attempts") + 1)
    return True


def still_ours(job_id: int, *, owner: str) -> bool:
    """Inside the transaction that finishes the step: lock the job and make sure it is still this worker's."""
    return ImportJob.objects.select_for_update().filter(pk=job_id, status__in=RUNNING, lease_owner=owner).exists()


@transaction.atomic
def jobs_to_recover() -> list[tuple[int, str]]:
    """(job, step) of the unfinished jobs whose progress has not moved for `IMPORT_STALE_SECONDS`: a worker that
    died, or a message that was lost. Each is released (its worker, if alive after all, writes nothing) and its
    clock restarted, so it is queued once per period; one taken too often fails instead."""
    cutoff = _cutoff()
    quiet = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    jobs = ImportJob.objects.select_for_update().defer("content", "table").filter(quiet, status__in=RUNNING)
    recovered = []
    for job in jobs:
        if _beat_is_recent(job.pk, cutoff):
            continue
        if job.attempts >= settings.IMPORT_ATTEMPTS:
            _fail_stopped(job)
            continue
        ImportJob.objects.filter(pk=job.pk).update(lease_owner="", heartbeat_at=timezone.now())
        recovered.append((job.pk, "commit" if job.status == Status.COMMITTING else "check"))
    return recovered
