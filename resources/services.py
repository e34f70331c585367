from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needs.models import EventKind
from needs.services import NeedError, need_answer, need_event_add
from resources.models import Resource, ResourceUse


@transaction.atomic
def resource_save(*, resource: Resource, by) -> Resource:
    resource.save()
    return resource


@transaction.atomic
def resource_use_record(*, resource: Resource, by, quantity: int, need=None, note: str = "", on=None) -> ResourceUse:
    """Record what a resource served; refused past its validity or its remaining capacity."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    on = on or timezone.localdate()
    if (resource.valid_from and on < resource.valid_from) or (resource.valid_until and on > resource.valid_until):
        raise NeedError(_("This resource is not valid on that date."))
    remaining = resource.remaining(on)
    if remaining is not None and quantity > remaining:
        raise NeedError(_("Only %(n)s %(unit)s remain in this period.") % {"n": remaining, "unit": resource.unit})
    if need is not None:
        need = need_answer(need=need)
    use = ResourceUse.objects.create(
        resource=resource, need=need, quantity=quantity, used_on=on, note=note, recorded_by=by
    )
    if need is not None:
        need_event_add(need=need, kind=EventKind.RESOURCE_USED, by=by, note=f"{resource} × {quantity}")
    return use
