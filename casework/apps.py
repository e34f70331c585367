from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from casework import answers
        from casework.access import case_archive_rule, case_rule
        from core.access import register_rule

        register_rule("case", case_rule)
        register_rule("case_archive", case_archive_rule)

        answers.register()  # how casework answers a need

        from casework import file_sections

        file_sections.register()  # its section of a recipient's file
        from casework import queues

        queues.register()  # what waits for someone on their home page
