from django.contrib import admin

from matching.models import MatchRun, Proposal


class ProposalInline(admin.TabularInline):
    model = Proposal
    fields = ["need", "on", "part", "kind", "volunteer", "km", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    max_num = 0


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["region", "starts_on", "weeks", "status", "proposed_count", "unserved_count", "created_by"]
    list_filter = ["status"]
    readonly_fields = ["timings", "error", "created_by", "created_at", "finished_at"]
    raw_id_fields = ["region"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["run", "need", "on", "kind", "volunteer", "km", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["run", "need", "volunteer", "resource", "service_item", "task", "decided_by"]
