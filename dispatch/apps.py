from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Department dispatch")

    def ready(self):
        from core.access import register_rule
        from dispatch import answers
        from dispatch.access import dispatch_rule

        register_rule("dispatch", dispatch_rule)

        answers.register()  # how dispatch answers a need

        from dispatch import file_sections

        file_sections.register()  # its section of a recipient's file
        from dispatch import queues

        queues.register()  # what waits for someone on their home page
