"""The recruitment page of an activity: whom to invite, in order, with the reasons (matching/recruit.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from activities.invitations import activity_invite
from activities.models import Activity
from activities.services import ActivityError
from core.access import get_for_user, scoped
from matching.recruit import recruitment


def _activity(request, pk) -> Activity:
    """Only those who may change the activity (its organisers and the staff of its area) recruit for it; to
    anyone else its recruitment does not exist (404), though a published activity's page is public."""
    activities = Activity.objects.changeable_by(request.user).select_related("region", "required_qualification")
    return get_for_user(activities, request.user, pk)


@scoped("activity")
def activity_recruit(request, pk):
    activity = _activity(request, pk)
    return render(request, "matching/recruit.html", {"recruitment": recruitment(activity, request.user)})


@scoped("activity")
@require_POST
def activity_invite_chosen(request, pk):
    """Invite the chosen candidates. Only volunteers the page proposes now may be invited: a forged id, one out
    of the organiser's scope, or one who signed up or was invited meanwhile refuses the whole choice."""
    activity = _activity(request, pk)
    proposed = {c.volunteer.pk: c.volunteer for c in recruitment(activity, request.user).candidates}
    try:
        chosen = [int(pk) for pk in request.POST.getlist("volunteer")]
    except ValueError:
        chosen = [0]
    if any(pk not in proposed for pk in chosen):
        messages.error(request, _("Some of those chosen are not among the candidates any more. Choose again."))
        return redirect("matching:recruit", pk=activity.pk)
    try:
        invited = activity_invite(activity=activity, volunteers=[proposed[pk] for pk in chosen], by=request.user)
    except ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext("%(n)s volunteer invited.", "%(n)s volunteers invited.", len(invited)) % {"n": len(invited)},
        )
    return redirect("matching:recruit", pk=activity.pk)
