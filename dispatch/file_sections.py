"""The section dispatch adds to a recipient's file (people.file), registered in DispatchConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from dispatch.selectors import recipient_dispatches
from people.file import FileSection, register_file_section


def register():
    register_file_section(
        FileSection("dispatches", _("Sent to departments"), "dispatch/file/dispatches.html", recipient_dispatches,
                    order="-sent_at", position=42)
    )  # fmt: skip
