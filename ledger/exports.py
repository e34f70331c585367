"""The columns of the training list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.export import Column

TRAINING_COLUMNS = [
    Column(_("title"), lambda s: s.title),
    Column(_("date"), lambda s: s.on),
    Column(_("hours"), lambda s: s.hours),
    Column(_("trainer"), lambda s: s.trainer.name),
    Column(_("community"), lambda s: s.region.name),
]

# The correction requests waiting for the user (`/corrections/`), as the page lists them, the volunteer's mobile
# number masked.
CORRECTION_COLUMNS = [
    Column("#", lambda r: r.pk),
    Column(pgettext_lazy("person", "Name"), lambda r: r.entry.volunteer.user.name),
    Column(_("Volunteer number"), lambda r: r.entry.volunteer.volunteer_number),
    Column(_("Mobile number"), lambda r: r.entry.volunteer.user.masked_phone),
    Column(_("activity"), lambda r: r.entry.activity_name),
    Column(_("date"), lambda r: r.entry.on),
    Column(_("hours"), lambda r: r.entry.hours),
    Column(_("correct hours"), lambda r: r.hours),
    Column(_("reason"), lambda r: r.reason),
    Column(_("Asked"), lambda r: r.asked_at),
]
