from django.contrib import admin

from activities.models import Activity, Attendance, Signup


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "starts_at", "quota", "status"]
    list_filter = ["status", "risky"]
    raw_id_fields = ["organiser", "lead", "region", "need", "project", "created_by"]


admin.site.register([Signup, Attendance], admin.ModelAdmin)
