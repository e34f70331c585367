from django.contrib import admin

from venues.models import OfficialDay


@admin.register(OfficialDay)
class OfficialDayAdmin(admin.ModelAdmin):
    """The back office enters a year's holidays, days off in lieu and make-up working days once the State Council
    publishes them, for the years the pinned chinesecalendar does not hold."""

    list_display = ["on", "kind", "name"]
    list_filter = ["kind", "name"]
    date_hierarchy = "on"
