"""Reads of activities shared by the pages and the API."""

from django.db.models import Q

from people.models import Volunteer
from people.selectors import pickable_volunteers


def markable_volunteers(user, activity):
    """Volunteers the leader may mark present: those they may see, and those signed up for the activity."""
    return Volunteer.objects.filter(
        Q(pk__in=pickable_volunteers(user).values("pk")) | Q(signups__activity=activity)
    ).distinct()
