from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from signin.forms import AdminLoginForm


class QianniuAdminSite(admin.AdminSite):
    """The back office: signed in by mobile number through the same lockout as the site, and open only to a
    session that has given its second factor (every back-office user must have one; signin.middleware sends
    them to set it up or to give it)."""

    login_form = AdminLoginForm
    site_header = site_title = _("Qianniu back office")

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()
