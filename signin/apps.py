from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    default = True
    name = "signin"
    verbose_name = _("Sign-in")

    def ready(self):
        from signin import signals  # noqa: F401 - connects the sign-in receivers


class SigninAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that signs in by mobile number and asks for the second factor."""

    default = False
    default_site = "signin.admin_site.QianniuAdminSite"
