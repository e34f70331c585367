"""The columns of the volunteer and recipient lists' exports (core/export.py): what the lists show, masked."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.export import Column, choice

VOLUNTEER_COLUMNS = [
    Column(pgettext_lazy("person", "Name"), lambda v: v.user.name),
    Column(_("Volunteer number"), lambda v: v.volunteer_number),
    Column(_("Sex"), choice("sex")),
    Column(_("Kind"), choice("kind")),
    Column(_("Area of residence"), lambda v: v.region.name),
    Column(_("Mobile number"), lambda v: v.user.masked_phone),
    Column(_("Status"), choice("status")),
    Column(_("registered"), lambda v: v.registered_at),
]

RECIPIENT_COLUMNS = [
    Column(pgettext_lazy("person", "Name"), lambda r: r.name),
    Column(_("Sex"), choice("sex")),
    Column(_("Groups"), lambda r: "、".join(group.label for group in r.groups.all())),
    Column(_("Community"), lambda r: r.region.name),
    Column(_("Telephone"), lambda r: r.masked_phone),
]
