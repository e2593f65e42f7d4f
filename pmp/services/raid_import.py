"""The RAID log imported from a workbook (``imports.raid_sheet`` reads it), all or nothing.

A row with the reference of an item of the log (R-12) changes what that item says, only the
cells that differ, by the rules of ``item_update``: the importer edits for the party that
owns the item, and the item is not closed, done, cancelled or superseded. A row without a
reference records a new item by the rules of ``item_create``, numbered in the order of the
sheet. Rows that change nothing are left alone, whoever owns them, so an export imports back
unchanged. A status, a date done or a last review that differs from the item's is a step of
its life cycle, taken by that step's rules (``raid_import_steps``); the change request and
the links it names are looked up in the program (``raid_import_links``), and the item's links
become those of its row. Every problem of every row is reported at once, each rule a row
breaks with its column (the first ``MAX_PROBLEMS``, with the count of the rest); nothing is
written unless there are none.

The writes are the services' writes in bulk, in one transaction and a fixed number of
queries: each item's audit events (marked ``via: import``: its changes, its links before and
after, each step), score history and step history rows, and one event on the program naming
the file and the counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from programs import limits
from programs.choices import AuditAction, OwningParty
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.exports import _printable
from programs.models import AuditEvent, Membership, Program
from programs.services.audit import audit_event
from programs.workbooks import open_uploaded_workbook

from ..choices import INITIAL_STATUS, RaidKind
from ..imports.raid_columns import HEADER_OF, Members, Reading
from ..imports.raid_sheet import NOT_A_LOG, Problem, SheetRow, is_empty, read_sheet
from ..models import RaidItem, RiskScheme
from .raid import edit_refusal, fields_of, new_item_values, scheme_for, updated_values
from .raid_checks import ALL_FIELDS, item_problems
from .raid_import_links import (
    Current,
    LinkKey,
    Targets,
    current_links,
    link_changes,
    load_targets,
    resolve,
)
from .raid_import_steps import plan_step
from .raid_import_writes import (
    Create,
    ImportResult,
    Plan,
    Update,
    write_creates,
    write_links,
    write_steps,
    write_updates,
)
from .raid_rules import CHANGE_RULE, FINAL, may_change, may_create, may_create_any

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
    layout, rows = read_sheet(workbook, Reading(scheme=scheme, members=members))
    with transaction.atomic():
        existing = _existing(program, rows)
        context = _Context(
            user=acting_user,
            program=program,
            scheme=scheme,
            filename=filename,
            targets=load_targets(acting_user, program, rows),
            links=current_links(list(existing.values()))
            if any(row.links is not None for row in rows)
            else {},
        )
        plan = Plan()
        seen: dict[tuple[str, int], int] = {}
        for row in rows:
            wanted = resolve(context.targets, row)
            if any(p.column == "Reference" for p in row.problems):
                plan.problems += row.problems
            elif row.reference is None:
                _plan_create(context, plan, row, wanted)
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
                _plan_update(context, plan, row, existing.get(row.reference), wanted)
        if plan.problems:
            raise _refusal([layout.locate(p) for p in plan.problems])
        result = ImportResult(unchanged=plan.unchanged)
        events = write_creates(acting_user, program, plan, result)
        events += write_updates(acting_user, program, plan, result)
        events += write_steps(acting_user, program, plan)
        write_links(plan)
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


@dataclass(frozen=True)
class _Context:
    """What planning each row needs: who imports, where, and what the sheet names."""

    user: User
    program: Program
    scheme: RiskScheme
    filename: str
    targets: Targets
    links: dict[int, dict[LinkKey, Current]]


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


def _foreign(problems: list[Problem], row: SheetRow, kind: str) -> None:
    """Refuse values in columns the kind does not use (a due date on a risk)."""
    used = set(fields_of(kind))
    label = RaidKind(kind).label.lower()
    article = "An" if label[0] in "aeiou" else "A"
    for name, value in row.values.items():
        if name in ALL_FIELDS and name not in used and not is_empty(value):
            problems.append(
                Problem(
                    row.number,
                    _header(name),
                    f"{article} {label} has no {_header(name).lower()}: leave the cell empty.",
                )
            )


def _stripped(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _rules(
    context: _Context, problems: list[Problem], row: SheetRow, kind: str, values: dict[str, Any]
) -> bool:
    """Add every rule of ``check_item`` that ``values`` break; True when they keep all."""
    broken = item_problems(context.program, context.scheme, kind, values)
    problems += [Problem(row.number, _header(exc.field), exc.message) for exc in broken]
    return not broken


def _done(plan: Plan, row: SheetRow, problems: list[Problem]) -> bool:
    """Add the row's problems to the plan: those of its cells, then the rules its other
    cells break (a cell that could not be read breaks none). True when there are none."""
    unread = {p.column for p in row.problems}
    found = row.problems + [p for p in problems if p.column not in unread]
    plan.problems += found
    return not found


def _plan_create(
    context: _Context, plan: Plan, row: SheetRow, wanted: dict[LinkKey, Any] | None
) -> None:
    user, program, kind = context.user, context.program, row.kind
    problems: list[Problem] = []
    if not kind:
        if "Type" not in {p.column for p in row.problems}:
            problems.append(
                Problem(
                    row.number, "Type", "Say which type of item: Risk, Action, Issue or Decision."
                )
            )
        _done(plan, row, problems)
        return
    _foreign(problems, row, kind)
    values = {name: value for name, value in row.values.items() if name in fields_of(kind)}
    for name in ("raised_on", "next_review_on"):  # empty: the services' defaults
        if values.get(name) is None:
            values.pop(name, None)
    try:
        values = new_item_values(program, context.scheme, kind, values)
    except DomainError:  # the first rule broken: find them all
        values = _stripped(values)
        values.setdefault("raised_on", limits.today())
        _rules(context, problems, row, kind, values)
    else:
        if not may_create(user, program, values["owner_party"]):
            problems.append(Problem(row.number, "Owning party", CHANGE_RULE))
            _done(plan, row, problems)
            return
    step = None
    if any(row.checked.values()):  # a status, a date done or reviewed: a step to check
        step = plan_step(
            user=user,
            item=RaidItem(program=program, kind=kind, status=INITIAL_STATUS[kind], **values),
            row=row,
            merged=values,
            scheme=context.scheme,
            filename=context.filename,
            problems=problems,
        )
    if _done(plan, row, problems):
        plan.creates.append(Create(row, kind, values, step, link_changes({}, wanted)))


def _same(item: RaidItem, name: str, value: Any) -> bool:
    if name in ("owner", "change_request"):
        return getattr(item, f"{name}_id") == (value.pk if value is not None else None)
    stored = getattr(item, name)
    if isinstance(value, str):
        return _plain(stored or "") == _plain(value)
    return bool(stored == value)


def _plain(text: str) -> str:
    """A text as the export writes it and a spreadsheet gives it back."""
    return _printable(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _whose(item: RaidItem) -> str:
    owner = OwningParty(item.owner_party)
    whose = "shared" if owner == OwningParty.SHARED else f"owned by the {owner.value}"
    return f"{item.reference} is {whose}. {CHANGE_RULE}"


def _plan_update(
    context: _Context,
    plan: Plan,
    row: SheetRow,
    item: RaidItem | None,
    wanted: dict[LinkKey, Any] | None,
) -> None:
    assert row.reference is not None
    user = context.user
    reference = row.reference_text
    problems: list[Problem] = []
    if item is None:
        problems.append(
            Problem(
                row.number,
                "Reference",
                f"There is no {reference} in this RAID log: leave the reference empty to "
                "record a new item.",
            )
        )
        _done(plan, row, problems)
        return
    kind = item.kind
    if row.kind and row.kind != kind:
        problems.append(Problem(row.number, "Type", f"{reference} is a {item.kind_label.lower()}."))
        _done(plan, row, problems)
        return
    _foreign(problems, row, kind)
    changed = {
        name: value
        for name, value in row.values.items()
        if name in fields_of(kind) and not _same(item, name, value)
    }
    merged = {name: getattr(item, name) for name in fields_of(kind)} | _stripped(changed)
    asked: list[Problem] = []
    step = plan_step(
        user=user,
        item=item,
        row=row,
        merged=merged,
        scheme=context.scheme,
        filename=context.filename,
        problems=asked,
    )
    links = link_changes(context.links.get(item.pk, {}), wanted)
    if not (changed or step or asked or links or problems or row.problems):
        plan.unchanged += 1
        return
    if not may_change(user, item):  # one problem says it all: the row is not theirs
        problems.append(Problem(row.number, "Reference", _whose(item)))
        _done(plan, row, problems)
        return
    problems += asked
    target = step.transition.target if step and step.transition.target else item.status
    if changed and item.status in FINAL and target in FINAL:  # edited once reopened only
        refusal = edit_refusal(user, item)
        if refusal is not None:
            problems.append(Problem(row.number, "Reference", refusal.message))
            changed = {}
    if changed:
        try:
            merged = updated_values(user, item, context.scheme, changed)
        except DomainError as exc:  # the first rule broken: find them all
            if _rules(context, problems, row, kind, merged):  # the owning party's rule
                problems.append(Problem(row.number, _header(exc.field), exc.message))
    if _done(plan, row, problems):
        plan.updates.append(Update(item, merged, set(changed), step, links))
