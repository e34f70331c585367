"""The section casework adds to a recipient's file (people.file), registered in CaseworkConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from casework.selectors import recipient_cases
from people.file import FileSection, register_file_section


def register():
    register_file_section(
        FileSection("cases", _("Cases"), "casework/file/cases.html", recipient_cases, order="-opened_at",
                    position=50)
    )  # fmt: skip
