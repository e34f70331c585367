"""Who decides a correction of hours that came from an activity, registered with ledger in
ActivitiesConfig.ready()."""

from django.db.models import Q

from activities.models import Activity
from ledger.corrections import correction_decider_register


def requests_decided_by(user) -> Q:
    """Requests about hours of activities the user leads, organises or oversees, through any earlier
    correction."""
    managed = Activity.objects.changeable_by(user)
    return Q(attendance__activity__in=managed) | Q(entry__attendance__activity__in=managed)


def register() -> None:
    correction_decider_register("activity", requests_decided_by)
