from django.db import transaction

from needs.models import Status
from projects.models import Project, Target


@transaction.atomic
def project_save(*, project: Project, by, target_groups=None, teams=None, resources=None) -> Project:
    project.save()
    for name, values in (("target_groups", target_groups), ("teams", teams), ("resources", resources)):
        if values is not None:
            getattr(project, name).set(values)
    return project


SERVED_STATUSES = (Status.SERVED, Status.CLOSED)


def target_progress(target: Target) -> int:
    """Served needs (served, or closed with evaluation) matched to the target's service item."""
    return target.service_item.needs.filter(status__in=SERVED_STATUSES).count()


@transaction.atomic
def project_add_part(*, project: Project, part):
    """Add a service item or a target to a project."""
    part.project = project
    part.save()
    return part
