"""The columns of the groups list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

GROUP_COLUMNS = [
    Column(_("name"), lambda g: g.name),
    Column(_("community"), lambda g: g.region.name),
    Column(_("social worker"), lambda g: g.social_worker.name),
    Column(_("stage"), choice("status")),
]
