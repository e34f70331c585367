"""Pages of group work: the groups of an area, one group with its members and sessions, one URL per step."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scoped
from core.export import export_format, export_response
from core.forms import post_data, submit_step
from core.paging import keyset_page
from groupwork import services
from groupwork.exports import GROUP_COLUMNS
from groupwork.forms import (
    EndForm,
    GroupForm,
    MemberForm,
    SessionCancelForm,
    SessionForm,
    SessionMoveForm,
    SessionPlanForm,
)
from groupwork.models import Group, Session
from people.models import Recipient, Volunteer
from regions.selectors import regions_in_scope
from venues.forms import room_choices


@scoped("group")
def group_list(request):
    regions = regions_in_scope(request.user)
    form = GroupForm(post_data(request), regions=regions)
    if request.method == "POST" and form.is_valid():
        group = services.group_create(by=request.user, **form.cleaned_data)
        return redirect(group)
    groups = Group.objects.visible_to(request.user).select_related("region", "social_worker")
    if export_format(request):
        return export_response(request, groups.order_by("-pk"), GROUP_COLUMNS, _("Groups"))
    return render(
        request, "groupwork/group_list.html", {"page": keyset_page(groups, request), "form": form if regions else None}
    )


def _forms(request, group, data=None):
    members = group.members.select_related("recipient", "volunteer__user")
    return {
        "member": MemberForm(
            data,
            recipients=Recipient.objects.changeable_by(request.user).filter(region__path__startswith=group.region.path),
            volunteers=Volunteer.objects.visible_to(request.user).select_related("user"),
        ),
        "session": SessionForm(data, members=members, rooms=room_choices(request.user)),
        "end": EndForm(data),
        "plan": SessionPlanForm(data, rooms=room_choices(request.user)),
    }


@scoped("group")
def group_detail(request, pk):
    group = get_for_user(Group.objects.select_related("region", "social_worker"), request.user, pk)
    context = {
        "group": group,
        "attendance": services.attendance(group),
        "sessions": group.sessions.prefetch_related("present").select_related("booking__room"),
        "events": group.events.select_related("by"),
        "forms": _forms(request, group),
    }
    return render(request, "groupwork/group_detail.html", context)


@require_POST
@scoped("group")
def group_step(request, pk, step):
    group = get_for_user(Group.objects.all(), request.user, pk, change=True)
    calls = {
        "advance": lambda data: services.group_advance(group=group, by=request.user),
        "member": lambda data: services.member_add(group=group, by=request.user, **data),
        "session": lambda data: services.session_record(group=group, by=request.user, **data),
        "end": lambda data: services.group_end(group=group, by=request.user, **data),
        "plan": lambda data: services.sessions_plan(group=group, by=request.user, **data),
    }
    if step not in calls:
        raise Http404
    form = _forms(request, group, request.POST).get(step)
    return submit_step(request, group, form, calls[step], services.GroupError)


@require_POST
@scoped("group")
def session_step(request, pk, number, action):
    """Move a session (its room's booking moves with it, or the move is refused) or cancel it with the reason."""
    group = get_for_user(Group.objects.all(), request.user, pk, change=True)
    session = get_object_or_404(Session, group=group, number=number)
    if action == "move":
        form = SessionMoveForm(request.POST)
        call = lambda data: services.session_reschedule(session=session, by=request.user, **data)  # noqa: E731
    elif action == "cancel":
        form = SessionCancelForm(request.POST)
        call = lambda data: services.session_cancel(session=session, by=request.user, **data)  # noqa: E731
    else:
        raise Http404
    return submit_step(request, group, form, call, services.GroupError)
