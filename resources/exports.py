"""The columns of the resources list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

RESOURCE_COLUMNS = [
    Column(_("Name"), lambda r: r.name),
    Column(_("Offered by"), lambda r: str(r.provider)),
    Column(_("Kind"), choice("kind")),
    Column(_("Area covered"), lambda r: str(r.area)),
    Column(_("capacity"), lambda r: r.capacity),
    Column(_("unit"), lambda r: r.unit),
    Column(_("Valid until"), lambda r: r.valid_until),
]
