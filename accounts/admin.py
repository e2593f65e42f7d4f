from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from knox.models import AuthToken

from .models import ApiToken, Profile

# knox registers its own token model, which the portal replaces with ApiToken.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see and delete tokens; people create theirs on the API tokens page."""

    list_display = ("name", "user", "created", "last_used", "expiry")
    list_filter = ("expiry",)
    search_fields = ("name", "user__username")
    fields = ("name", "user", "created", "last_used", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """The organisation each person works for, read-only: it is recorded through the
    accounts services, which audit it."""

    list_display = ("user", "organisation")
    list_filter = ("organisation",)
    search_fields = ("user__username", "user__last_name", "organisation__name")
    fields = ("user", "organisation")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
