from django.apps import AppConfig


class QianniuConfig(AppConfig):
    name = "qianniu"
    verbose_name = "Qianniu"
