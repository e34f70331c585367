from django.contrib import admin

from groupwork.models import Group, Session


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "social_worker", "status"]
    list_filter = ["status"]
    raw_id_fields = ["region", "social_worker"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["group", "number", "on"]
    raw_id_fields = ["group", "present"]
