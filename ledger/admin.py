from django.contrib import admin

from ledger.models import (
    Award,
    Certificate,
    Exchange,
    LedgerEntry,
    Qualification,
    ServiceEvaluation,
    ShopItem,
    TrainingSession,
)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read only: the ledger is append-only; corrections go through the record page."""

    list_display = ["region", "seq", "volunteer", "kind", "activity_name", "on", "hours", "late"]
    list_filter = ["kind", "late"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShopItem)
class ShopItemAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "points", "stock", "active"]
    list_editable = ["points", "stock", "active"]
    raw_id_fields = ["region"]


admin.site.register([Qualification, TrainingSession, Award, ServiceEvaluation, Exchange, Certificate], admin.ModelAdmin)
