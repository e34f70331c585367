from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from core.access import register_rule
        from regions.access import area_staff_rule

        register_rule("match_run", area_staff_rule)
