"""Pages of the coordination group: the groups a user sees, one group with its members, meetings, supervised
items and campaigns, one meeting, one supervised item with its steps."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination import services
from coordination.exports import ITEM_COLUMNS
from coordination.forms import DecisionFormSet, GroupForm, MeetingForm, MemberForm, NoteForm, OfficeForm
from coordination.models import CoordinationGroup, ItemAction, ItemStatus, Meeting, SupervisedItem
from coordination.workflow import ITEM_FLOW, ItemError
from core.access import can_change, get_for_user, scope_of, scoped
from core.export import export_format, export_response
from core.forms import errors_as_messages, post_data, submit_step
from orgs.models import Kind, Organisation
from regions.models import Level, Region


def _admin_regions(user):
    scope = scope_of(user)
    regions = Region.objects.filter(level__in=[Level.PROVINCE, Level.CITY, Level.COUNTY])
    return regions if scope.everything else regions.within_paths(scope.admin_paths)


@scoped("coordination_group")
def group_list(request):
    regions = _admin_regions(request.user)
    form = GroupForm(post_data(request), regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(by=request.user, **form.cleaned_data)
        except services.CoordinationError as error:
            form.add_error(None, str(error))
        else:
            return redirect(group)
    groups = CoordinationGroup.objects.visible_to(request.user).select_related("region")
    return render(
        request,
        "coordination/group_list.html",
        {"groups": groups, "form": form if regions.exists() else None},
    )


def _units(group):
    """Departments and organisations of the group's region and below (teams are not units)."""
    return (
        Organisation.objects.filter(region__path__startswith=group.region.path)
        .exclude(kind=Kind.TEAM)
        .select_related("region")
    )


def _members(group):
    return Organisation.objects.filter(pk__in=group.members.values("organisation_id"))


@scoped("coordination_group")
def group_detail(request, pk):
    group = get_for_user(CoordinationGroup.objects.select_related("region", "office"), request.user, pk)
    manages = can_change(request.user, group)
    items = SupervisedItem.objects.visible_to(request.user).filter(group=group).select_related("owner")
    status = request.GET.get("status")
    if status in ItemStatus.values:
        items = items.filter(status=status)
    if export_format(request):
        rows = items.select_related("meeting", "reported_by").order_by("deadline", "pk")
        return export_response(request, rows, ITEM_COLUMNS, _("Supervised items"))
    context = {
        "group": group,
        "members": group.members.select_related("organisation"),
        "meetings": Meeting.objects.visible_to(request.user).filter(group=group),
        "items": items,
        "statuses": ItemStatus.choices,
        "status": status,
        "campaigns": group.campaigns.all(),
        "manages": manages,
    }
    if manages:
        context["member_form"] = MemberForm(units=_units(group).exclude(pk__in=group.members.values("organisation_id")))
        context["office_form"] = OfficeForm(units=_members(group), initial={"organisation": group.office_id})
    return render(request, "coordination/group_detail.html", context)


@require_POST
@scoped("coordination_group")
def member_add(request, pk):
    group = get_for_user(CoordinationGroup.objects.select_related("region"), request.user, pk, change=True)
    form = MemberForm(request.POST, units=_units(group))
    return submit_step(
        request,
        group,
        form,
        lambda data: services.member_add(group=group, by=request.user, **data),
        services.CoordinationError,
    )


@require_POST
@scoped("coordination_group")
def member_remove(request, pk, member):
    group = get_for_user(CoordinationGroup.objects.all(), request.user, pk, change=True)
    member = group.members.filter(pk=member).first()
    if member is None:
        raise Http404
    return submit_step(
        request,
        group,
        None,
        lambda data: services.member_remove(member=member, by=request.user),
        services.CoordinationError,
    )


@require_POST
@scoped("coordination_group")
def office_set(request, pk):
    group = get_for_user(CoordinationGroup.objects.all(), request.user, pk, change=True)
    form = OfficeForm(request.POST, units=_members(group))
    return submit_step(
        request,
        group,
        form,
        lambda data: services.office_set(group=group, organisation=data["organisation"], by=request.user),
        services.CoordinationError,
    )


@scoped("coordination_group")
def meeting_new(request, pk):
    group = get_for_user(CoordinationGroup.objects.select_related("region"), request.user, pk, change=True)
    units = _members(group)
    data = post_data(request)
    form = MeetingForm(data, units=units)
    decisions = DecisionFormSet(data, form_kwargs={"units": units}, prefix="decisions")
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        given = [d.cleaned_data for d in decisions if d.cleaned_data.get("decision")]
        try:
            meeting = services.meeting_record(
                group=group,
                by=request.user,
                decisions=[(d["decision"], d["owner"], d["deadline"]) for d in given],
                **form.cleaned_data,
            )
        except services.CoordinationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(meeting)
    return render(request, "coordination/meeting_form.html", {"group": group, "form": form, "decisions": decisions})


@scoped("coordination_meeting")
def meeting_detail(request, pk):
    meeting = get_for_user(Meeting.objects.select_related("group__region"), request.user, pk)
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "items": SupervisedItem.objects.visible_to(request.user).filter(meeting=meeting).select_related("owner"),
        },
    )


@scoped("supervised_item")
def item_detail(request, pk):
    item = get_for_user(SupervisedItem.objects.select_related("group__region", "meeting", "owner"), request.user, pk)
    steps = {str(action): ITEM_FLOW.may_take(item, action, request.user) for action in ItemAction.values}
    return render(
        request,
        "coordination/item_detail.html",
        {
            "item": item,
            "events": item.events.select_related("by"),
            "steps": steps,
            "form": NoteForm(),
            "own_report": item.status == ItemStatus.REPORTED and item.reported_by_id == request.user.pk,
        },
    )


ITEM_STEPS = {
    "progress": services.item_progress,
    "report": services.item_report,
    "close": services.item_close,
    "return": services.item_return,
}


@require_POST
@scoped("supervised_item")
def item_step(request, pk, step):
    item = get_for_user(SupervisedItem.objects.all(), request.user, pk, change=True)
    if step not in ITEM_STEPS:
        raise Http404
    form = NoteForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(item)
    return submit_step(
        request, item, form, lambda data: ITEM_STEPS[step](item=item, by=request.user, note=data["note"]), ItemError
    )
