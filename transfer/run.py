"""The two steps of an import, run by the background queue (transfer.tasks) or by `manage.py import_run`.

The check reads the file and lists every problem, saving its progress on the job as it goes. The commit reads
and checks the file again (what the database holds may have changed since) and writes in ONE transaction,
with the job's new status in it: a worker killed half way leaves no row of the import and the job still
"being imported", so running it again starts over and completes. Its progress goes to the cache, because
rows written inside an open transaction are not seen by the page that polls.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from transfer import leases
from transfer.files import Formula, Unreadable, pack, read_table, unpack
from transfer.kinds import IMPORTS
from transfer.kinds.common import Problems, match_header
from transfer.models import ImportJob, Mode, Status

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2000
MAX_PROBLEMS_KEPT = 20_000


class Refused(ValueError):
    """The file as a whole cannot be imported; the message says why."""


def file_message(error: Unreadable) -> str:
    messages = {
        "too_large": _("The file is larger than %(limit_mb)s MB. Split it into several files and import each."),
        "zip_bomb": _("The file unpacks to far more than a workbook of this size holds, so it was not opened."),
        "not_a_table": _(
            "This is not an .xlsx, .xls or .csv table, or it is damaged. Save it again from Excel or WPS and retry."
        ),
        "damaged": _(
            "The file is damaged: the rows or cells near row %(row)s are out of place. Save it again from Excel or "
            "WPS and retry."
        ),
        "too_many_rows": _("The file has more than %(limit)s rows. Split it into several files and import each."),
        "no_header": _("The file is empty: no header row was found."),
        "encoding": _("The .csv file is neither UTF-8 nor GB18030. Save it again as “CSV UTF-8” and retry."),
    }
    return messages[error.code] % error.params


def progress_key(job_id: int) -> str:
    return f"transfer:{job_id}:done"


def evaluate(job: ImportJob, progress) -> tuple:
    """(importer, valid records, problems, header, rejected rows) of the job's file as the database stands."""
    if job.table:
        table = unpack(bytes(job.table))
    else:
        try:
            table = read_table(bytes(job.content), job.filename)
        except Unreadable as error:
            raise Refused(file_message(error)) from None
        job.table = pack(table)
    # at the commit, the committer's scope as it stands now decides, not the uploader's at the check
    by = job.committed_by if job.status == Status.COMMITTING else job.created_by
    importer = IMPORTS[job.kind](area=job.region, by=by)
    positions, missing, ignored = match_header(table.header, importer.columns)
    if missing:
        raise Refused(
            _("Columns missing: %(columns)s. Download the template to see the columns it takes.")
            % {"columns": "、".join(missing)}
        )
    job.ignored_columns = ignored
    job.total_rows = len(table.rows)
    headers = {column.key: column.header for column in importer.columns}
    problems, records = Problems(), []
    for index, (number, cells) in enumerate(table.rows):
        values = {key: (cells[position] if position < len(cells) else "") for key, position in positions.items()}
        formulas = [key for key, value in values.items() if isinstance(value, Formula)]
        for key in formulas:
            problems.add(
                number, headers[key], values[key],
                _("The cell holds a formula; formulas are never run. Paste its value instead."),
            )  # fmt: skip
        if not formulas:
            record = importer.read_row(number, values, problems)
            if record is not None:
                records.append(record)
        if index % PROGRESS_EVERY == 0:
            progress(index)
    records = importer.look_up(records, problems)
    width = len(table.header)
    rejected = [
        [number, *[str(cell) for cell in cells[:width]], *[""] * (width - len(cells))]
        for number, cells in table.rows
        if number in problems.rows
    ]
    return importer, records, problems, table.header, rejected


def _save_problems(job: ImportJob, problems: Problems, header: list[str], rejected: list) -> None:
    job.problems = sorted(problems.items, key=lambda p: p["row"])[:MAX_PROBLEMS_KEPT]
    job.rejected_rows = [["行号", *header], *rejected] if rejected else []


def _save(job: ImportJob) -> None:
    """Every field but the uploaded file, which never changes."""
    job.save(update_fields=[f.name for f in ImportJob._meta.concrete_fields if f.name not in {"id", "content"}])


def _forget_file(job: ImportJob) -> None:
    """A job that is done or failed keeps no copy of the file (its ID and mobile numbers): the importer has it."""
    job.content = job.table = b""
    ImportJob.objects.filter(pk=job.pk).update(content=b"", table=b"")


def job_check(job_id: int, *, force: bool = False) -> None:
    """Claim the job's check (`force`: take it over from whoever holds it) and run it."""
    owner = leases.worker_id()
    if leases.job_claim(job_id, owner=owner, force=force):
        check_execute(job_id, owner=owner)


def _finish(job: ImportJob, owner: str) -> bool:
    """Save the job's outcome, only while the step is still this worker's."""
    with transaction.atomic():
        if not leases.still_ours(job.pk, owner=owner):
            return False
        _save(job)
    return True


def check_execute(job_id: int, *, owner: str) -> None:
    job = ImportJob.objects.select_related("region", "created_by").get(pk=job_id)
    if job.status not in {Status.QUEUED, Status.CHECKING}:
        return
    with override("zh-hans"):
        job.status = Status.CHECKING
        ImportJob.objects.filter(pk=job.pk, lease_owner=owner).update(status=Status.CHECKING)

        def progress(done):
            ImportJob.objects.filter(pk=job.pk, lease_owner=owner).update(
                done_rows=done, total_rows=job.total_rows, heartbeat_at=timezone.now()
            )

        try:
            _importer, records, problems, header, rejected = evaluate(job, progress)
        except Refused as refusal:
            job.status, job.message, job.finished_at = Status.FAILED, str(refusal), timezone.now()
            if _finish(job, owner):
                _forget_file(job)
            return
        _save_problems(job, problems, header, rejected)
        job.done_rows = job.total_rows
        job.status = Status.CHECKED
        job.message = _("%(valid)s rows can be imported, %(bad)s rows have problems.") % {
            "valid": len(records),
            "bad": len(problems.rows),
        }
        _finish(job, owner)


def job_commit(job_id: int, *, force: bool = False) -> None:
    """Claim the job's commit (`force`: take it over from whoever holds it) and run it."""
    owner = leases.worker_id()
    if leases.job_claim(job_id, owner=owner, force=force):
        commit_execute(job_id, owner=owner)


def commit_execute(job_id: int, *, owner: str) -> None:
    job = ImportJob.objects.select_related("region", "created_by", "committed_by").get(pk=job_id)
    if job.status != Status.COMMITTING or job.committed_by is None:
        return
    with override("zh-hans"):

        def progress(done):
            cache.set(progress_key(job.pk), done, 3600)
            leases.beat(job.pk)

        try:
            with transaction.atomic():
                # the task run twice at once (a retry, a second worker): the second waits here, then finds the
                # job no longer committing and writes nothing
                if not ImportJob.objects.select_for_update().filter(pk=job.pk, status=Status.COMMITTING).exists():
                    return
                importer, records, problems, header, rejected = evaluate(job, lambda done: progress(done // 2))
                _save_problems(job, problems, header, rejected)
                if problems.items and job.mode == Mode.ALL_OR_NOTHING:
                    raise Refused(
                        _("Nothing was imported: %(bad)s rows have problems. Fix them, or import the valid rows only.")
                        % {"bad": len(problems.rows)}
                    )
                half = job.total_rows // 2
                created, updated, unchanged = importer.write(
                    records, lambda done: progress(half + done * (job.total_rows - half) // max(len(records), 1))
                )
                job.created_count, job.updated_count, job.unchanged_count = created, updated, unchanged
                job.status, job.finished_at = Status.DONE, timezone.now()
                job.done_rows = job.total_rows
                job.message = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
                    "created": created,
                    "updated": updated,
                    "unchanged": unchanged,
                }
                if not leases.still_ours(job.pk, owner=owner):
                    raise leases.LeaseLost(f"import job {job.pk} is no longer held by {owner}")
                _save(job)
                _forget_file(job)
        except leases.LeaseLost:  # taken over by another worker: this one rolled back and leaves the job to it
            log.warning("import job %s was taken over; %s wrote nothing", job.pk, owner)
        except Refused as refusal:
            job.status = Status.CHECKED if job.problems else Status.FAILED
            job.message, job.finished_at = str(refusal), timezone.now()
            _finish(job, owner)
        except Exception:  # a refusal the check did not foresee: the job says so instead of importing for ever
            log.exception("import job %s failed", job.pk)
            job.status, job.finished_at = Status.FAILED, timezone.now()
            job.message = _("The import failed and wrote nothing. Check the file, or tell the administrators.")
            _finish(job, owner)
        finally:
            cache.delete(progress_key(job.pk))
