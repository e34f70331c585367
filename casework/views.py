"""Pages of casework: the caseload, opening a case, the case with its steps, and one URL per step."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import services
from casework.exports import CASE_COLUMNS
from casework.forms import (
    AgreeForm,
    AssessForm,
    AttachmentForm,
    CloseForm,
    CommentForm,
    EvaluateForm,
    NoteForm,
    OpenForm,
    PlanForm,
    ReferralForm,
    ReopenForm,
    ReviewForm,
    barthel_answers,
)
from casework.models import Alert, AssessmentKind, Case, Phase, Referral, ReferralStatus, Stage
from casework.workflow import consent_refusal
from core.access import get_for_user, may_decide, scope_of, scoped
from core.export import export_format, export_response
from core.forms import post_data, submit_step
from core.paging import keyset_page
from needs.models import Need
from needs.services import need_open_case
from needs.views import answer_submit
from people.models import AccessLog, Recipient
from regions.access import in_paths

REVIEW_STAGES = [Stage.PLAN_REVIEW, Stage.CLOSURE_REVIEW]


@scoped("case")
def case_list(request):
    cases = Case.objects.visible_to(request.user).select_related("recipient", "social_worker", "region")
    if export_format(request):
        return export_response(request, cases.order_by("-pk"), CASE_COLUMNS, _("Cases"))
    caseload = (
        cases.exclude(status=Stage.CLOSED)
        .values("social_worker__name")
        .annotate(
            open=Count("pk"),
            waiting=Count("pk", filter=Q(status__in=REVIEW_STAGES)),
            crisis=Count("pk", filter=Q(crisis=True)),
        )
        .order_by("social_worker__name")
    )
    # Every unread alert; one for a case the user may not read (a region admin's escalation) shows the case
    # number and its worker only.
    alerts = Alert.objects.filter(user=request.user, read_at__isnull=True).select_related(
        "case__recipient", "case__social_worker"
    )
    alert_page = keyset_page(alerts, request, prefix="alerts_")
    shown = [alert.case_id for alert in alert_page.items]
    context = {
        "alerts": alert_page,
        "readable": set(cases.filter(pk__in=shown).values_list("pk", flat=True)),
        "referrals": services.referrals_for(request.user).filter(status=ReferralStatus.SENT).exists(),
        "is_admin": bool(scope_of(request.user).admin_paths),
        "is_supervisor": bool(scope_of(request.user).supervisor_paths),
        "page": keyset_page(cases, request),
        "caseload": caseload if scope_of(request.user).supervisor_paths else None,
        "can_open": bool(scope_of(request.user).social_paths),
    }
    return render(request, "casework/case_list.html", context)


@scoped("case")
def case_open(request):
    """Intake, from a need (?need=) or for a person directly."""
    if not scope_of(request.user).social_paths:
        raise Http404
    need = None
    recipients = Recipient.objects.changeable_by(request.user).order_by("name_pinyin")
    initial = {"recipient": request.GET.get("recipient")}  # chosen on the picker's page (without JavaScript)
    if request.GET.get("need"):
        need = get_for_user(Need.objects.all(), request.user, request.GET["need"], change=True)
        recipients = recipients.filter(pk=need.recipient_id)
        initial = {"recipient": need.recipient_id, "presenting_problem": need.description}
    form = OpenForm(post_data(request), recipients=recipients, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(by=request.user, need=need, **form.cleaned_data)
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            return redirect(case)
    return render(request, "core/form_page.html", {"form": form, "title": _("Open a case"), "cancel": "/cases/"})


def _assessments(case: Case) -> dict:
    """The Barthel scores before and after, and the latest risk screen, for the page."""
    found = {(a.kind, a.phase): a for a in case.assessments.all()}
    before = found.get((AssessmentKind.BARTHEL, Phase.BEFORE))
    after = found.get((AssessmentKind.BARTHEL, Phase.AFTER))
    return {
        "before": before,
        "after": after,
        "change": after.score - before.score if before and after else None,
        "risk": found.get((AssessmentKind.RISK, Phase.BEFORE)),
        "needs": found.get((AssessmentKind.NEEDS, Phase.BEFORE)),
    }


@scoped("case")
def case_detail(request, pk):
    case = get_for_user(Case.objects.select_related("recipient", "social_worker", "region"), request.user, pk)
    services.case_read_logged(case=case, user=request.user, ip=request.META.get("REMOTE_ADDR"))
    is_worker = request.user.pk == case.social_worker_id
    # A supervisor reviews and comments on the cases of others only (core.access.may_decide).
    reviews = services.is_supervisor_of(request.user, case) and may_decide(request.user, case)
    forms_for_stage = {
        Stage.INTAKE: ("agree", AgreeForm),
        Stage.ASSESSMENT: ("assess", AssessForm),
        Stage.PLANNING: ("plan", PlanForm),
        Stage.INTERVENTION: ("evaluate", None),
        Stage.EVALUATION: ("close", CloseForm),
        Stage.CLOSED: ("reopen", ReopenForm),
    }
    step, form_class = forms_for_stage.get(case.status, (None, None))
    step_form = None
    if is_worker and step:
        step_form = EvaluateForm(goals=case.goals.all()) if step == "evaluate" else form_class()
    context = {
        **_case_record(case),
        "step": step,
        "step_form": step_form,
        "review_form": ReviewForm() if reviews and case.status in REVIEW_STAGES else None,
        "note_form": NoteForm() if is_worker and case.status != Stage.CLOSED else None,
        "referral_form": ReferralForm() if is_worker and case.status != Stage.CLOSED else None,
        "attachment_form": AttachmentForm() if is_worker and case.status != Stage.CLOSED else None,
        "can_comment": reviews,
        "crisis_form": ReopenForm() if is_worker and case.crisis and case.crisis_responded_at else None,
        "consent_refusal": consent_refusal(case),
    }
    Alert.objects.filter(user=request.user, case=case, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "casework/case_detail.html", context)


def _case_record(case: Case) -> dict:
    """What a case page shows of the record itself, without the forms for its steps."""
    return {
        "case": case,
        "events": case.events.select_related("by"),
        "goals": case.goals.all(),
        "notes": case.notes.select_related("by"),
        "assessments": _assessments(case),
        "referrals": case.referrals.select_related("to"),
        "attachments": case.attachments.defer("content"),
    }


@scoped("case_archive")
def archive_list(request):
    """Cases closed longer ago than the retention period, for the supervisors of their area."""
    if not scope_of(request.user).supervisor_paths and not scope_of(request.user).everything:
        raise Http404
    cases = Case.archive.visible_to(request.user).select_related("recipient", "social_worker")
    return render(
        request,
        "casework/archive.html",
        {"page": keyset_page(cases, request), "retention_days": settings.CASE_RETENTION_DAYS},
    )


@scoped("case_archive")
def archive_detail(request, pk):
    """An archived case, read-only; the read is logged like any read of a case."""
    case = get_for_user(Case.archive.select_related("recipient", "social_worker", "region"), request.user, pk)
    services.case_read_logged(case=case, user=request.user, ip=request.META.get("REMOTE_ADDR"))
    return render(request, "casework/case_detail.html", {**_case_record(case), "archived": True})


def _form(form_class):
    return lambda case, request: form_class(request.POST)


def _note(case: Case, pk: int):
    try:
        return case.notes.get(pk=pk)
    except case.notes.model.DoesNotExist:
        raise Http404 from None


# Each step: how to build its form, and the service it calls with the cleaned data.
STEPS = {
    "agree": (_form(AgreeForm), lambda case, by, d: services.case_agree(case=case, by=by, signed_on=d["signed_on"])),
    "assess": (
        _form(AssessForm),
        lambda case, by, d: services.case_assess(
            case=case,
            by=by,
            barthel_answers=barthel_answers(d),
            risks={key.removeprefix("risk_"): value for key, value in d.items() if key.startswith("risk_")},
            needs={key.removeprefix("need_"): value for key, value in d.items() if key.startswith("need_")},
        ),
    ),
    "comment": (
        _form(CommentForm),
        lambda case, by, d: services.note_comment(note=_note(case, d["note"]), by=by, comment=d["comment"]),
    ),
    "plan": (
        _form(PlanForm),
        lambda case, by, d: services.case_submit_plan(case=case, by=by, goals=d["goals"].splitlines()),
    ),
    "approve": (
        _form(ReviewForm),
        lambda case, by, d: services.case_review(case=case, by=by, approve=True, comment=d["comment"]),
    ),
    "return": (
        _form(ReviewForm),
        lambda case, by, d: services.case_review(case=case, by=by, approve=False, comment=d["comment"]),
    ),
    "evaluate": (
        lambda case, request: EvaluateForm(request.POST, goals=case.goals.all()),
        lambda case, by, d: services.case_evaluate(
            case=case,
            by=by,
            outcomes={int(key.removeprefix("goal_")): v for key, v in d.items() if key.startswith("goal_")},
            barthel_answers=barthel_answers(d),
        ),
    ),
    "close": (
        _form(CloseForm),
        lambda case, by, d: services.case_request_closure(case=case, by=by, reason=d["reason"]),
    ),
    "reopen": (_form(ReopenForm), lambda case, by, d: services.case_reopen(case=case, by=by, reason=d["reason"])),
    "note": (_form(NoteForm), lambda case, by, d: services.case_note_add(case=case, by=by, **d)),
    "refer": (_form(ReferralForm), lambda case, by, d: services.referral_send(case=case, by=by, **d)),
    "attach": (
        lambda case, request: AttachmentForm(request.POST, request.FILES),
        lambda case, by, d: services.attachment_add(case=case, by=by, upload=d["upload"]),
    ),
    "crisis_over": (
        _form(ReopenForm),
        lambda case, by, d: services.case_crisis_resolve(case=case, by=by, note=d["reason"]),
    ),
}


@require_POST
@scoped("case")
def case_step(request, pk, step):
    case = get_for_user(Case.objects.select_related("region"), request.user, pk, change=True)
    if step not in STEPS:
        raise Http404
    build, call = STEPS[step]
    return submit_step(
        request, case, build(case, request), lambda data: call(case, request.user, data), services.CaseError
    )


@scoped("case")
def referral_inbox(request):
    """Referrals sent to the user's agency or department: enough to decide, not the case itself."""
    referrals = services.referrals_for(request.user).select_related("case__recipient", "case__region", "by", "to")
    if request.method == "POST":
        try:
            referral = referrals.get(pk=int(request.POST.get("referral", "0")))
        except (Referral.DoesNotExist, ValueError):
            raise Http404 from None
        try:
            services.referral_answer(
                referral=referral,
                by=request.user,
                accept=request.POST.get("answer") == "accept",
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Saved."))
        except services.CaseError as error:
            messages.error(request, str(error))
        return redirect("casework:referrals")
    return render(request, "casework/referrals.html", {"page": keyset_page(referrals, request)})


@scoped("case")
def access_log(request):
    """Who read which case, for the region admins of the area; not the case content."""
    scope = scope_of(request.user)
    if not (scope.admin_paths or scope.everything):
        raise Http404
    cases = Case.objects.all() if scope.everything else Case.objects.filter(in_paths("region", scope.admin_paths))
    rows = AccessLog.objects.filter(subject_type="case", subject_id__in=cases.values("pk")).select_related("user")
    return render(request, "casework/access_log.html", {"page": keyset_page(rows, request, order="-at")})


@scoped("case")
def attachment_download(request, pk, attachment):
    """The file, to whoever may read the case; the read is logged like the case's."""
    import base64

    case = get_for_user(Case.objects.all(), request.user, pk)
    try:
        found = case.attachments.get(pk=attachment)
    except case.attachments.model.DoesNotExist:
        raise Http404 from None
    services.case_read_logged(case=case, user=request.user, ip=request.META.get("REMOTE_ADDR"))
    response = HttpResponse(base64.b64decode(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@scoped("need")
def need_case_open(request, pk):
    """Mark a need with no person (a community's need) as taken up as a case, from the need's page
    (needs:case_open); a person's need opens a case through the case form instead."""
    return answer_submit(request, pk, None, lambda need, data: need_open_case(need=need, by=request.user))
