"""Reads of dispatch shared with other pages: what departments were asked to do for a recipient, and which
departments have someone to receive what is sent to them."""

from dispatch.models import Dispatch
from people.models import Role, RoleGrant


def recipient_dispatches(user, recipient):
    return Dispatch.objects.visible_to(user).filter(need__recipient=recipient).select_related("department")


def departments_with_liaison(departments) -> set[int]:
    """The departments (of the given queryset or list) with at least one liaison whose account is active."""
    return set(
        RoleGrant.objects.filter(
            role=Role.DEPARTMENT_LIAISON, organisation__in=departments, user__is_active=True
        ).values_list("organisation_id", flat=True)
    )


def has_liaison(department) -> bool:
    return department.pk in departments_with_liaison([department])
