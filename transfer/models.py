"""Import jobs: one uploaded table, its check, and its commit, kept as a row so the page survives a reload and
a worker that dies leaves a job that can run again."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class Kind(models.TextChoices):
    VOLUNTEERS = "volunteers", _("volunteers")
    NATIONAL_ROSTER = "national", _("volunteers (national system roster export)")
    RECIPIENTS = "recipients", _("recipients")
    TEAMS = "teams", _("teams and their members")
    RESOURCES = "resources", _("resources")
    ATTENDANCE = "attendance", _("activity attendance")


class Status(models.TextChoices):
    QUEUED = "queued", _("waiting to be checked")
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked, waiting for your decision")
    COMMITTING = "committing", _("being imported")
    DONE = "done", _("imported")
    FAILED = "failed", _("refused")


class Mode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("all rows or none")
    VALID_ONLY = "valid", _("the valid rows only")


class ImportJobQuerySet(ScopedQuerySet):
    scope_rule = "import_job"


class ImportJob(models.Model):
    """An uploaded table of one kind, imported into `region` (the importer's area) in two steps: a check that
    lists every problem by row, column, value and reason, then a commit in one transaction."""

    kind = models.CharField(_("what is imported"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    table = models.BinaryField(editable=False, default=b"")  # the file as read by the check, for the commit
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    mode = models.CharField(_("commit"), max_length=6, choices=Mode.choices, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    rejected_rows = models.JSONField(default=list, blank=True, editable=False)
    ignored_columns = models.JSONField(default=list, blank=True, editable=False)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    # who runs the current step (check or commit), when its progress last moved, and how often it was taken
    # (transfer/leases.py): a worker that dies stops moving, and `imports_recover` queues the step again
    lease_owner = models.CharField(max_length=80, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.filename}"

    def get_absolute_url(self):
        return reverse("transfer:detail", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.status in {Status.QUEUED, Status.CHECKING, Status.COMMITTING}

    @property
    def percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0

    @property
    def bad_rows(self) -> int:
        return len({problem["row"] for problem in self.problems})
