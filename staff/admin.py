from django.contrib import admin

from core.admin import ReadOnlyAdmin
from staff.models import Invitation, StaffAccount, StaffEvent


@admin.register(StaffEvent)
class StaffEventAdmin(ReadOnlyAdmin):
    """Read only: the record of changes to staff is only added to, by the staff pages."""

    list_display = ["at", "user", "action", "detail", "by"]
    list_filter = ["action"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "revoked_at"]
    exclude = ["token_digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(StaffAccount, admin.ModelAdmin)
