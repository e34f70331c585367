from django.contrib import admin

from projects.models import Project, ServiceItem, Target


class ItemInline(admin.TabularInline):
    model = ServiceItem
    extra = 0
    exclude = ["needs"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "method", "starts_on", "ends_on", "government_purchase"]
    raw_id_fields = ["region", "owner", "lead"]
    filter_horizontal = ["target_groups", "teams", "resources"]
    inlines = [ItemInline, TargetInline]
