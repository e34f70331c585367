from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "transfer"
    verbose_name = _("Imports")

    def ready(self):
        from core.access import register_rule
        from transfer.access import import_job_rule

        register_rule("import_job", import_job_rule)
