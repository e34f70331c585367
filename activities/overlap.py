"""A volunteer is in one place at a time: their attendance at one activity may not overlap their attendance at
another. `attendance_mark` refuses an overlap whichever path marks it; an import previews the same rule for a
whole file with `overlapping` and `overlap_message`."""

from django.db.models import Q
from django.utils.translation import gettext as _

from activities.models import Attendance


def overlapping(attendance: Attendance, *, activity_id: int, start, end) -> bool:
    """Whether `attendance` (at another activity) overlaps `start`..`end` at `activity_id`: an open check-in
    counts until its activity ends; back to back is no overlap."""
    other_end = attendance.checked_out_at or attendance.activity.ends_at
    return attendance.activity_id != activity_id and attendance.checked_in_at < end and other_end > start


def near(volunteer_ids, start, end):
    """The attendance of `volunteer_ids` that may overlap `start`..`end` (to be narrowed with `overlapping`)."""
    return (
        Attendance.objects.filter(volunteer_id__in=volunteer_ids, checked_in_at__lt=end)
        .filter(Q(checked_out_at__gt=start) | Q(checked_out_at__isnull=True))
        .select_related("activity")
    )


def overlap_message(attendance: Attendance) -> str:
    return _("Overlaps the volunteer's attendance at “%(activity)s”.") % {"activity": attendance.activity.title}


def first_overlap(*, volunteer_id: int, activity_id: int, start, end) -> Attendance | None:
    return next(
        (
            other
            for other in near([volunteer_id], start, end).order_by("checked_in_at", "pk")
            if overlapping(other, activity_id=activity_id, start=start, end=end)
        ),
        None,
    )
