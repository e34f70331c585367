"""Activities and their attendance: read through the owner's scope; attendance marked by the activity's
leader through activities.services, as on the activity's page."""

import datetime

from ninja import Query, Router, Schema, Status

from activities.forms import MarkAttendanceForm
from activities.models import Activity
from activities.selectors import markable_volunteers
from activities.services import attendance_mark
from api.auth import read, write
from api.errors import FormInvalid
from api.paging import Page, page_of
from api.schemas import ActivityOut, AttendanceOut, Problem, activity_out, attendance_out
from core.access import get_for_user

router = Router(tags=["activities"])


def _activities(user):
    return Activity.objects.visible_to(user).select_related("organiser", "region")


@router.get("/activities", response=Page[ActivityOut], auth=read("activities"))
def activity_list(request, after: int = Query(None, ge=1), limit: int = Query(50, ge=1, le=100)):
    """Published activities, and those the owner organises or works on."""
    return page_of(request, _activities(request.user), activity_out, limit=limit)


@router.get("/activities/{activity_id}", response=ActivityOut, auth=read("activities"))
def activity_read(request, activity_id: int):
    return activity_out(get_for_user(_activities(request.user), request.user, activity_id))


@router.get(
    "/activities/{activity_id}/attendance",
    response={200: Page[AttendanceOut]},
    auth=read("activities"),
)
def attendance_list(request, activity_id: int, after: int = Query(None, ge=1), limit: int = Query(50, ge=1, le=100)):
    """Who came, for those who manage the activity (its leader, the area's workers)."""
    activity = get_for_user(_activities(request.user), request.user, activity_id, change=True)
    rows = activity.attendances.select_related("volunteer__user")
    return Status(200, page_of(request, rows, attendance_out, limit=limit))


class AttendanceIn(Schema):
    volunteer: int
    checked_in_at: datetime.datetime
    checked_out_at: datetime.datetime


@router.post(
    "/activities/{activity_id}/attendance",
    response={201: AttendanceOut, 409: Problem},
    auth=write("activities"),
)
def attendance_create(request, activity_id: int, payload: AttendanceIn):
    """Mark a volunteer present, as the leader does on the activity's page (the hours go to the ledger)."""
    activity = get_for_user(_activities(request.user), request.user, activity_id, change=True)
    data = {
        "volunteer": payload.volunteer,
        "checked_in_at": payload.checked_in_at.isoformat(),
        "checked_out_at": payload.checked_out_at.isoformat(),
    }
    form = MarkAttendanceForm(data, volunteers=markable_volunteers(request.user, activity))
    if not form.is_valid():
        raise FormInvalid(form)
    attendance = attendance_mark(activity=activity, by=request.user, **form.cleaned_data)
    return Status(201, attendance_out(activity.attendances.select_related("volunteer__user").get(pk=attendance.pk)))
