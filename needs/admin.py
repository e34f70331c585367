from django.contrib import admin

from needs.models import Evaluation, HomeVisit, Need, NeedEvent, Task


class EventInline(admin.TabularInline):
    model = NeedEvent
    extra = 0
    readonly_fields = ["kind", "at", "by", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    """Read-mostly: a need changes state through the product's pages, which write the timeline."""

    list_display = ["pk", "service_field", "urgency", "status", "region", "created_at"]
    list_filter = ["status", "urgency", "crisis", "source"]
    raw_id_fields = ["recipient", "home_visit", "region", "created_by", "language"]
    readonly_fields = ["status", "response_due_at", "escalated_at", "ended_at"]
    inlines = [EventInline]


admin.site.register([HomeVisit, Task, Evaluation], admin.ModelAdmin)
