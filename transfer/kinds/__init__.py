"""The kinds of import, each a class with `columns`, `read_row`, `look_up` and `write`."""

from transfer.kinds.recipients import RecipientImport
from transfer.kinds.volunteers import VolunteerImport

IMPORTS = {"volunteers": VolunteerImport, "national": VolunteerImport, "recipients": RecipientImport}
