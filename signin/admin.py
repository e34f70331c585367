"""The back office's account page gains sign-in's action: people's `UserAdmin`, registered again with it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from people.admin import UserAdmin
from people.models import User
from signin.services import lockout_reset

admin.site.unregister(User)


@admin.register(User)
class SigninUserAdmin(UserAdmin):
    actions = [*UserAdmin.actions, "unlock_sign_in"]

    @admin.action(description=_("Unlock sign-in (forget failed attempts)"))
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            lockout_reset(user=user)
        self.message_user(request, _("Sign-in unlocked for %(n)d account(s).") % {"n": queryset.count()})
