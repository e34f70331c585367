"""Back office. Sensitive numbers appear masked here too; they are not editable in the admin (the pages of
the product validate them and keep their blind indexes in step)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from people.account_forms import AdminUserCreationForm
from people.models import AccessLog, Consent, Recipient, RoleGrant, SocialWorker, User, Volunteer


class GrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    raw_id_fields = ["region", "organisation", "granted_by"]
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["name", "masked_phone", "is_active", "is_staff", "date_joined"]
    search_fields = ["name", "name_initials", "phone_last4"]
    ordering = ["-date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    readonly_fields = ["masked_phone", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["name", "masked_phone", "password"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_form = AdminUserCreationForm
    add_fieldsets = [(None, {"fields": ["name", "phone", "password1", "password2"]})]
    inlines = [GrantInline]

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def get_inline_instances(self, request, obj=None):
        # Roles are granted once the account exists (the add page asks only for the account itself).
        return super().get_inline_instances(request, obj) if obj is not None else []


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "region", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["volunteer_number", "user__name", "user__name_initials"]
    raw_id_fields = ["user", "region"]
    exclude = ["id_number", "availability"]
    readonly_fields = ["masked_id", "volunteer_number"]
    filter_horizontal = ["skills", "service_fields", "languages"]

    def has_add_permission(self, request):
        return False


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "sex", "region"]
    search_fields = ["name", "name_initials"]
    raw_id_fields = ["region", "user", "created_by"]
    exclude = ["id_number", "phone", "guardian_phone"]
    readonly_fields = ["masked_id", "masked_phone"]
    filter_horizontal = ["groups", "tags"]

    def has_add_permission(self, request):
        return False


@admin.register(SocialWorker)
class SocialWorkerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "qualification", "agency"]
    raw_id_fields = ["user", "agency"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["kind", "given_by", "method", "given_at", "withdrawn_at"]
    raw_id_fields = ["recipient", "volunteer", "recorded_by", "withdrawn_by"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "subject_type", "subject_id", "field_name", "ip"]
    list_filter = ["subject_type", "field_name"]
