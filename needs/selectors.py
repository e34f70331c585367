"""Reads of needs shared with other pages: a recipient's history in the viewer's scope."""

from core.access import can_change, scope_of
from needs.models import Evaluation, HomeVisit, Need, Task
from regions.access import in_paths


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
