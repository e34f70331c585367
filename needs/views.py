"""Pages of the needs list: intake, triage, answers, tasks, evaluation and the timeline."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, may_decide, public, scope_of, scoped
from core.export import export_format, export_response
from core.forms import errors_as_messages, post_data
from core.htmx import partial_or_page
from core.paging import keyset_page
from needs import selectors, services
from needs.answers import answer_kinds
from needs.coming import visits_coming
from needs.exports import NEED_COLUMNS
from needs.forms import (
    CloseForm,
    FeedbackForm,
    HomeVisitForm,
    NeedForm,
    NeedLineFormSet,
    ReasonForm,
    ResidentRequestForm,
    TaskForm,
    TriageForm,
)
from needs.help import service_field_for
from needs.models import Need, Source, Status, Task, TaskStatus, Urgency
from needs.recurrence import RECURRING
from needs.task_views import task_time_context
from orgs.models import Kind, Organisation
from people.models import Recipient, RegistrationStatus, Volunteer
from regions.selectors import regions_in_scope

KEPT_FILTERS = ("region", "crisis", "field", "group", "found_from", "found_to", "unserved")
"""Filters of the dashboards' links that the list's form has no field for: kept as the form narrows the list."""


@scoped("need")
def need_list(request):
    status = request.GET.get("status", "open")
    needs = selectors.needs_listed(request.user, request.GET)
    if export_format(request):
        return export_response(request, needs.order_by("-pk"), NEED_COLUMNS, _("Needs list"))
    context = {
        "page": keyset_page(needs, request),
        "statuses": Status.choices,
        "urgencies": Urgency.choices,
        "status": status,
        "served_or_closed": selectors.SERVED_OR_CLOSED,
        "kept": [(key, request.GET[key]) for key in KEPT_FILTERS if request.GET.get(key)],
        "can_create": bool(scope_of(request.user).staff_paths or scope_of(request.user).everything),
        "now": timezone.now(),
    }
    return partial_or_page(request, "needs/need_list.html", "needs/partials/need_rows.html", context)


def _staff_regions(request):
    regions = regions_in_scope(request.user)
    if not regions.exists():
        raise Http404
    return regions


@scoped("need")
def need_create(request):
    regions = _staff_regions(request)
    recipients = Recipient.objects.changeable_by(request.user).order_by("name_pinyin")
    initial = {"recipient": request.GET.get("recipient")}
    form = NeedForm(post_data(request), recipients=recipients, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        need = services.need_create(source=data.pop("source"), by=request.user, data=data)
        messages.success(request, _("The need has been recorded."))
        return redirect(need)
    return render(request, "core/form_page.html", {"form": form, "title": _("Record a need"), "cancel": "/needs/"})


@scoped("need")
def home_visit_create(request):
    _staff_regions(request)
    recipients = Recipient.objects.changeable_by(request.user).order_by("name_pinyin")
    form = HomeVisitForm(
        post_data(request),
        recipients=recipients,
        initial={
            "visited_at": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None),
            "recipient": request.GET.get("recipient"),  # chosen on the picker's page (without JavaScript)
        },
    )
    lines = NeedLineFormSet(post_data(request), prefix="need")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        needs = [line.cleaned_data for line in lines if line.cleaned_data.get("description")]
        visit = services.home_visit_record(
            by=request.user,
            recipient=form.cleaned_data["recipient"],
            visited_at=form.cleaned_data["visited_at"],
            observations=form.cleaned_data["observations"],
            needs=needs,
        )
        messages.success(request, _("The visit has been recorded with %(n)s needs.") % {"n": len(needs)})
        return redirect("people:recipient_detail", pk=visit.recipient_id)
    return render(request, "needs/home_visit_form.html", {"form": form, "lines": lines})


@scoped("need")
def resident_request(request):
    """A resident asks for help from a phone; the need goes to the community's social workers."""
    recipient = Recipient.objects.filter(pk=scope_of(request.user).recipient_id).first()
    if recipient is None:
        raise Http404
    form = ResidentRequestForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "recipient": recipient, "region": recipient.region, "address": recipient.address}
        data["service_field"] = service_field_for(data["help"])
        need = services.need_create(source=Source.RESIDENT, by=request.user, data=data)
        messages.success(request, _("Your request has been sent to your community. Number: %(n)s") % {"n": need.pk})
        return redirect("needs:mine")
    return render(request, "needs/request_form.html", {"form": form})


@scoped("need")
def my_requests(request):
    needs = Need.objects.visible_to(request.user).filter(recipient_id=scope_of(request.user).recipient_id or 0)
    page = keyset_page(needs, request, order="-created_at")
    return render(request, "needs/my_requests.html", {"page": page, "coming": visits_coming(page.items)})


def _task_choices(request) -> dict:
    """Who may be offered a task: the teams and volunteers in the worker's scope."""
    return {
        "teams": Organisation.objects.visible_to(request.user).filter(kind=Kind.TEAM, active=True),
        "volunteers": Volunteer.objects.visible_to(request.user).filter(status=RegistrationStatus.REGISTERED),
    }


def _answer_forms(request, need):
    choices = _task_choices(request)
    recipient_name = need.recipient.name if need.recipient else ""
    return {
        "triage_form": TriageForm(
            initial={"service_field": need.service_field, "urgency": need.urgency, "crisis": need.crisis}
        )
        if may_decide(request.user, need)
        else None,
        "task_form": TaskForm(
            teams=choices["teams"],
            volunteers=choices["volunteers"],
            initial={"place": need.address, "on": need.wanted_on, "volunteer": request.GET.get("volunteer")},
        ),
        "close_form": CloseForm(initial={"given_by": recipient_name}),
    } | {name: form for kind in answer_kinds() if kind.panel for name, form in kind.panel(request, need).items()}


@scoped("need")
def need_detail(request, pk):
    need = get_for_user(Need.objects.select_related("recipient", "region", "service_field"), request.user, pk)
    changeable = can_change(request.user, need)
    context = {
        "need": need,
        "can_change": changeable,
        "events": need.events.select_related("by"),
        "tasks": need.tasks.select_related("volunteer__user", "team"),
        "duplicates": services.open_duplicates(
            recipient=need.recipient, service_field=need.service_field, exclude=need
        ),
        "feedback_url": request.build_absolute_uri(f"/feedback/{need.feedback_token}/") if changeable else "",
    }
    for kind in answer_kinds():
        if kind.detail:
            context.update(kind.detail(need))
    if changeable and need.is_open:
        context.update(_answer_forms(request, need))
    return render(request, "needs/need_detail.html", context)


def _changeable_need(request, pk):
    return get_for_user(Need.objects.all(), request.user, pk, change=True)


def _act(request, need, action):
    try:
        action()
    except services.NeedError as error:
        messages.error(request, str(error))
    return redirect(need)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


@require_POST
@scoped("need")
def need_triage(request, pk):
    need = _changeable_need(request, pk)
    form = TriageForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(need)
    data = form.cleaned_data
    duplicates = services.open_duplicates(recipient=need.recipient, service_field=data["service_field"], exclude=need)
    if duplicates.exists() and not data["confirm_duplicate"]:
        messages.warning(
            request,
            _("%(name)s has open needs in this field: %(ids)s. Check them, then confirm to save.")
            % {"name": need.recipient.name, "ids": "、".join(f"#{d.pk}" for d in duplicates)},
        )
        return redirect(need)
    return _act(
        request,
        need,
        lambda: services.need_triage(
            need=need,
            by=request.user,
            service_field=data["service_field"],
            urgency=data["urgency"],
            crisis=data["crisis"],
            note=data["note"],
        ),
    )


def answer_submit(request, pk, make_form, action):
    """An answer to a need posted from its page (used by the apps that answer needs): the form, built by
    `make_form(data, need)` (None for a step with no form), then one service call `action(need, cleaned_data)`;
    refusals become messages."""
    need = _changeable_need(request, pk)
    if make_form is None:
        return _act(request, need, lambda: action(need, {}))
    form = make_form(request.POST, need)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(need)
    return _act(request, need, lambda: action(need, form.cleaned_data))


@require_POST
@scoped("need")
def task_create(request, pk):
    return answer_submit(
        request,
        pk,
        lambda data, need: TaskForm(data, **_task_choices(request)),
        lambda need, d: services.task_offer(
            need=need,
            by=request.user,
            volunteer=d["volunteer"],
            team=d["team"],
            what=d["what"],
            on=d["on"],
            place=d["place"],
            contact=d["contact"],
        ),
    )


@require_POST
@scoped("need")
def mark_served(request, pk):
    need = _changeable_need(request, pk)
    return _act(
        request, need, lambda: services.need_mark_served(need=need, by=request.user, note=request.POST.get("note", ""))
    )


@scoped("need")
def need_close(request, pk):
    """End a need: closed with an evaluation, referred, or withdrawn with a reason. Nothing else."""
    need = _changeable_need(request, pk)
    form = CloseForm(
        post_data(request),
        initial={"given_by": need.recipient.name if need.recipient else ""},
        evaluate=may_decide(request.user, need),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["how"] == "evaluated":
                services.need_evaluate(
                    need=need,
                    by=request.user,
                    satisfaction=data["satisfaction"],
                    comment=data["comment"],
                    outcome=data["outcome"],
                    given_by=data["given_by"],
                )
            elif data["how"] == "referred":
                services.need_refer(need=need, by=request.user, to=data["referred_to"], reason=data["reason"])
            else:
                services.need_withdraw(need=need, by=request.user, reason=data["reason"])
        except services.NeedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The need has ended: %(status)s.") % {"status": Need.objects.get(pk=need.pk).get_status_display()},
            )
            return redirect(need)
    evaluates = "evaluated" in dict(form.fields["how"].choices)
    return render(request, "needs/close_form.html", {"form": form, "need": need, "evaluates": evaluates})


@public
def feedback(request, token):
    """The recipient's evaluation from a phone link; it shows nothing personal but what was asked."""
    need = get_object_or_404(Need, feedback_token=token)
    form = FeedbackForm(post_data(request))
    done = need.status == Status.CLOSED
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.need_evaluate(
                need=need,
                by=None,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
                outcome="",
                given_by=_("recipient (phone link)"),
            )
        except services.NeedError as error:
            form.add_error(None, str(error))
        else:
            done = True
    return render(request, "needs/feedback.html", {"need": need, "form": form, "done": done})


@scoped("task")
def my_tasks(request):
    scope = scope_of(request.user)
    mine = Q(volunteer_id=scope.volunteer_id) | Q(
        volunteer__isnull=True, team_id__in=scope.member_team_ids, status=TaskStatus.OFFERED
    )
    tasks = Task.objects.visible_to(request.user).filter(mine).select_related("need__region", "team")
    return render(request, "needs/my_tasks.html", {"page": keyset_page(tasks, request, order="on")})


@scoped("task")
def task_detail(request, pk):
    task = get_for_user(
        Task.objects.select_related("need__recipient", "need__region", "team", "volunteer__user"), request.user, pk
    )
    context = {
        "task": task,
        "form": ReasonForm(),
        "is_mine": _can_answer(request, task),
        "in_series": task.need.recurrence in RECURRING,
    }
    return render(request, "needs/task_detail.html", context | task_time_context(request, task))


def _can_answer(request, task) -> bool:
    scope = scope_of(request.user)
    return scope.volunteer_id is not None and (
        task.volunteer_id == scope.volunteer_id or (task.volunteer_id is None and task.team_id in scope.member_team_ids)
    )


@require_POST
@scoped("task")
def task_respond(request, pk, answer):
    task = get_for_user(Task.objects.all(), request.user, pk)
    if answer not in {"accept", "decline", "done"} or not _can_answer(request, task):
        raise Http404
    volunteer = Volunteer.objects.get(pk=scope_of(request.user).volunteer_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("needs:task_detail", pk=task.pk)
    reason = form.cleaned_data["reason"]
    try:
        if answer == "done":
            services.task_done(task=task, volunteer=volunteer, note=reason)
        else:
            series = answer == "decline" and request.POST.get("series") == "1"  # 不再参加此系列
            services.task_answer(
                task=task, volunteer=volunteer, accept=answer == "accept", reason=reason, series=series
            )
    except services.NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            {
                "accept": _("Thank you! The task is yours."),
                "decline": _("You have declined the task."),
                "done": _("Thank you for your service!"),
            }[answer],
        )
    return redirect("needs:task_detail", pk=task.pk)
