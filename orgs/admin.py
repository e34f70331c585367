from django.contrib import admin

from orgs.models import Organisation, TeamMembership


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    raw_id_fields = ["volunteer", "decided_by"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "department", "region", "active"]
    list_filter = ["kind", "department", "active"]
    search_fields = ["name"]
    raw_id_fields = ["region"]
    filter_horizontal = ["service_fields"]
    inlines = [MembershipInline]
