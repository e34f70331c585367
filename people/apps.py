from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self):
        from core.access import register_rule, register_scope_builder
        from people.access import consent_rule, recipient_rule, scope_build, social_worker_rule, volunteer_rule

        register_scope_builder(scope_build)
        register_rule("volunteer", volunteer_rule)
        register_rule("recipient", recipient_rule)
        register_rule("social_worker", social_worker_rule)
        register_rule("consent", consent_rule)
        from people import notify_contacts

        notify_contacts.register()  # phones, names, areas and ages for notifications
