"""The Django admin shows the programs' data read-only: every write goes through the
services, which check the access policy and audit it, so the admin cannot write around them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    AuditEvent,
    Document,
    DocumentVersion,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    Organisation,
    PlayActivity,
    Program,
    Signature,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "customer", "provider", "phase", "status", "status_date"]
    list_filter = ["phase", "status"]
    search_fields = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "program", "party", "role", "is_signatory"]
    list_filter = ["party", "role", "is_signatory", "program"]
    search_fields = ["user__username", "program__code"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "program", "actor_name", "actor_party", "action", "target_repr"]
    list_filter = ["action", "actor_party", "program"]
    date_hierarchy = "created_at"


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "status", "phase", "revision", "approved_at"]
    list_filter = ["status", "document__kind"]


for model in (Organisation, PlayActivity, OnboardingItem, GlossaryTerm, Document, Signature):
    admin.site.register(model, ReadOnlyAdmin)
