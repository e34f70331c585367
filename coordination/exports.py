"""The columns of the export of a coordination group's supervised items (core/export.py): what the group's page
lists, the meeting that decided each, and who reported it done with their mobile number masked."""

from django.utils.translation import gettext_lazy as _

from coordination.models import SupervisedItem
from core.export import Column, choice


def _label(name: str):
    return SupervisedItem._meta.get_field(name).verbose_name


ITEM_COLUMNS = [
    Column("#", lambda i: i.pk),
    Column(_label("decision"), lambda i: i.decision),
    Column(_label("owner"), lambda i: i.owner.name),
    Column(_label("deadline"), lambda i: i.deadline),
    Column(_label("status"), choice("status")),
    Column(_label("escalated_at"), lambda i: i.escalated_at),
    Column(_("meeting"), lambda i: i.meeting.title),
    Column(_("Reported by"), lambda i: i.reported_by.name if i.reported_by else ""),
    Column(_("Mobile number"), lambda i: i.reported_by.masked_phone if i.reported_by else ""),
]
