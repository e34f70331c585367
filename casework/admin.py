from django.contrib import admin

from casework.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Only the status and the people: the content stays out of the back office (read on the case page, where
    every read is logged)."""

    list_display = ["pk", "recipient", "social_worker", "status", "crisis", "opened_at"]
    list_filter = ["status", "crisis"]
    fields = ["recipient", "social_worker", "region", "status", "crisis", "opened_at", "closed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
