from django.contrib import admin

from dispatch.models import Dispatch


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["need", "department", "status", "deadline", "escalated_at"]
    list_filter = ["status", "department"]
    raw_id_fields = ["need", "department", "sent_by", "answered_by"]
