from django.contrib import admin

from core.admin import ReadOnlyAdmin
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
class LedgerEntryAdmin(ReadOnlyAdmin):
    """Read only: the ledger is append-only; corrections go through the record page."""

    list_display = ["region", "seq", "volunteer", "kind", "activity_name", "on", "hours", "late"]
    list_filter = ["kind", "late"]


@admin.register(ShopItem)
class ShopItemAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "points", "stock", "active"]
    list_editable = ["points", "stock", "active"]
    raw_id_fields = ["region"]


admin.site.register([Qualification, TrainingSession, Award, ServiceEvaluation, Exchange, Certificate], admin.ModelAdmin)
