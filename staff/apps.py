from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")

    def ready(self):
        from core.access import register_rule
        from staff.access import duty_shift_rule, staff_rule

        register_rule("staff", staff_rule)
        register_rule("duty_shift", duty_shift_rule)
