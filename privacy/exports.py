"""The columns of the export of the personal-information requests list (core/export.py): what the list shows,
and the person's mobile number masked. What the request says (detail, reason, answer) stays on its page."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice, labels
from privacy.models import PIRequest

_label = labels(PIRequest)


REQUEST_COLUMNS = [
    Column("#", lambda r: r.pk),
    Column(_label("kind"), choice("kind")),
    Column(_label("item"), choice("item")),
    Column(_("Person"), lambda r: r.requester.name),
    Column(_("Mobile number"), lambda r: r.requester.masked_phone),
    Column(_("County"), lambda r: r.county.name),
    Column(_("Filed"), lambda r: r.filed_at),
    Column(_("Due"), lambda r: r.due_on),
    Column(_label("status"), choice("status")),
    Column(_label("decided_at"), lambda r: r.decided_at),
]
