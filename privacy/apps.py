from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal information")

    def ready(self):
        from core.access import register_rule
        from privacy.access import pi_request_rule

        register_rule("pi_request", pi_request_rule)
