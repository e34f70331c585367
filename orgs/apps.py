from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Organisations")

    def ready(self):
        from core.access import register_rule
        from orgs.access import organisation_rule

        register_rule("organisation", organisation_rule)

        from orgs import queues

        queues.register()  # what waits for someone on their home page
