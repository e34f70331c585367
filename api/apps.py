from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from api.access import token_rule
        from core.access import register_rule

        register_rule("access_token", token_rule)
