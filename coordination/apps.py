from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination group")

    def ready(self):
        from coordination.access import campaign_rule, group_rule, meeting_rule, supervised_item_rule
        from core.access import register_rule

        register_rule("coordination_group", group_rule)
        register_rule("coordination_meeting", meeting_rule)
        register_rule("supervised_item", supervised_item_rule)
        register_rule("campaign", campaign_rule)
