from django.contrib import admin

from mediation.models import Dispute


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    """The status and the people; the dispute's content is read on its page."""

    list_display = ["pk", "kind", "region", "status", "mediator", "resolved"]
    list_filter = ["kind", "status"]
    fields = ["kind", "region", "status", "social_worker", "mediator", "agreement_reached", "resolved"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
