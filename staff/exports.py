"""The columns of the staff list's export (core/export.py): what the list shows, the mobile number masked."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.export import Column


def _roles(account) -> str:
    return "；".join(f"{g.get_role_display()} · {g.region or g.organisation}" for g in account.grants.all())


STAFF_COLUMNS = [
    Column(pgettext_lazy("person", "Name"), lambda u: u.name),
    Column(_("Mobile number"), lambda u: u.masked_phone),
    Column(_("Roles"), _roles),
    Column(_("Status"), lambda u: _("active") if u.is_active else _("ended")),
]
