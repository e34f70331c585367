"""Who will come and when, as the resident reads it on their requests: the accepted tasks' volunteers, masked as
a recipient's name is for a volunteer (张*), their mobile number masked, and the day."""

from needs.models import Task, TaskStatus


def visits_coming(needs) -> dict[int, list[dict]]:
    """For a page of needs, by need pk, in one query: what the resident may know of each accepted task."""
    from core.templatetags.core_tags import mask_name

    tasks = (
        Task.objects.filter(need__in=[need.pk for need in needs], status=TaskStatus.ACCEPTED)
        .select_related("volunteer__user", "team", "need")
        .order_by("on", "pk")
    )
    coming: dict[int, list[dict]] = {}
    for task in tasks:
        user = task.volunteer.user if task.volunteer_id else None
        coming.setdefault(task.need_id, []).append(
            {
                "who": mask_name(user.name) if user else str(task.team),
                "phone": user.masked_phone if user else "",
                "on": task.on,
                "part": task.need.get_wanted_part_display() if task.need.wanted_part else "",
            }
        )
    return coming
