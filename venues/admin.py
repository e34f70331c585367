from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.admin import ReadOnlyAdmin
from venues.models import OfficialDay


@admin.register(OfficialDay)
class OfficialDayAdmin(ReadOnlyAdmin):
    """Read only: the days are entered and removed on the page 法定节假日安排 (venues:official_days), whose services
    record who changed what (OfficialDayChange); an edit here would change every county's calendar unrecorded."""

    list_display = ["on", "kind", "name"]
    list_filter = ["kind", "name"]
    date_hierarchy = "on"

    def changelist_view(self, request, extra_context=None):
        messages.info(
            request,
            format_html(
                _('The schedule is changed on <a href="{url}">its page</a>, which records who changed what.'),
                url=reverse("venues:official_days"),
            ),
        )
        return super().changelist_view(request, extra_context)
