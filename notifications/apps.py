from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core.access import register_rule
        from notifications.access import message_rule, notification_rule

        register_rule("notification", notification_rule)
        register_rule("outbox_message", message_rule)
