"""The section resources adds to a recipient's file (people.file), registered in ResourcesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from people.file import FileSection, register_file_section
from resources.selectors import recipient_resource_uses


def register():
    register_file_section(
        FileSection("uses", _("Resources used"), "resources/file/uses.html", recipient_resource_uses,
                    order="-used_on", position=41)
    )  # fmt: skip
