"""The columns of the matching runs list's export (core/export.py)."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

RUN_COLUMNS = [
    Column("#", lambda r: r.pk),
    Column(_("area"), lambda r: r.region.name),
    Column(_("from"), lambda r: r.starts_on),
    Column(_("weeks"), lambda r: r.weeks),
    Column(_("status"), choice("status")),
    Column(_("proposals"), lambda r: r.proposed_count),
    Column(_("without a proposal"), lambda r: r.unserved_count),
    Column(_("started by"), lambda r: r.created_by.name),
    Column(_("started"), lambda r: r.created_at),
]
