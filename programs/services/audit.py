"""Audit events: every write of the portal records one, in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..choices import AuditAction
from ..concurrency import Revisioned, revision_bump
from ..models import AuditEvent, Program
from ..policy import membership_of

Changes = dict[str, list[Any]]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` (foreign keys as their text), to diff after a change."""
    values = {}
    for name in fields:
        value = getattr(instance, name)
        values[name] = _jsonable(value)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """Field name to [before, after] for every field whose value changed."""
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def audit_record(
    *,
    acting_user: User | None,
    program: Program | None,
    action: AuditAction,
    target: models.Model,
    changes: Changes | None = None,
) -> AuditEvent:
    event = audit_event(
        acting_user=acting_user, program=program, action=action, target=target, changes=changes
    )
    event.save()
    AuditEvent.objects.bump_revisions([event.program_id])
    return event


def audit_event(
    *,
    acting_user: User | None,
    program: Program | None,
    action: AuditAction,
    target: models.Model,
    changes: Changes | None = None,
) -> AuditEvent:
    """The event ``audit_record`` saves, unsaved: an import that writes many rows creates
    their events together (``AuditEvent.objects.bulk_create``)."""
    membership = membership_of(acting_user, program) if acting_user and program else None
    return AuditEvent(
        program=program,
        actor=acting_user,
        actor_name=acting_user.get_username() if acting_user else "system",
        actor_party=membership.party if membership else "",
        action=action,
        target_type=ContentType.objects.get_for_model(type(target)),
        target_id=str(target.pk),
        target_repr=str(target)[:250],
        changes={k: [_jsonable(v) for v in pair] for k, pair in (changes or {}).items()},
    )


def audit_update(
    *,
    acting_user: User | None,
    program: Program | None,
    target: models.Model,
    before: dict[str, Any],
    fields: list[str],
) -> AuditEvent | None:
    """Record an update of ``target`` from the ``before`` snapshot, if any field changed. A
    record that counts its revisions (``Revisioned``) moves on to the next one."""
    changes = diff(before, snapshot(target, fields))
    if not changes:
        return None
    if isinstance(target, Revisioned):
        changes["revision"] = [target.revision, target.revision + 1]
        revision_bump(target)
    return audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.UPDATE,
        target=target,
        changes=changes,
    )
