"""The section projects adds to a recipient's file (people.file), registered in ProjectsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from people.file import FileSection, register_file_section
from projects.selectors import recipient_service_items


def register():
    register_file_section(
        FileSection("items", _("Project services"), "projects/file/items.html", recipient_service_items, position=40)
    )
