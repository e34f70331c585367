"""Who is executing a run. A worker takes a run with a lease (its id, until when) and renews it between phases
and, from a background thread, during them (`Heartbeat`);
a worker that dies stops renewing, and once the lease has expired another consumer takes the run over, or the
run fails with its reason after `MATCHING_RUN_ATTEMPTS` takings. A queued run whose message was lost is queued
again. Only a run with a live lease, or queued recently, keeps another run of its area from starting.

A parent run (a city or the province, fanned out per county) holds no lease: its children do, and the last
child to finish finishes it (`parent_update`)."""

import datetime
import logging
import os
import socket
import threading
import time
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from matching import notify
from matching.models import MatchRun, RunStatus

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker took the run over (this one was too slow to renew): stop without writing anything."""


class RunTooLong(LeaseLost):
    """The run has worked longer than `MATCHING_RUN_MAX_SECONDS`: it has failed, saying so; stop without writing."""


def worker_id() -> str:
    """Host, process and a fresh token: two executions in one process never share a lease."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=settings.MATCHING_RUN_LEASE_SECONDS)


def _has_children():
    return Exists(MatchRun.objects.filter(parent=OuterRef("pk")))


def live() -> Q:
    """Runs some worker is executing now, or queued recently enough that a worker will take them (a queued
    run is queued again every `MATCHING_RUN_REQUEUE_SECONDS` while a consumer is alive)."""
    now = timezone.now()
    recent = now - datetime.timedelta(seconds=2 * settings.MATCHING_RUN_REQUEUE_SECONDS)
    return Q(status=RunStatus.RUNNING, lease_expires_at__gt=now) | Q(status=RunStatus.QUEUED, queued_at__gt=recent)


def dead(runs):
    """Unfinished runs nobody is executing or will execute: their worker died and nothing took them over.
    Parents are left out; they finish with their children."""
    unfinished = runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    return unfinished.exclude(live()).exclude(_has_children())


@transaction.atomic
def run_claim(run_id: int, *, owner: str) -> MatchRun | None:
    """Take a queued run, or one whose lease has expired. None when it is finished, executed by a live worker,
    a parent, or has been taken too often (then it fails, saying so)."""
    run = MatchRun.objects.select_for_update().select_related("region").filter(pk=run_id).first()
    if run is None or run.finished or run.children.exists():
        return None
    if run.status == RunStatus.RUNNING and run.lease_expires_at and run.lease_expires_at > timezone.now():
        return None
    if run.attempts >= settings.MATCHING_RUN_ATTEMPTS:
        run_fail(
            run_id=run.pk,
            reason=f"The worker executing it stopped {run.attempts} times (last {run.lease_owner}); not tried again.",
        )
        return None
    run.status, run.lease_owner, run.lease_expires_at = RunStatus.RUNNING, owner, _lease_end()
    run.attempts += 1
    run.save(update_fields=["status", "lease_owner", "lease_expires_at", "attempts"])
    return run


def lease_renew(run: MatchRun, *, owner: str, **fields):
    """Renew the lease, saving `fields` (the progress) with it; LeaseLost when the run is no longer ours."""
    renewed = MatchRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, lease_owner=owner).update(
        lease_expires_at=_lease_end(), **fields
    )
    if not renewed:
        raise LeaseLost(f"run {run.pk} is no longer held by {owner}")


class Heartbeat:
    """Renews the lease from a background thread, every third of its length, while the phases work: a solve
    or a load longer than the lease no longer lets another consumer take the run from a live worker. It
    renews only while `owner` holds the lease (the token fences it like every other write); once the run has
    been taken over, `lost` is set and the worker stops at its next step without writing.

    A live worker's run is thus kept for as long as it works: past `MATCHING_RUN_MAX_SECONDS` of this execution
    the heartbeat fails the run, which tells its starter (run_fail), even in the middle of a phase; the worker
    stops at its next step."""

    def __init__(self, run_id: int, *, owner: str, every: float | None = None):
        self.run_id, self.owner = run_id, owner
        self.every = every if every is not None else settings.MATCHING_RUN_LEASE_SECONDS / 3
        self.longest = settings.MATCHING_RUN_MAX_SECONDS
        self.deadline = time.monotonic() + self.longest
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{run_id}", daemon=True)

    def _too_long(self) -> bool:
        return time.monotonic() >= self.deadline

    def _fail_too_long(self):
        run_fail(
            run_id=self.run_id,
            reason=f"It worked longer than {self.longest} seconds (QIANNIU_MATCHING_RUN_MAX_SECONDS); stopped.",
            owner=self.owner,
        )

    def _beat(self):
        try:
            while not self._stop.wait(max(0.0, min(self.every, self.deadline - time.monotonic()))):
                if self._too_long():
                    self.lost = True
                    self._fail_too_long()
                    return
                renewed = MatchRun.objects.filter(
                    pk=self.run_id, status=RunStatus.RUNNING, lease_owner=self.owner
                ).update(lease_expires_at=_lease_end())
                if not renewed:
                    self.lost = True
                    return
        except Exception:  # the worker's own renewals still decide; a failed beat is only logged
            log.exception("lease heartbeat of run %s failed", self.run_id)
        finally:
            connection.close()  # the thread's own connection

    def check(self):
        if self._too_long():
            self._fail_too_long()  # once: a run failed already (by the thread) is not failed again
            raise RunTooLong(f"run {self.run_id} worked longer than {self.longest} seconds")
        if self.lost:
            raise LeaseLost(f"run {self.run_id} is no longer held by {self.owner}")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def lease_check(run: MatchRun, *, owner: str):
    """Inside the transaction that stores the results: lock the run and make sure it is still ours."""
    if not MatchRun.objects.select_for_update().filter(pk=run.pk, status=RunStatus.RUNNING, lease_owner=owner).exists():
        raise LeaseLost(f"run {run.pk} is no longer held by {owner}")


@transaction.atomic
def run_fail(*, run_id: int, reason: str, owner: str | None = None) -> bool:
    """Fail an unfinished run with its reason (only while `owner` holds it, when given), then its parent's turn."""
    runs = MatchRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    if owner is not None:
        runs = runs.filter(lease_owner=owner)
    failed = runs.update(status=RunStatus.FAILED, error=reason, finished_at=timezone.now(), lease_expires_at=None)
    if failed:
        run = MatchRun.objects.get(pk=run_id)
        if run.parent_id is None:  # a city run tells its starter once, when its last county has finished
            notify.run_failed(run)
        parent_update(run.parent_id)
    return bool(failed)


def parent_update(parent_id: int | None):
    """After a child finished: the parent's progress is the share of its counties done; when every child has
    finished, it is done (failed when one failed, naming the counties) with the children's totals."""
    if parent_id is None:
        return
    parent = MatchRun.objects.select_for_update().get(pk=parent_id)
    children = MatchRun.objects.filter(parent=parent)
    total = children.count()
    finished = children.filter(status__in=[RunStatus.DONE, RunStatus.FAILED])
    parent.progress = round(100 * finished.count() / total) if total else 100
    fields = ["progress"]
    if finished.count() == total and not parent.finished:
        sums = children.aggregate(
            needs=Sum("needs_count"),
            proposed=Sum("proposed_count"),
            unserved=Sum("unserved_count"),
            volunteers=Sum("volunteers_count"),
        )
        parent.needs_count, parent.proposed_count = sums["needs"] or 0, sums["proposed"] or 0
        parent.unserved_count, parent.volunteers_count = sums["unserved"] or 0, sums["volunteers"] or 0
        failed = list(children.filter(status=RunStatus.FAILED).values_list("region__name", flat=True))
        parent.status = RunStatus.FAILED if failed else RunStatus.DONE
        parent.error = f"Failed in: {', '.join(failed)}" if failed else ""
        parent.finished_at = timezone.now()
        first = children.order_by("created_at").values_list("created_at", flat=True).first()
        parent.timings = {"total": round((parent.finished_at - first).total_seconds(), 3)} if first else {}
        fields += [
            "status",
            "error",
            "finished_at",
            "timings",
            "needs_count",
            "proposed_count",
            "unserved_count",
            "volunteers_count",
        ]
    parent.save(update_fields=fields)
    if parent.finished:
        (notify.run_failed if parent.status == RunStatus.FAILED else notify.run_finished)(parent)


@transaction.atomic
def runs_to_recover() -> list[int]:
    """Runs to queue again: those whose lease has expired (their worker died) and those queued for longer than
    `MATCHING_RUN_REQUEUE_SECONDS` (their message may be lost; a duplicate message finds the run taken and
    does nothing). Their queued time is renewed."""
    now = timezone.now()
    expired = Q(status=RunStatus.RUNNING) & (Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True))
    waited = datetime.timedelta(seconds=settings.MATCHING_RUN_REQUEUE_SECONDS)
    stale = Q(status=RunStatus.QUEUED, queued_at__lt=now - waited)
    runs = MatchRun.objects.filter(expired | stale).exclude(_has_children())
    ids = list(runs.values_list("pk", flat=True))
    MatchRun.objects.filter(pk__in=ids, status=RunStatus.QUEUED).update(queued_at=now)
    return ids
