"""The sections needs adds to a recipient's file (people.file), registered in NeedsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from needs import selectors
from people.file import FileSection, register_file_section


def register():
    for section in (
        FileSection("visits", _("Home visits"), "needs/file/visits.html", selectors.recipient_visits,
                    order="-visited_at", position=10),
        FileSection("needs", _("Needs"), "needs/file/needs.html", selectors.recipient_needs,
                    order="-created_at", position=20),
        FileSection("tasks", _("Tasks and who served"), "needs/file/tasks.html", selectors.recipient_tasks,
                    order="-on", position=30),
        FileSection("evaluations", _("Evaluations"), "needs/file/evaluations.html",
                    selectors.recipient_evaluations, order="-at", position=60),
    ):  # fmt: skip
        register_file_section(section)
