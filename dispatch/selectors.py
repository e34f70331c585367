"""Reads of dispatch: which departments have someone to receive what is sent to them."""

from people.models import Role, RoleGrant


def departments_with_liaison(departments) -> set[int]:
    """The departments (of the given queryset or list) with at least one liaison whose account is active."""
    return set(
        RoleGrant.objects.filter(
            role=Role.DEPARTMENT_LIAISON, organisation__in=departments, user__is_active=True
        ).values_list("organisation_id", flat=True)
    )


def has_liaison(department) -> bool:
    return department.pk in departments_with_liaison([department])
