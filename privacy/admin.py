from django.contrib import admin

from privacy.models import PIRequest


@admin.register(PIRequest)
class PIRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are decided on their page, where nobody decides their own."""

    list_display = ["pk", "kind", "item", "county", "status", "filed_at", "due_on", "escalated_at"]
    list_filter = ["status", "kind"]
    exclude = ["detail", "reason", "answer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
