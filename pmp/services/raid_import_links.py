"""The references of an imported sheet looked up in the program, all at once: one query per
kind of target named, whatever the number of rows. A reference the program does not have (an
unknown number, another program's item, a finding the importer may not see) is a problem of
its row and column; a found one replaces the reference (``Change request``) or becomes a link
the row asks for (``Links``). The links the row asks for are compared with those its item has
(``link_changes``): the import adds the missing ones and removes the others, by the rules of
``link_add`` and ``link_remove``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q

from programs import policy
from programs.models import Program

from ..choices import LinkKind
from ..imports.raid_links import Target, token_of
from ..imports.raid_sheet import Problem, SheetRow
from ..models import RaidItem, RaidLink

#: A link as the import compares them: its kind and the primary key of its target.
LinkKey = tuple[str, int]
_WHAT: dict[str, str] = {
    LinkKind.TASK: "a schedule task",
    LinkKind.CHANGE_REQUEST: "a change request",
    LinkKind.FINDING: "an IV&V finding",
    LinkKind.RAID_ITEM: "another RAID item",
}


@dataclass
class Targets:
    """The objects of the program the sheet names, by reference."""

    program: Program
    found: dict[Target, Any] = field(default_factory=dict)

    def find(self, row: SheetRow, column: str, target: Target) -> Any:
        """The object ``target`` names, or None with the problem added to the row."""
        found = self.found.get(target)
        if found is None:
            row.problems.append(
                Problem(
                    row.number,
                    column,
                    f"There is no {target.text} in {self.program.name}: a RAID item links only "
                    f"to {_WHAT[target.kind]} of its own program.",
                )
            )
        return found


def load_targets(user: User, program: Program, rows: list[SheetRow]) -> Targets:
    """Every object the rows' Change request and Links cells name, that ``user`` sees."""
    from ivv.models import Finding
    from schedule.models import ChangeRequest, Task

    named: set[Target] = set()
    for row in rows:
        change_request = row.values.get("change_request")
        if isinstance(change_request, Target):
            named.add(change_request)
        named.update(row.links or ())
    numbers: dict[str, set[int]] = {}
    raid: dict[str, set[int]] = {}
    for target in named:
        if target.kind == LinkKind.RAID_ITEM:
            raid.setdefault(target.raid_kind, set()).add(target.number)
        else:
            numbers.setdefault(target.kind, set()).add(target.number)
    targets = Targets(program)
    if LinkKind.TASK in numbers:
        for task in Task.objects.filter(
            schedule__program=program, uid__in=numbers[LinkKind.TASK]
        ).select_related("schedule"):
            targets.found[Target(LinkKind.TASK, task.uid)] = task
    if LinkKind.CHANGE_REQUEST in numbers:
        for change_request in ChangeRequest.objects.filter(
            schedule__program=program, number__in=numbers[LinkKind.CHANGE_REQUEST]
        ).select_related("schedule"):
            targets.found[Target(LinkKind.CHANGE_REQUEST, change_request.number)] = change_request
    if LinkKind.FINDING in numbers:
        for finding in Finding.objects.filter(
            program=program, number__in=numbers[LinkKind.FINDING]
        ):
            targets.found[Target(LinkKind.FINDING, finding.number)] = finding
    if raid:
        condition = Q()
        for kind, listed in raid.items():
            condition |= Q(kind=kind, number__in=listed)
        for item in RaidItem.objects.filter(condition, program=program):
            targets.found[Target(LinkKind.RAID_ITEM, item.number, item.kind)] = item
    for target, found in list(targets.found.items()):
        if hasattr(found, "program_id"):
            found.program = program
        elif hasattr(found, "schedule"):
            found.schedule.program = program
        if not policy.can(user, "view", found):
            del targets.found[target]
    return targets


def resolve(targets: Targets, row: SheetRow) -> dict[LinkKey, Any] | None:
    """The row's change request looked up (in ``row.values``), and the links it asks for, by
    key, with their targets (None when the row has no Links cell)."""
    change_request = row.values.get("change_request")
    if isinstance(change_request, Target):
        found = targets.find(row, "Change request", change_request)
        if found is None:
            del row.values["change_request"]
        else:
            row.values["change_request"] = found
    if row.links is None:
        return None
    wanted: dict[LinkKey, Any] = {}
    for target in row.links:
        if target.kind == LinkKind.RAID_ITEM and row.reference == (
            target.raid_kind,
            target.number,
        ):
            row.problems.append(
                Problem(row.number, "Links", f"{target.text} does not link to itself.")
            )
            continue
        found = targets.find(row, "Links", target)
        if found is not None:
            wanted[(target.kind, found.pk)] = found
    return wanted


@dataclass(frozen=True)
class Current:
    """A link an item has: its primary key and its target as the Links column names it."""

    pk: int
    token: str


def current_links(items: list[RaidItem]) -> dict[int, dict[LinkKey, Current]]:
    """The links of ``items`` by item and key: one query, of values (thousands of links
    read as models with their targets would cost more than the rest of the import)."""
    links: dict[int, dict[LinkKey, Current]] = {item.pk: {} for item in items}
    if not items:
        return links
    rows = RaidLink.objects.filter(item__program=items[0].program_id).values_list(
        "pk",
        "item_id",
        "kind",
        "task_id",
        "task__uid",
        "change_request_id",
        "change_request__number",
        "finding_id",
        "finding__number",
        "raid_item_id",
        "raid_item__kind",
        "raid_item__number",
    )
    for pk, item_id, kind, task, uid, cr, cr_number, finding, f_number, raid, r_kind, n in rows:
        if item_id not in links:
            continue
        if kind == LinkKind.TASK:
            key, token = task, f"Task {uid}"
        elif kind == LinkKind.CHANGE_REQUEST:
            key, token = cr, f"CR-{cr_number}"
        elif kind == LinkKind.FINDING:
            key, token = finding, Target(LinkKind.FINDING, f_number).text
        else:
            key, token = raid, Target(LinkKind.RAID_ITEM, n, r_kind).text
        links[item_id][(kind, key)] = Current(pk, token)
    return links


@dataclass
class LinkChanges:
    """The links an item gains (kind, target) and those it loses (their keys), with each as
    the Links column names it before and after."""

    add: list[tuple[str, Any]] = field(default_factory=list)
    remove: list[int] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)


def link_changes(current: dict[LinkKey, Current], wanted: dict[LinkKey, Any] | None) -> LinkChanges:
    """What changes for an item's links to be those its row asks for."""
    if wanted is None:
        return LinkChanges()
    changes = LinkChanges(
        add=[(kind, target) for (kind, pk), target in wanted.items() if (kind, pk) not in current],
        remove=[link.pk for key, link in current.items() if key not in wanted],
    )
    if changes:
        changes.before = sorted(link.token for link in current.values())
        changes.after = sorted(token_of(kind, target) for (kind, _), target in wanted.items())
    return changes
