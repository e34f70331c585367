"""The columns of the projects list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

PROJECT_COLUMNS = [
    Column(_("name"), lambda p: p.name),
    Column(_("owner agency"), lambda p: str(p.owner)),
    Column(_("method"), choice("method")),
    Column(_("area"), lambda p: p.region.name),
    Column(_("lead social worker"), lambda p: p.lead.name),
    Column(_("starts"), lambda p: p.starts_on),
    Column(_("ends"), lambda p: p.ends_on),
]
