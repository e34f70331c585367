"""Run an import's pending step in this process: its check, or its commit, taken over from whoever holds it. For
a worker that died half way (the commit left nothing and the job still says "being imported") without waiting
for `imports_recover`, and for the benchmark."""

from django.core.management.base import BaseCommand

from transfer.models import ImportJob, Status
from transfer.run import job_check, job_commit


class Command(BaseCommand):
    help = "Run the pending step (check or commit) of an import job."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, job_id, **options):
        job = ImportJob.objects.defer("content").get(pk=job_id)
        if job.status in {Status.QUEUED, Status.CHECKING}:
            job_check(job_id, force=True)
        elif job.status == Status.COMMITTING:
            job_commit(job_id, force=True)
        job.refresh_from_db()
        self.stdout.write(f"{job.status}: {job.message}")
