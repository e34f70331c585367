from django.contrib import admin

from dictionaries.models import Language, RecipientTag, ServiceField, Skill, TargetGroup


@admin.register(ServiceField, Skill, Language, TargetGroup)
class DictionaryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(RecipientTag)
class RecipientTagAdmin(DictionaryAdmin):
    list_display = [*DictionaryAdmin.list_display, "group", "sensitive"]
    list_filter = ["group", "sensitive"]
