from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Department dispatch")

    def ready(self):
        from dispatch import answers

        answers.register()  # how dispatch answers a need
