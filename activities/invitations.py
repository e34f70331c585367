"""Inviting volunteers to an activity (the organiser's recruitment page, matching/recruit.py): an invitation
row each and a notification; the volunteer signs up themselves."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityStatus, Invitation
from activities.services import ActivityError
from notifications.services import notification_raise


@transaction.atomic
def activity_invite(*, activity: Activity, volunteers, by) -> list[Invitation]:
    """Invite each volunteer once. Refused whole, nothing written, when the activity is not published or has
    begun, or when one of them has been invited already."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != ActivityStatus.PUBLISHED:
        raise ActivityError(_("Publish the activity before inviting volunteers: they sign up on its page."))
    if activity.starts_at <= timezone.now():
        raise ActivityError(_("This activity has begun; nobody can be invited any more."))
    volunteers = list(volunteers)
    if not volunteers:
        raise ActivityError(_("Choose at least one volunteer to invite."))
    again = Invitation.objects.filter(activity=activity, volunteer__in=volunteers).select_related("volunteer__user")
    if again.exists():
        raise ActivityError(
            _("Invited already: %(names)s.") % {"names": "、".join(i.volunteer.user.name for i in again)}
        )
    invitations = Invitation.objects.bulk_create(
        Invitation(activity=activity, volunteer=volunteer, invited_by=by) for volunteer in volunteers
    )
    start = timezone.localtime(activity.starts_at)
    for volunteer in volunteers:
        notification_raise(
            kind="activity_invited",
            event_key=f"activity:{activity.pk}:invited:{volunteer.pk}",
            people=[volunteer.user_id],
            url=reverse("activities:detail", args=[activity.pk]),
            params={
                "activity": activity.title,
                "place": activity.place,
                "day": date_format(start.date()),
                "time": f"{start:%H:%M}",
            },
            region=activity.region,
        )
    return invitations
