from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs")

    def ready(self):
        from core.access import register_rule
        from needs.access import need_rule, task_rule

        register_rule("need", need_rule)
        register_rule("task", task_rule)

        from needs import queues

        queues.register()  # what waits for someone on their home page
