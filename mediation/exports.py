"""The columns of the disputes list's export (core/export.py): what the list shows, no party and no note."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

DISPUTE_COLUMNS = [
    Column("#", lambda d: d.pk),
    Column(_("kind"), choice("kind")),
    Column(_("community"), lambda d: d.region.name),
    Column(_("stage"), choice("status")),
    Column(_("mediator"), lambda d: d.mediator.user.name if d.mediator else ""),
    Column(_("created"), lambda d: d.created_at),
]
