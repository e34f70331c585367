from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from core.access import register_rule
        from projects import answers
        from regions.access import area_staff_rule

        register_rule("project", area_staff_rule)

        answers.register()  # how projects answers a need

        from projects import file_sections

        file_sections.register()  # its section of a recipient's file
