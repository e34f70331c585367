from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from activities import corrections
        from activities.access import activity_rule
        from core.access import register_rule

        register_rule("activity", activity_rule)

        corrections.register()  # who decides a correction of hours from an activity
