"""Changing a need's details until it is answered: the service `need_update`, kept apart from the steps of a
need's life (needs/services.py), which it does not take."""

from django.db import transaction
from django.utils.translation import gettext as _

from needs.models import EventKind, Need, Status
from needs.services import NeedError, _require_within_a_year, need_event_add, require_window

EDITABLE_STATUSES = (Status.NEW, Status.TRIAGED)
EDITABLE_FIELDS = (
    "service_field", "description", "address", "latitude", "longitude", "wanted_on", "wanted_until", "wanted_part",
    "recurrence", "language", "gender_preference", "required_qualification", "suitable_for_minors", "max_distance_km",
    "people",
)  # fmt: skip


def need_editable(need: Need) -> bool:
    return need.status in EDITABLE_STATUSES


@transaction.atomic
def need_update(*, need: Need, by, data: dict) -> Need:
    """Change what a need asks for while nobody has answered it (waiting for triage, or triaged). Once a task,
    a dispatch, a service or a case answers it, those who answer rely on what it said: refused."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not need_editable(need):
        raise NeedError(
            _(
                "This need can no longer be edited: it has been answered (%(status)s). Record what changed as a "
                "new need, or end this one with a reason."
            )
            % {"status": need.get_status_display()}
        )
    _require_within_a_year(data.get("wanted_on"))
    require_window(data, need)
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data and getattr(need, name) != data[name]:
            setattr(need, name, data[name])
            changed.append(name)
    if changed:
        need.save(update_fields=changed)
    if "required_skills" in data:
        before = set(need.required_skills.values_list("pk", flat=True))
        after = {skill.pk for skill in data["required_skills"]}
        if before != after:
            need.required_skills.set(data["required_skills"])
            changed.append("required_skills")
    if changed:
        labels = [str(Need._meta.get_field(name).verbose_name) for name in changed]
        need_event_add(need=need, kind=EventKind.EDITED, by=by, note="、".join(labels))
    return need
