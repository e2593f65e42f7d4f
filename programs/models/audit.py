"""Audit events: who did what to which object of a program, as which party."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..choices import (
    AuditAction,
    OwningParty,
    Party,
)

if TYPE_CHECKING:
    pass
from .core import Program


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        events = super().bulk_create(objs, *args, **kwargs)
        self.bump_revisions({getattr(e, "program_id", None) for e in events})
        return events

    def bump_revisions(self, program_ids: Iterable[int | None]) -> None:
        """Move on the revision of each program written to (``Program.revision``): every
        audited write comes through here, in the write's own transaction."""
        ids = sorted({pk for pk in program_ids if pk is not None})
        if ids:
            Program.objects.filter(pk__in=ids).update(revision=models.F("revision") + 1)


class AuditEvent(models.Model):
    """Who did what to which object of a program, as which party, changing which fields."""

    program = models.ForeignKey(
        Program, null=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Kept if the user is removed.")
    actor_party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=250)
    changes: models.JSONField[Any, Any] = models.JSONField(
        default=dict, help_text="Field name to [before, after]."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display().lower()} {self.target_repr}"
