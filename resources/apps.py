from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from core.access import register_rule
        from resources import answers
        from resources.access import resource_rule

        register_rule("resource", resource_rule)

        answers.register()  # how resources answers a need

        from resources import file_sections

        file_sections.register()  # its section of a recipient's file
