from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from core.access import register_rule
        from stats.access import fact_rule

        register_rule("stats_fact", fact_rule)

        from needs.selectors import list_filter_register
        from stats.unserved import needs_unserved

        list_filter_register("unserved", needs_unserved)  # the needs behind each "not answered" figure
