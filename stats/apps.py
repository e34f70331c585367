from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from core.access import register_rule
        from stats.access import fact_rule

        register_rule("stats_fact", fact_rule)
