"""Import pages: upload, the check with every problem, the decision, the progress, the rejected rows. For the
region admins and social workers of the area (404 elsewhere)."""

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scope_of, scoped
from core.export import export_format, export_response
from core.forms import errors_as_messages
from core.paging import keyset_page
from transfer import services
from transfer.exports import IMPORT_COLUMNS
from transfer.forms import CommitForm, UploadForm
from transfer.kinds import IMPORTS
from transfer.kinds.common import masker
from transfer.models import ImportJob, Kind, Status
from transfer.run import progress_key
from transfer.workbooks import rejected_bytes, template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_SHOWN = 500


def _staff_only(request):
    scope = scope_of(request.user)
    if not (scope.everything or scope.staff_paths):
        raise Http404


def _job(request, pk) -> ImportJob:
    _staff_only(request)
    return get_for_user(
        ImportJob.objects.select_related("region", "created_by", "committed_by").defer("content"), request.user, pk
    )


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "no-store"
    return response


@scoped("import_job")
def import_list(request):
    _staff_only(request)
    jobs = ImportJob.objects.visible_to(request.user).defer("content", "problems", "rejected_rows")
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        jobs = jobs.filter(kind=kind)
    if export_format(request):
        rows = jobs.select_related("region", "created_by").order_by("-pk")
        return export_response(request, rows, IMPORT_COLUMNS, _("Imports"))
    context = {"page": keyset_page(jobs, request), "kinds": Kind.choices, "kind": kind}
    return render(request, "transfer/import_list.html", context)


@scoped("import_job")
def import_new(request):
    _staff_only(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                by=request.user,
                region=form.cleaned_data["region"],
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
            )
        except services.TransferError as error:
            messages.error(request, str(error))
        else:
            return redirect(job)
    return render(request, "transfer/import_new.html", {"form": form})


@scoped("import_job")
def import_template(request, kind):
    _staff_only(request)
    if kind not in IMPORTS:
        raise Http404
    return _download(template_bytes(IMPORTS[kind].columns), f"{kind}-template.xlsx")


def _masks(request, job: ImportJob) -> dict:
    """Numbers in full for the region admins of the job's area (who may change its people), masked otherwise."""
    scope = scope_of(request.user)
    full = scope.everything or job.region.path.startswith(scope.admin_paths)
    return masker(IMPORTS[job.kind].columns, full=full)


def _context(request, job: ImportJob) -> dict:
    done = job.done_rows
    if job.status == Status.COMMITTING:
        done = cache.get(progress_key(job.pk)) or 0
    percent = int(100 * done / job.total_rows) if job.total_rows else 0
    masks = _masks(request, job)
    problems = [
        {**p, "value": masks[p["column"]](p["value"]) if p["column"] in masks and p["value"] else p["value"]}
        for p in job.problems[:PROBLEMS_SHOWN]
    ]
    return {"job": job, "percent": min(percent, 100), "problems": problems}


@scoped("import_job")
def import_detail(request, pk):
    job = _job(request, pk)
    return render(request, "transfer/import_detail.html", {**_context(request, job), "form": CommitForm()})


@scoped("import_job")
def import_progress(request, pk):
    """The progress bar, polled by the page while the job runs; once it has finished, htmx reloads the page."""
    job = _job(request, pk)
    response = render(request, "transfer/partials/progress.html", _context(request, job))
    if not job.running:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@scoped("import_job")
def import_commit(request, pk):
    job = _job(request, pk)
    form = CommitForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(job)
    try:
        services.import_job_commit(job=job, by=request.user, mode=form.cleaned_data["mode"])
    except services.TransferError as error:
        messages.error(request, str(error))
    return redirect(job)


@scoped("import_job")
def import_rejected(request, pk):
    job = _job(request, pk)
    if not job.rejected_rows:
        raise Http404
    return _download(rejected_bytes(job.rejected_rows, job.problems, _masks(request, job)), f"rejected-{job.pk}.xlsx")
