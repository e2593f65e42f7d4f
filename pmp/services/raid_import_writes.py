"""The writes of the RAID log's import (``raid_import``), in bulk and in its transaction:
the services' writes (``item_create``, ``item_update``, the steps of ``raid_workflow``,
``link_add`` and ``link_remove``) for thousands of rows at once, each item with its audit
events (marked ``via: import``), its score history row and its history of steps. A fixed
number of queries, whatever the number of rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Field
from django.utils import timezone

from programs import policy
from programs.choices import AuditAction
from programs.models import AuditEvent, Program, person_name
from programs.registers import allocate_numbers
from programs.services.audit import audit_event, diff, snapshot

from ..choices import INITIAL_STATUS, RaidKind
from ..imports.raid_links import LINK_FIELD
from ..imports.raid_sheet import Problem, SheetRow
from ..models import RaidHistory, RaidItem, RaidLink, RiskScore
from .raid import SCORE_FIELDS, audit_values, audited_fields, score_row, set_scores
from .raid_import_links import LinkChanges
from .raid_import_steps import Step

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
class Create:
    """A new item: its row, kind and values (as ``new_item_values`` gives them), the step it
    then takes and the links it gets."""

    row: SheetRow
    kind: str
    values: dict[str, Any]
    step: Step | None = None
    links: LinkChanges = field(default_factory=LinkChanges)


@dataclass
class Update:
    """An item that changes: every field it will hold (``updated_values``), the names of those
    that change, the step it takes and its links' changes."""

    item: RaidItem
    merged: dict[str, Any]
    changed: set[str]
    step: Step | None = None
    links: LinkChanges = field(default_factory=LinkChanges)


@dataclass
class Plan:
    creates: list[Create] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Written after the items: the steps and the links of new and changed items.
    steps: list[tuple[RaidItem, Step]] = field(default_factory=list)
    links: list[tuple[RaidItem, LinkChanges]] = field(default_factory=list)


def write_creates(
    user: User, program: Program, plan: Plan, result: ImportResult
) -> list[AuditEvent]:
    counts = Counter(create.kind for create in plan.creates)
    numbers = {
        kind: iter(allocate_numbers(program, RaidKind(kind).register_key, count))
        for kind, count in counts.items()
    }
    items = []
    for create in plan.creates:
        item = RaidItem(
            program=program,
            kind=create.kind,
            number=next(numbers[create.kind]),
            status=INITIAL_STATUS[create.kind],
            raised_by=user,
            **create.values,
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
    for item, create in zip(items, plan.creates, strict=True):
        changes = {"kind": [None, create.kind], **audit_values(create.values), **VIA}
        owner = create.values.get("owner")
        if owner is not None:
            changes["owner"] = [None, owners.setdefault(owner.pk, str(owner))]
        if create.links:
            changes["links"] = [None, create.links.after]
            plan.links.append((item, create.links))
        if create.step is not None:
            plan.steps.append((item, create.step))
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
    for update in plan.updates:
        item = update.item
        # What changes, of what an update audits: the rest stays as it was.
        audited = [
            name
            for name in audited_fields(item.kind)
            if name in update.changed or name.endswith("_score")
        ]
        before = snapshot(item, audited)
        old_scores = [getattr(item, name) for name in SCORE_FIELDS]
        for name, value in update.merged.items():
            setattr(item, name, value)
        set_scores(item)
        item.updated_at = now
        changes = diff(before, snapshot(item, audited))
        if changes:
            # A changed item moves on a revision, as ``item_update`` does: an edit form
            # opened before the import is refused with what the import changed.
            changes["revision"] = [item.revision, item.revision + 1]
            item.revision += 1
        if update.step is not None:
            plan.steps.append((item, update.step))
        if changes:
            items.append((item, {*changes, "updated_at"}))
        if update.links:
            changes["links"] = [update.links.before, update.links.after]
            plan.links.append((item, update.links))
        if not changes:  # the same once stripped
            if update.step is None:
                result.unchanged += 1
            else:
                result.updated.append(item.reference)
            continue
        result.updated.append(item.reference)
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
    return events


def write_steps(user: User, program: Program, plan: Plan) -> list[AuditEvent]:
    """The steps of the plan as ``transition_apply`` records each: the fields it sets, the
    new status and the next revision, a history row and a transition event."""
    now = timezone.now()
    membership = policy.membership_of(user, program)
    saved: list[tuple[RaidItem, set[str]]] = []
    history, events = [], []
    for item, step in plan.steps:
        transition = step.transition
        before = item.status
        for name, value in step.changes.items():
            setattr(item, name, value)
        if transition.target is not None:
            item.status = transition.target
        item.updated_at = now
        item.revision += 1
        saved.append((item, {*step.changes, "status", "revision", "updated_at"}))
        history.append(
            RaidHistory(
                item=item,
                action=transition.name,
                from_status=before,
                to_status=item.status,
                actor=user,
                actor_name=person_name(user),
                actor_party=membership.party if membership else "",
                actor_role=membership.role if membership else "",
                reason=step.reason,
                at=now,
            )
        )
        recorded: dict[str, Any] = {"transition": [None, transition.name]}
        if before != item.status:
            recorded["status"] = [before, item.status]
        recorded |= {name: [None, value] for name, value in step.changes.items()}
        if step.reason:
            recorded[transition.reason_label] = [None, step.reason]
        recorded["revision"] = [item.revision - 1, item.revision]
        events.append(
            audit_event(
                acting_user=user,
                program=program,
                action=AuditAction.TRANSITION,
                target=item,
                changes={**recorded, **VIA},
            )
        )
    _save_fields(saved)
    RaidHistory.objects.bulk_create(history, batch_size=500)
    return events


def write_links(plan: Plan) -> None:
    """The links the plan adds and removes (audited with their item's event)."""
    added = [
        RaidLink(item=item, kind=kind, **{LINK_FIELD[kind]: target})
        for item, changes in plan.links
        for kind, target in changes.add
    ]
    removed = [pk for _, changes in plan.links for pk in changes.remove]
    if removed:
        RaidLink.objects.filter(pk__in=removed).delete()
    RaidLink.objects.bulk_create(added, batch_size=500)


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
