"""The writes of the RAID log's import (``raid_import``), in bulk and in its transaction:
the services' writes (``item_create``, ``item_update``) for thousands of rows at once, each
item with its audit event (marked ``via: import``) and its score history row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Field
from django.utils import timezone

from programs.choices import AuditAction
from programs.models import AuditEvent, Program
from programs.registers import allocate_numbers
from programs.services.audit import audit_event, diff, snapshot

from ..choices import INITIAL_STATUS, RaidKind
from ..imports.raid_sheet import Problem, SheetRow
from ..models import RaidItem, RiskScore
from .raid import SCORE_FIELDS, audit_values, audited_fields, score_row, set_scores

VIA = {"via": [None, "import"]}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged"
        )


@dataclass
class Plan:
    creates: list[tuple[SheetRow, str, dict[str, Any]]] = field(default_factory=list)
    #: Each item to change, every field it will hold, and the names of those that change.
    updates: list[tuple[RaidItem, dict[str, Any], set[str]]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def write_creates(
    user: User, program: Program, plan: Plan, result: ImportResult
) -> list[AuditEvent]:
    counts = Counter(kind for _, kind, _ in plan.creates)
    numbers = {
        kind: iter(allocate_numbers(program, RaidKind(kind).register_key, count))
        for kind, count in counts.items()
    }
    items = []
    for _, kind, values in plan.creates:
        item = RaidItem(
            program=program,
            kind=kind,
            number=next(numbers[kind]),
            status=INITIAL_STATUS[kind],
            raised_by=user,
            **values,
        )
        set_scores(item)
        items.append(item)
    RaidItem.objects.bulk_create(items, batch_size=500)
    now = timezone.now()
    RiskScore.objects.bulk_create(
        [s for item in items if (s := score_row(item, user, now)) is not None], batch_size=500
    )
    result.created = [item.reference for item in items]
    owners: dict[int, str] = {}  # a member's text, worked out once for all their items
    events = []
    for item, (_, kind, values) in zip(items, plan.creates, strict=True):
        changes = {"kind": [None, kind], **audit_values(values), **VIA}
        owner = values.get("owner")
        if owner is not None:
            changes["owner"] = [None, owners.setdefault(owner.pk, str(owner))]
        events.append(
            audit_event(
                acting_user=user,
                program=program,
                action=AuditAction.CREATE,
                target=item,
                changes=changes,
            )
        )
    return events


def write_updates(
    user: User, program: Program, plan: Plan, result: ImportResult
) -> list[AuditEvent]:
    now = timezone.now()
    items: list[tuple[RaidItem, set[str]]] = []
    scores, events = [], []
    for item, merged, changed in plan.updates:
        # What changes, of what an update audits: the rest stays as it was.
        audited = [
            name for name in audited_fields(item.kind) if name in changed or name.endswith("_score")
        ]
        before = snapshot(item, audited)
        old_scores = [getattr(item, name) for name in SCORE_FIELDS]
        for name, value in merged.items():
            setattr(item, name, value)
        set_scores(item)
        item.updated_at = now
        changes = diff(before, snapshot(item, audited))
        if not changes:  # the same once stripped
            result.unchanged += 1
            continue
        items.append((item, {*changes, "updated_at"}))
        if [getattr(item, name) for name in SCORE_FIELDS] != old_scores:
            score = score_row(item, user, now)
            if score is not None:
                scores.append(score)
        events.append(
            audit_event(
                acting_user=user,
                program=program,
                action=AuditAction.UPDATE,
                target=item,
                changes={**changes, **VIA},
            )
        )
    _save_fields(items)
    RiskScore.objects.bulk_create(scores, batch_size=500)
    result.updated = [item.reference for item, _ in items]
    return events


def _save_fields(items: list[tuple[RaidItem, set[str]]]) -> None:
    """Save the named fields of each item: one UPDATE run for all the items whose same fields
    change (``bulk_update`` builds a CASE per row and field, five times slower on thousands)."""
    groups: dict[tuple[str, ...], list[RaidItem]] = {}
    for item, names in items:
        groups.setdefault(tuple(sorted(names)), []).append(item)
    quote = connection.ops.quote_name
    table, key = RaidItem._meta.db_table, str(RaidItem._meta.pk.column)
    for columns, group in groups.items():
        fields = [cast("Field[Any, Any]", RaidItem._meta.get_field(name)) for name in columns]
        assigned = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
        rows = [
            [f.get_db_prep_save(getattr(item, f.attname), connection) for f in fields] + [item.pk]
            for item in group
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(table)} SET {assigned} WHERE {quote(key)} = %s", rows
            )
