"""The RAID log imported from a workbook (``imports.raid_sheet`` reads it), all or nothing.

A row with the reference of an item of the log (R-12) changes what that item says, only the
cells that differ, by the rules of ``item_update``: the importer edits for the party that
owns the item, and the item is not closed, done, cancelled or superseded. A row without a
reference records a new item by the rules of ``item_create``, numbered in the order of the
sheet. Rows that change nothing are left alone, whoever owns them, so an export imports back
unchanged. Status and the date done are compared, never written: they change by the steps of
an item's life cycle. Every problem of every row is reported at once (the first
``MAX_PROBLEMS``, with the count of the rest); nothing is written unless there are none.

The writes are the services' writes in bulk, in one transaction: each item's audit event
(marked ``via: import``) and score history row, and one event on the program naming the
file and the counts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from programs.choices import AuditAction, OwningParty
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.exports import _printable
from programs.models import AuditEvent, Membership, Program
from programs.services.audit import audit_event
from programs.workbooks import open_uploaded_workbook

from ..choices import INITIAL_STATUS, RaidKind, RaidStatus
from ..imports.raid_columns import HEADER_OF, Members, Reading
from ..imports.raid_sheet import NOT_A_LOG, Problem, SheetRow, is_empty, read_sheet
from ..models import RaidItem, RiskScheme
from .raid import edit_refusal, fields_of, new_item_values, scheme_for, updated_values
from .raid_checks import ALL_FIELDS
from .raid_import_writes import ImportResult, Plan, write_creates, write_updates
from .raid_rules import CHANGE_RULE, may_create, may_create_any

MAX_PROBLEMS = 200


def raid_import(*, acting_user: User, program: Program, data: bytes, filename: str) -> ImportResult:
    """Import the workbook ``data`` (uploaded as ``filename``) into the program's RAID log."""
    if not may_create_any(acting_user, program):
        raise PermissionRefused(CHANGE_RULE)
    workbook = open_uploaded_workbook(
        data, not_it=NOT_A_LOG, what="a RAID log export", read_only=True
    )
    scheme = scheme_for(program)
    members = Members(Membership.objects.filter(program=program).select_related("user"))
    rows = read_sheet(workbook, Reading(scheme=scheme, members=members))
    with transaction.atomic():
        existing = _existing(program, rows)
        plan = Plan()
        seen: dict[tuple[str, int], int] = {}
        for row in rows:
            if row.problems:
                plan.problems += row.problems
            elif row.reference is None:
                _plan_create(plan, acting_user, program, scheme, row)
            elif row.reference in seen:
                plan.problems.append(
                    Problem(
                        row.number,
                        "Reference",
                        f"{row.reference_text} is on row {seen[row.reference]} already.",
                    )
                )
            else:
                seen[row.reference] = row.number
                _plan_update(plan, acting_user, scheme, row, existing.get(row.reference))
        if plan.problems:
            raise _refusal(plan.problems)
        result = ImportResult(unchanged=plan.unchanged)
        events = write_creates(acting_user, program, plan, result)
        events += write_updates(acting_user, program, plan, result)
        events.append(
            audit_event(
                acting_user=acting_user,
                program=program,
                action=AuditAction.UPDATE,
                target=program,
                changes={
                    "raid_import": [None, filename[:200]],
                    "created": [None, len(result.created)],
                    "updated": [None, len(result.updated)],
                    "unchanged": [None, result.unchanged],
                },
            )
        )
        AuditEvent.objects.bulk_create(events, batch_size=500)
    return result


def _refusal(problems: list[Problem]) -> DomainError:
    count = len(problems)
    return DomainError(
        f"The workbook was not imported ({count:,} problem{'s' if count != 1 else ''}); "
        "nothing was changed.",
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={
            "problems": [p.as_dict() for p in problems[:MAX_PROBLEMS]],
            "more_problems": max(0, count - MAX_PROBLEMS),
        },
    )


def _existing(program: Program, rows: list[SheetRow]) -> dict[tuple[str, int], RaidItem]:
    """The items the rows name, locked until the import ends."""
    numbers: dict[str, list[int]] = {}
    for row in rows:
        if row.reference is not None:
            numbers.setdefault(row.reference[0], []).append(row.reference[1])
    if not numbers:
        return {}
    condition = Q()
    for kind, listed in numbers.items():
        condition |= Q(kind=kind, number__in=listed)
    items = (
        RaidItem.objects.select_for_update(of=("self",))
        .filter(condition, program=program)
        .select_related("owner__user", "change_request__schedule")
    )
    found = {}
    for item in items:
        item.program = program
        found[(item.kind, item.number)] = item
    return found


def _header(name: str | None) -> str:
    return HEADER_OF.get(name or "", "File")


def _foreign(plan: Plan, row: SheetRow, kind: str) -> bool:
    """Refuse values in columns the kind does not use (a due date on a risk)."""
    used = set(fields_of(kind))
    label = RaidKind(kind).label.lower()
    article = "An" if label[0] in "aeiou" else "A"
    found = False
    for name, value in row.values.items():
        if name in ALL_FIELDS and name not in used and not is_empty(value):
            plan.problems.append(
                Problem(
                    row.number,
                    _header(name),
                    f"{article} {label} has no {_header(name).lower()}: leave the cell empty.",
                )
            )
            found = True
    return found


def _plan_create(
    plan: Plan, user: User, program: Program, scheme: RiskScheme, row: SheetRow
) -> None:
    kind = row.kind
    if not kind:
        plan.problems.append(
            Problem(row.number, "Type", "Say which type of item: Risk, Action, Issue or Decision.")
        )
        return
    status = row.checked.get("status")
    initial = INITIAL_STATUS[kind]
    if status and status != initial:
        plan.problems.append(
            Problem(
                row.number,
                "Status",
                f"A new {RaidKind(kind).label.lower()} is {RaidStatus(initial).label.lower()}; "
                "take it along its life cycle on its page once imported.",
            )
        )
    if row.checked.get("done_on"):
        plan.problems.append(
            Problem(row.number, "Done", "An action is marked done on its page once imported.")
        )
    if _foreign(plan, row, kind) or (status and status != initial) or row.checked.get("done_on"):
        return
    values = {name: value for name, value in row.values.items() if name in fields_of(kind)}
    for name in ("raised_on", "next_review_on"):  # empty: the services' defaults
        if values.get(name) is None:
            values.pop(name, None)
    try:
        values = new_item_values(program, scheme, kind, values)
        if not may_create(user, program, values["owner_party"]):
            raise PermissionRefused(CHANGE_RULE, field="owner_party")
    except DomainError as exc:
        plan.problems.append(Problem(row.number, _header(exc.field), exc.message))
        return
    plan.creates.append((row, kind, values))


def _same(item: RaidItem, name: str, value: Any) -> bool:
    if name == "owner":
        return item.owner_id == (value.pk if value is not None else None)
    stored = getattr(item, name)
    if isinstance(value, str):
        return _plain(stored or "") == _plain(value)
    return bool(stored == value)


def _plain(text: str) -> str:
    """A text as the export writes it and a spreadsheet gives it back."""
    return _printable(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _plan_update(
    plan: Plan, user: User, scheme: RiskScheme, row: SheetRow, item: RaidItem | None
) -> None:
    assert row.reference is not None
    reference = row.reference_text
    if item is None:
        plan.problems.append(
            Problem(
                row.number,
                "Reference",
                f"There is no {reference} in this RAID log: leave the reference empty to "
                "record a new item.",
            )
        )
        return
    kind = item.kind
    problems = len(plan.problems)
    if row.kind and row.kind != kind:
        plan.problems.append(
            Problem(row.number, "Type", f"{reference} is a {item.kind_label.lower()}.")
        )
    status = row.checked.get("status")
    if status and status != item.status:
        plan.problems.append(
            Problem(
                row.number,
                "Status",
                f"{reference} is {item.get_status_display().lower()}; its status changes by "
                "the steps on its page.",
            )
        )
    if "done_on" in row.checked and row.checked["done_on"] != item.done_on:
        plan.problems.append(
            Problem(row.number, "Done", f"{reference} is marked done (or not) on its page.")
        )
    _foreign(plan, row, kind)
    if len(plan.problems) > problems:
        return
    changed = {
        name: value
        for name, value in row.values.items()
        if name in fields_of(kind) and not _same(item, name, value)
    }
    if not changed:
        plan.unchanged += 1
        return
    refusal = edit_refusal(user, item)
    try:
        if refusal is not None:
            if refusal.message == CHANGE_RULE:
                owner = OwningParty(item.owner_party)
                whose = "shared" if owner == OwningParty.SHARED else f"owned by the {owner.value}"
                refusal.message = f"{reference} is {whose}. {CHANGE_RULE}"
            raise refusal
        merged = updated_values(user, item, scheme, changed)
    except DomainError as exc:
        column = _header(exc.field) if exc.field else "Reference"
        plan.problems.append(Problem(row.number, column, exc.message))
        return
    plan.updates.append((item, merged, set(changed)))
