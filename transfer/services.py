"""State changes of imports: a file uploaded for checking, and the importer's decision to commit it. Both queue
the work in the background; the job row itself is the record of who imported what, when, and with what
result."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import scope_of
from people.models import User
from regions.models import Region
from transfer.models import ImportJob, Mode, Status
from transfer.tasks import import_check, import_commit


class TransferError(ValueError):
    """A step the job's state does not allow; the message says why."""


def _require_area(by: User, region: Region) -> None:
    scope = scope_of(by)
    if not (scope.everything or any(region.path.startswith(path) for path in scope.staff_paths)):
        raise TransferError(_("You can import only into an area you work in."))


@transaction.atomic
def import_job_create(*, by: User, region: Region, kind: str, filename: str, content: bytes) -> ImportJob:
    """The importer's area is a region they work in: everything the file creates lands inside it."""
    _require_area(by, region)
    job = ImportJob.objects.create(created_by=by, region=region, kind=kind, filename=filename[:200], content=content)
    transaction.on_commit(lambda: import_check(job.pk))
    return job


@transaction.atomic
def import_job_commit(*, job: ImportJob, by: User, mode: str) -> ImportJob:
    """Only the uploader commits, and only while the area is still theirs; the background commit checks every
    row against the committer's scope again as it then stands, and records who committed."""
    job = ImportJob.objects.select_for_update().select_related("region").get(pk=job.pk)
    if job.created_by_id != by.pk:
        raise TransferError(_("Only the person who uploaded this file can import it."))
    _require_area(by, job.region)
    if job.status != Status.CHECKED:
        raise TransferError(_("This import is not waiting for a decision."))
    if mode not in Mode.values:
        raise TransferError(_("Choose how to import."))
    job.mode, job.status, job.done_rows, job.committed_by = mode, Status.COMMITTING, 0, by
    job.message = ""
    job.lease_owner, job.attempts, job.heartbeat_at = "", 0, timezone.now()  # a new step, nobody runs it yet
    fields = ["mode", "status", "done_rows", "message", "committed_by", "lease_owner", "attempts", "heartbeat_at"]
    job.save(update_fields=fields)
    transaction.on_commit(lambda: import_commit(job.pk))
    return job
