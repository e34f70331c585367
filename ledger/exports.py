"""The columns of the training list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column

TRAINING_COLUMNS = [
    Column(_("title"), lambda s: s.title),
    Column(_("date"), lambda s: s.on),
    Column(_("hours"), lambda s: s.hours),
    Column(_("trainer"), lambda s: s.trainer.name),
    Column(_("community"), lambda s: s.region.name),
]
