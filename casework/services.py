"""Every change to a case: open it, take a step of its table (casework/workflow.py), record assessments and
notes. Each step locks the case, checks who may take it, and writes a timed CaseEvent."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from casework import barthel, notify
from casework.models import (
    Action,
    Alert,
    Assessment,
    AssessmentKind,
    Case,
    CaseEvent,
    CaseNote,
    Goal,
    Phase,
    Referral,
    ReferralStatus,
    Stage,
)
from casework.workflow import CASE_FLOW, CaseError, case_event_add, is_supervisor_of, require_consent
from core.access import check_not_own
from people.models import AccessLog, Role

RISK_ITEMS = ("self_harm", "abuse", "neglect", "isolation")
NEED_ITEMS = ("daily_care", "health", "income", "housing", "company", "family", "safety", "learning")
MAX_ATTACHMENT = 5 * 1024 * 1024
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
CRISIS_RISKS = {"self_harm", "abuse"}


@transaction.atomic
def case_open(*, recipient, by, presenting_problem: str, need=None, crisis: bool = False) -> Case:
    """Intake: a case for a person, from a need or direct. A child under 14 needs the guardian's consent on
    file first."""
    from people.models import ConsentKind

    check_not_own(by, recipient, CaseError, _("Nobody opens a case about themself: a colleague does."))
    guardian = recipient.consents.filter(kind=ConsentKind.GUARDIAN, withdrawn_at__isnull=True)
    if recipient.is_child_under_14 and not guardian.exists():
        raise CaseError(_("Record the guardian's consent before opening a case for a child under 14."))
    case = Case.objects.create(
        recipient=recipient,
        need=need,
        region=recipient.region,
        social_worker=by,
        presenting_problem=presenting_problem,
    )
    CaseEvent.objects.create(case=case, action=Action.OPEN, to_status=Stage.INTAKE, by=by)
    if crisis or (need is not None and need.crisis):
        case = case_flag_crisis(case=case, by=by)
    if need is not None:
        from needs.services import NeedError, need_open_case

        if need.recipient_id != recipient.pk:
            raise CaseError(_("A case from a need is for the need's own person."))
        try:
            need_open_case(need=need, by=by)
        except NeedError as error:
            raise CaseError(str(error)) from None
    return case


@transaction.atomic
def case_agree(*, case: Case, by, signed_on: datetime.date) -> Case:
    return CASE_FLOW.take(case, Action.AGREE, by=by, changes={"agreement_on": signed_on})


def _record(case: Case, *, kind: str, phase: str, answers: dict, by) -> Assessment:
    if kind == AssessmentKind.BARTHEL:
        try:
            total = barthel.score(answers)
        except barthel.InvalidAnswers:
            raise CaseError(_("Answer each of the ten Barthel items with one of its scores.")) from None
        return Assessment.objects.create(
            case=case, kind=kind, phase=phase, answers=answers, score=total, level=barthel.level(total), by=by
        )
    flags = {item: bool(answers.get(item)) for item in RISK_ITEMS}
    assessment = Assessment.objects.create(
        case=case, kind=kind, phase=phase, answers=flags, score=sum(flags.values()), by=by
    )
    if any(flags[item] for item in CRISIS_RISKS):
        case_flag_crisis(case=case, by=by)
    return assessment


@transaction.atomic
def case_assess(*, case: Case, by, barthel_answers: dict, risks: dict, needs: dict | None = None) -> Case:
    """预估: the Barthel form, the risk screen and the needs checklist. A risk of self-harm or abuse flags the
    case as a crisis."""
    case = CASE_FLOW.take(case, Action.ASSESS, by=by)
    _record(case, kind=AssessmentKind.BARTHEL, phase=Phase.BEFORE, answers=barthel_answers, by=by)
    _record(case, kind=AssessmentKind.RISK, phase=Phase.BEFORE, answers=risks, by=by)
    checked = {item: bool((needs or {}).get(item)) for item in NEED_ITEMS}
    Assessment.objects.create(
        case=case, kind=AssessmentKind.NEEDS, phase=Phase.BEFORE, answers=checked, score=sum(checked.values()), by=by
    )
    return case


@transaction.atomic
def case_submit_plan(*, case: Case, by, goals: list[str]) -> Case:
    goals = [goal.strip() for goal in goals if goal.strip()]
    if not goals:
        raise CaseError(_("A plan needs at least one goal."))
    case = CASE_FLOW.take(case, Action.SUBMIT_PLAN, by=by)  # approved at once when no approval is required
    case.goals.filter(outcome="").delete()
    Goal.objects.bulk_create([Goal(case=case, text=goal[:200]) for goal in goals])
    if case.status == Stage.PLAN_REVIEW:
        notify.waiting_for_supervisor(case, _plan_word(), _last_event(case))
    return case


@transaction.atomic
def case_review(*, case: Case, by, approve: bool, comment: str = "") -> Case:
    """The supervisor approves or returns the plan or the closure, whichever waits."""
    case = CASE_FLOW.lock(case)
    if case.status == Stage.PLAN_REVIEW:
        action = Action.APPROVE_PLAN if approve else Action.RETURN_PLAN
    elif case.status == Stage.CLOSURE_REVIEW:
        action = Action.APPROVE_CLOSURE if approve else Action.RETURN_CLOSURE
    else:
        raise CaseError(_("Nothing in this case waits for a supervisor."))
    if not approve and not comment.strip():
        raise CaseError(_("Say what should change when returning it."))
    closing = {"closed_at": timezone.now()} if action == Action.APPROVE_CLOSURE else None
    case = CASE_FLOW.take(case, action, by=by, note=comment.strip(), changes=closing)
    step = _plan_word() if action in (Action.APPROVE_PLAN, Action.RETURN_PLAN) else gettext_lazy("closure")
    notify.decided(
        case,
        step,
        pgettext_lazy("decision", "approved") if approve else pgettext_lazy("decision", "returned"),
        _last_event(case),
    )
    return case


@transaction.atomic
def case_evaluate(*, case: Case, by, outcomes: dict[int, str], barthel_answers: dict) -> Case:
    """评估: each goal judged, and the Barthel form again, to compare with the assessment."""
    case = CASE_FLOW.take(case, Action.EVALUATE, by=by)
    goals = {goal.pk: goal for goal in case.goals.all()}
    if set(outcomes) != set(goals) or not all(value in Goal.Outcome.values for value in outcomes.values()):
        raise CaseError(_("Judge every goal of the plan."))
    for pk, outcome in outcomes.items():
        goals[pk].outcome = outcome
    Goal.objects.bulk_update(goals.values(), ["outcome"])
    _record(case, kind=AssessmentKind.BARTHEL, phase=Phase.AFTER, answers=barthel_answers, by=by)
    return case


@transaction.atomic
def case_request_closure(*, case: Case, by, reason: str) -> Case:
    from casework.models import CloseReason

    if reason not in CloseReason.values:
        raise CaseError(_("Choose a reason for closing."))
    # Approved at once when no approval is required: then the case is closed now.
    case = CASE_FLOW.take(case, Action.REQUEST_CLOSURE, by=by, changes={"close_reason": reason})
    if case.status == Stage.CLOSURE_REVIEW:
        notify.waiting_for_supervisor(case, gettext_lazy("closure"), _last_event(case))
    if case.status == Stage.CLOSED:
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
    return case


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str) -> Case:
    if not reason.strip():
        raise CaseError(_("Say why the case reopens."))
    reopened = {"closed_at": None, "close_reason": ""}
    return CASE_FLOW.take(case, Action.REOPEN, by=by, note=reason.strip(), changes=reopened)


@transaction.atomic
def case_note_add(*, case: Case, by, contact_type: str, minutes: int, content: str, crisis: bool = False) -> CaseNote:
    """A contact with the person. `crisis` flags the case from what the note found."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if by.pk != case.social_worker_id:
        raise CaseError(_("Only the case's social worker can do this."))
    if case.status == Stage.CLOSED:
        raise CaseError(_("Reopen the case before adding to it."))
    if not case.crisis:
        # In a crisis the worker records what they do to protect the child's life and health even without
        # a consent in force (PIPL Art. 13 (4)).
        require_consent(case)
    note = CaseNote.objects.create(case=case, contact_type=contact_type, minutes=minutes, content=content, by=by)
    if case.crisis and case.crisis_responded_at is None:
        # The first contact after a crisis flag is the first response, whatever the note found.
        Case.objects.filter(pk=case.pk).update(crisis_responded_at=timezone.now())
        case_event_add(case, Action.RESPONDED, by)
    elif crisis:
        case_flag_crisis(case=case, by=by)
    return note


@transaction.atomic
def case_crisis_resolve(*, case: Case, by, note: str) -> Case:
    """The crisis is over (after the first response): the flag and its deadline end, the record stays."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if by.pk != case.social_worker_id:
        raise CaseError(_("Only the case's social worker can do this."))
    if not case.crisis or case.crisis_responded_at is None:
        raise CaseError(_("Record the first contact before ending the crisis."))
    if not note.strip():
        raise CaseError(_("Say how the crisis ended."))
    case.crisis = False
    case.save(update_fields=["crisis"])
    case_event_add(case, Action.CRISIS_OVER, by, note.strip())
    return case


def _plan_word():
    """Lazy, as the other words of a notification: put in the site's language when the text is written."""
    return gettext_lazy("plan")


def _last_event(case: Case) -> int | None:
    return case.events.order_by("-pk").values_list("pk", flat=True).first()


def case_read_logged(*, case: Case, user, ip: str | None = None) -> None:
    """Every read of a case leaves one row: who, which case, when."""
    AccessLog.objects.create(user=user, subject_type="case", subject_id=case.pk, field_name="case", ip=ip)


def _holders(role: str, case: Case):
    """Active users holding `role` for the case's area or any area above it."""
    from people.models import User

    return User.objects.filter(grants__role=role, grants__region__path__in=case.region.paths_above, is_active=True)


def _alert(users, case: Case, kind: str):
    """One alert per person, case and kind; a new crisis on the same case raises the earlier alert again."""
    Alert.objects.filter(case=case, kind=kind).update(read_at=None, at=timezone.now())
    Alert.objects.bulk_create([Alert(user=user, case=case, kind=kind) for user in users], ignore_conflicts=True)


@transaction.atomic
def case_flag_crisis(*, case: Case, by) -> Case:
    """危机干预: the fast track starts. The case's social worker and the supervisor on duty for the area (the
    duty roster; every supervisor of the area when nobody is on duty, the reason in the case's record) are
    alerted at once, and the first response is due within CRISIS_RESPONSE_HOURS."""
    case = Case.objects.select_for_update(of=("self",)).select_related("region").get(pk=case.pk)
    if case.crisis and case.crisis_responded_at is None:
        return case
    case.crisis = True
    case.crisis_due_at = timezone.now() + datetime.timedelta(hours=settings.CRISIS_RESPONSE_HOURS)
    case.crisis_responded_at = case.crisis_escalated_at = None
    case.save(update_fields=["crisis", "crisis_due_at", "crisis_responded_at", "crisis_escalated_at"])
    supervisors, reason = notify.crisis_supervisors(case, _holders(Role.SUPERVISOR, case))
    case_event_add(case, Action.CRISIS, by, note=reason)
    watchers = [case.social_worker, *supervisors]
    _alert(watchers, case, Alert.Kind.CRISIS)
    notify.crisis_alerted(case, watchers, overdue=False)
    return case


@transaction.atomic
def escalate_crises(*, now: datetime.datetime | None = None) -> int:
    """Crises past their first-response deadline with no contact yet go up, once: to the supervisor on duty for
    the area (the duty roster), else to every supervisor, and in both cases to the area's region admins (a crisis
    nobody answered is theirs to know), the reason in the case's record. Run by the task queue every 5 minutes."""
    now = now or timezone.now()
    overdue = (
        Case.objects.select_for_update(of=("self",))
        .filter(crisis=True, crisis_responded_at__isnull=True, crisis_escalated_at__isnull=True, crisis_due_at__lt=now)
        .exclude(status=Stage.CLOSED)
    )
    count = 0
    for case in overdue.select_related("region", "social_worker"):
        admins = list(_holders(Role.REGION_ADMIN, case))
        supervisors, reason = notify.crisis_supervisors(case, _holders(Role.SUPERVISOR, case), overdue=True)
        watchers = list(dict.fromkeys([*supervisors, *admins, case.social_worker]))
        _alert(watchers, case, Alert.Kind.OVERDUE)
        notify.crisis_alerted(case, watchers, overdue=True)
        case.crisis_escalated_at = now
        case.save(update_fields=["crisis_escalated_at"])
        case_event_add(case, Action.ESCALATED, case.social_worker, note=reason)
        count += 1
    return count


@transaction.atomic
def referral_send(*, case: Case, by, to, reason: str, consent: str) -> Referral:
    """转介 with the reason and who consented; the case stays with its worker until closed."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if by.pk != case.social_worker_id:
        raise CaseError(_("Only the case's social worker can do this."))
    if case.status == Stage.CLOSED:
        raise CaseError(_("Reopen the case before adding to it."))
    if not reason.strip() or not consent.strip():
        raise CaseError(_("A referral needs a reason and the consent of the person or their guardian."))
    require_consent(case)
    if case.referrals.filter(to=to, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]).exists():
        raise CaseError(_("This case has been referred there already."))
    referral = Referral.objects.create(case=case, to=to, reason=reason.strip(), consent=consent.strip(), by=by)
    case_event_add(case, Action.REFERRED, by, str(to))
    notify.referral_sent(referral)
    return referral


def referrals_for(user):
    """Referrals addressed to the user's agency or department."""
    from core.access import scope_of

    scope = scope_of(user)
    receivers = set(scope.liaison_org_ids) | ({scope.agency_id} if scope.agency_id else set())
    return Referral.objects.filter(to_id__in=receivers)


@transaction.atomic
def referral_answer(*, referral: Referral, by, accept: bool, note: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referrals_for(by).filter(pk=referral.pk).exists():
        raise CaseError(_("Only the agency or department it was sent to can answer it."))
    check_not_own(by, referral, CaseError)
    if referral.status != ReferralStatus.SENT:
        raise CaseError(_("This referral has been answered already."))
    referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
    referral.answered_by, referral.answered_at, referral.answer_note = by, timezone.now(), note.strip()[:300]
    referral.save(update_fields=["status", "answered_by", "answered_at", "answer_note"])
    if accept:
        notify.referral_accepted(referral)
    return referral


@transaction.atomic
def note_comment(*, note: CaseNote, by, comment: str) -> CaseNote:
    """督导 comments on a case note."""
    note = CaseNote.objects.select_for_update().select_related("case__region").get(pk=note.pk)
    if not is_supervisor_of(by, note.case):
        raise CaseError(_("Only a supervisor of the case's area can do this."))
    check_not_own(by, note, CaseError)
    if not comment.strip():
        raise CaseError(_("Write the comment."))
    note.supervisor_comment, note.commented_by = comment.strip(), by
    note.save(update_fields=["supervisor_comment", "commented_by"])
    return note


@transaction.atomic
def attachment_add(*, case: Case, by, upload):
    """A scanned agreement or letter. The type is read from the file's first bytes, not from its name."""
    import base64

    from casework.models import Attachment

    if by.pk != case.social_worker_id:
        raise CaseError(_("Only the case's social worker can do this."))
    if case.status == Stage.CLOSED:
        raise CaseError(_("Reopen the case before adding to it."))
    require_consent(case)
    if upload.size > MAX_ATTACHMENT:
        raise CaseError(_("The file is larger than 5 MB. Scan it at a lower resolution or as a PDF."))
    data = upload.read(MAX_ATTACHMENT + 1)
    content_type = next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)
    if content_type is None or not data:
        raise CaseError(_("Only PDF, JPEG and PNG files can be attached, and this one is none of them."))
    return Attachment.objects.create(
        case=case,
        name=f"{(upload.name or 'file').rsplit('.', 1)[0][:100]}.{EXTENSIONS[content_type]}",
        content_type=content_type,
        size=len(data),
        content=base64.b64encode(data).decode(),
        by=by,
    )
