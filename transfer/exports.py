"""The columns of the imports list's export (core/export.py): what the list shows, the rows counted, and who
uploaded with their mobile number masked. The files and their rows stay on the import's page."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice

IMPORT_COLUMNS = [
    Column("#", lambda j: j.pk),
    Column(_("Uploaded"), lambda j: j.created_at),
    Column(_("File"), lambda j: j.filename),
    Column(_("What is imported"), choice("kind")),
    Column(_("Area"), lambda j: j.region.name),
    Column(_("Status"), choice("status")),
    Column(_("rows"), lambda j: j.total_rows),
    Column(_("Uploaded by"), lambda j: j.created_by.name),
    Column(_("Mobile number"), lambda j: j.created_by.masked_phone),
]
