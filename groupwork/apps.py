from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupworkConfig(AppConfig):
    name = "groupwork"
    verbose_name = _("Group work")

    def ready(self):
        from core.access import register_rule
        from regions.access import area_staff_rule

        register_rule("group", area_staff_rule)
