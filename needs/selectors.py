"""Reads of needs shared with other pages: a recipient's history in the viewer's scope."""

import datetime
from collections.abc import Callable

from django.http import Http404
from django.utils import timezone

from core.access import can_change, scope_of
from needs.models import OPEN_STATUSES, Evaluation, HomeVisit, Need, Status, Task, Urgency
from people.models import Recipient
from regions.access import in_paths
from regions.selectors import regions_in_scope

SERVED_OR_CLOSED = "served_or_closed"

LIST_FILTERS: dict[str, Callable] = {}
"""Filters of the needs list defined by the apps above needs, which know what needs does not (stats: `unserved`,
why a need nobody answered is unserved): {parameter: (needs, value) -> needs}, filled in their AppConfig.ready()."""


def list_filter_register(parameter: str, narrow: Callable) -> None:
    LIST_FILTERS[parameter] = narrow


def _month(text) -> datetime.date | None:
    try:
        month = datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return None  # no month, or not one: filters nothing, as an unknown value of the other filters
    return month if 1900 <= month.year <= 9000 else None


def _month_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def needs_listed(user, params):
    """The needs list as the user filters it (the page and the API): `status` (`open` by default, or one
    status), `urgency`, `overdue=1`, `crisis=1`, `field` and `group` (codes), `region` (a region of the user's
    areas and those below it; another answers 404), `found_from` and `found_to` (months, YYYY-MM: found within
    them, as the dashboards count needs by the month they were found), `q` matching the recipient and those of
    LIST_FILTERS. `status` may also be `served_or_closed`, the dashboards' "served"."""
    needs = Need.objects.visible_to(user).select_related("recipient", "service_field", "region")
    status = params.get("status") or "open"
    if status == "open":
        needs = needs.filter(status__in=OPEN_STATUSES)
    elif status == SERVED_OR_CLOSED:
        needs = needs.filter(status__in=[Status.SERVED, Status.CLOSED])
    elif status in Status.values:
        needs = needs.filter(status=status)
    if params.get("urgency") in Urgency.values:
        needs = needs.filter(urgency=params["urgency"])
    if params.get("crisis") == "1":
        needs = needs.filter(crisis=True)
    if params.get("field"):  # a service field's code (the dashboards' links)
        needs = needs.filter(service_field__code=params["field"])
    if params.get("group"):  # a target group's code: needs of people in it
        needs = needs.filter(recipient__groups__code=params["group"]).distinct()
    if params.get("overdue") == "1":
        needs = needs.filter(status__in=[Status.NEW, Status.TRIAGED], response_due_at__lt=timezone.now())
    first, last = _month(params.get("found_from")), _month(params.get("found_to"))
    if first:
        needs = needs.filter(created_at__gte=_month_start(first))
    if last:
        needs = needs.filter(created_at__lt=_month_start((last + datetime.timedelta(days=32)).replace(day=1)))
    region = params.get("region")
    if region:  # the dashboards' links: a region outside the user's areas is not found
        area = regions_in_scope(user).filter(pk=region).first() if str(region).isdigit() else None
        if area is None:
            raise Http404
        needs = needs.filter(region__path__startswith=area.path)
    for parameter, narrow in LIST_FILTERS.items():
        if params.get(parameter):
            needs = narrow(needs, params[parameter])
    query = (params.get("q") or "").strip()
    if query:
        needs = needs.filter(recipient__in=Recipient.objects.visible_to(user).search(query))
    return needs


def _works_here(user, recipient) -> bool:
    """A worker or admin of the person's area (who may change their record): visits and tasks are theirs to
    read; the person themself reads their own needs and evaluations only."""
    return can_change(user, recipient)


def recipient_visits(user, recipient):
    """Home visits to the person, with the observations noted, for the workers of the area."""
    if not _works_here(user, recipient):
        return None
    visits = HomeVisit.objects.filter(recipient=recipient)
    scope = scope_of(user)
    if not scope.everything:
        visits = visits.filter(in_paths("region", scope.staff_paths))
    return visits.select_related("visited_by").prefetch_related("needs__service_field")


def recipient_needs(user, recipient):
    return Need.objects.visible_to(user).filter(recipient=recipient).select_related("service_field")


def recipient_tasks(user, recipient):
    """The person's tasks and the volunteers or teams who served, for the workers of the area."""
    if not _works_here(user, recipient):
        return None
    return (
        Task.objects.visible_to(user)
        .filter(need__recipient=recipient)
        .select_related("need__service_field", "volunteer__user", "team")
    )


def recipient_evaluations(user, recipient):
    needs = Need.objects.visible_to(user).filter(recipient=recipient)
    return Evaluation.objects.filter(need__in=needs.values("pk")).select_related("need__service_field")
