"""Back-office pieces shared by the apps."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A back-office list that only reads: its rows are written by the app's services alone (a ledger, a log,
    a schedule whose every change is recorded), so the back office may neither add, change nor delete them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
