from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from intan_wpl.models import InstanceProfile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "email", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Peran di portal"), {"fields": ["role", "full_name", "nip"]}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Peran di portal"), {"fields": ["role", "full_name"]}),
    )


@admin.register(InstanceProfile)
class InstanceProfileAdmin(SimpleHistoryAdmin):
    list_display = ["agency_short_name", "province_name", "time_zone"]

    def has_add_permission(self, request):
        return False  # one row, created by the migration

    def has_delete_permission(self, request, obj=None):
        return False
