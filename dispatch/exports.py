"""The columns of the dispatch list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

DISPATCH_COLUMNS = [
    Column("#", lambda d: d.need.pk),
    Column(_("Service field"), lambda d: d.need.service_field.label if d.need.service_field else ""),
    Column(_("Region"), lambda d: d.need.region.name),
    Column(_("Department"), lambda d: str(d.department)),
    Column(_("Status"), choice("status")),
    Column(_("deadline"), lambda d: d.deadline),
]
