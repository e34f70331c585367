"""The kinds of import, each a class with `columns`, `read_row`, `look_up` and `write`."""

from transfer.kinds.attendance import AttendanceImport
from transfer.kinds.national import NationalRosterImport
from transfer.kinds.recipients import RecipientImport
from transfer.kinds.resources import ResourceImport
from transfer.kinds.teams import TeamImport
from transfer.kinds.volunteers import VolunteerImport

IMPORTS = {
    "volunteers": VolunteerImport,
    "national": NationalRosterImport,
    "recipients": RecipientImport,
    "teams": TeamImport,
    "resources": ResourceImport,
    "attendance": AttendanceImport,
}
