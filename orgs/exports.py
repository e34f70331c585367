"""The columns of the organisation and team lists' exports (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column

ORGANISATION_COLUMNS = [
    Column(_("Name"), lambda o: o.name),
    Column(_("Kind"), lambda o: o.get_department_display() or o.get_kind_display()),
    Column(_("Region"), lambda o: o.region.name),
    Column(_("Service fields"), lambda o: "、".join(field.label for field in o.service_fields.all())),
]
