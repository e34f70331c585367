from django.contrib import admin

from resources.models import Resource, ResourceUse


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "kind", "capacity", "unit", "period", "valid_until", "public"]
    list_filter = ["kind", "public"]
    raw_id_fields = ["provider", "area"]


admin.site.register(ResourceUse, admin.ModelAdmin)
