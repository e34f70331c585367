"""The columns of the needs list's export (core/export.py): what the list shows."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

NEED_COLUMNS = [
    Column("#", lambda n: n.pk),
    Column(_("Recipient"), lambda n: n.recipient.name if n.recipient else n.region.name),
    Column(_("Region"), lambda n: n.region.name),
    Column(_("Service field"), lambda n: n.service_field.label if n.service_field else ""),
    Column(_("Urgency"), choice("urgency")),
    Column(_("Status"), choice("status")),
    Column(_("Response due"), lambda n: n.response_due_at),
    Column(_("created"), lambda n: n.created_at),
]
