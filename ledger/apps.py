from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Hours ledger")

    def ready(self):
        from core.access import register_rule
        from ledger.access import ledger_entry_rule
        from regions.access import area_staff_rule

        register_rule("ledger_entry", ledger_entry_rule)
        register_rule("training", area_staff_rule)

        from ledger import queues

        queues.register()  # what waits for someone on their home page
