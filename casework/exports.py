"""The columns of the case list's export (core/export.py): what the list shows, the person's telephone masked."""

from django.utils.translation import gettext_lazy as _

from casework.models import Case
from core.export import Column, choice, labels

_label = labels(Case)


CASE_COLUMNS = [
    Column("#", lambda c: c.pk),
    Column(_label("recipient"), lambda c: c.recipient.name),
    Column(_("Telephone"), lambda c: c.recipient.masked_phone),
    Column(_label("region"), lambda c: c.region.name),
    Column(_label("status"), choice("status")),
    Column(_label("crisis"), lambda c: _("crisis") if c.crisis else ""),
    Column(_label("social_worker"), lambda c: c.social_worker.name),
    Column(_label("opened_at"), lambda c: c.opened_at),
]
