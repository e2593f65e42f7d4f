"""The resource-loaded part of the portal's workbook: "Calendars" (task and resource
calendars), "Resources", "Rates" and "Assignments".

Layout, chosen so people can edit it in a spreadsheet:

- "Calendars": one block of rows per calendar, named in the first column: seven rows for the
  week (Monday to Sunday, working times like the Calendar sheet), a "US federal holidays"
  row, then one row per exception (start date, end date, working times, name). Tasks and
  resources name a calendar; blank (or the project calendar's name) is the project calendar.
- "Resources": one row per resource with its first, undated rate (standard and overtime per
  hour, cost per use); "Rates": the rates that take effect on a date, one row each.
- "Assignments": one row per resource on a task; the task and resource names are there to
  read and are not read back. Work in hours; units in percent for work resources, quantity
  for material ones, cost for cost resources. A blank remaining work is work less actual work.
  Start, finish and the baseline are written for reference and not read back.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from schedule.engine.model import (
    Assignment,
    CalendarException,
    CalendarSpec,
    Rate,
    Resource,
    ResourceType,
    Result,
    WorkingTimes,
)
from schedule.interchange.data import AssignmentRecord, ResourceRecord, ScheduleData
from schedule.interchange.errors import FileProblem
from schedule.interchange.excel_cells import (
    DATE_FORMAT,
    HOURS_FORMAT,
    MONEY_FORMAT,
    OWNER_PARTIES,
    WEEKDAYS,
    Cells,
    Sheet,
    Workbook,
    header_index,
    money,
    yes,
)
from schedule.interchange.working_times import format_working_times

CALENDAR_COLUMNS = ("Calendar", "Day or start", "End", "Working times", "Exception name")
FEDERAL_HOLIDAYS = "US federal holidays"
RESOURCE_COLUMNS = (
    "UID",
    "Name",
    "Type",
    "Initials",
    "Group",
    "Owner party",
    "Stands for",
    "Max units %",
    "Standard rate",
    "Overtime rate",
    "Cost per use",
    "Calendar",
)
RATE_COLUMNS = (
    "Resource UID",
    "Resource name",
    "Effective from",
    "Standard rate",
    "Overtime rate",
    "Cost per use",
)
ASSIGNMENT_COLUMNS = (
    "UID",
    "Task UID",
    "Task name",
    "Resource UID",
    "Resource name",
    "Units %",
    "Work (hours)",
    "Actual work (hours)",
    "Remaining work (hours)",
    "Delay (hours)",
    "Quantity",
    "Cost",
    "Actual cost",
)
ASSIGNMENT_COMPUTED = ("Start", "Finish", "Baseline work (hours)", "Baseline cost")
RESOURCE_TYPES = {"work": ResourceType.WORK, "material": ResourceType.MATERIAL}
RESOURCE_TYPES["cost"] = ResourceType.COST
RATE_STEP = Decimal("0.0001")


# --------------------------------------------------------------------------------------------
# Calendars by name


def calendar_names(data: ScheduleData) -> dict[CalendarSpec, str]:
    """A unique name for every task and resource calendar other than the project's; a name
    two different calendars share gets a number, so each reads back as itself."""
    names: dict[CalendarSpec, str] = {data.calendar: data.calendar.name}
    taken = {data.calendar.name.casefold()}
    specs = [r.task.calendar for r in data.records] + [r.resource.calendar for r in data.resources]
    for spec in specs:
        if spec is None or spec in names:
            continue
        name, number = spec.name or "Calendar", 2
        while name.casefold() in taken:
            name, number = f"{spec.name or 'Calendar'} ({number})", number + 1
        taken.add(name.casefold())
        names[spec] = name
    return names


def write_calendars(workbook: Workbook, data: ScheduleData, names: dict[CalendarSpec, str]) -> None:
    sheet = Sheet(workbook, "Calendars", CALENDAR_COLUMNS, (24, 20, 14, 34, 30))
    for spec, name in names.items():
        if spec == data.calendar:
            continue
        for day, times in zip(WEEKDAYS, spec.week, strict=True):
            sheet.row([name, day, None, format_working_times(times) or "Non-working"])
        sheet.row([name, FEDERAL_HOLIDAYS, None, yes(spec.us_federal_holidays)])
        for exception in spec.exceptions:
            sheet.row(
                [
                    name,
                    exception.start,
                    exception.end,
                    format_working_times(exception.working_times) or "Non-working",
                    exception.name,
                ],
                {1: "yyyy-mm-dd", 2: "yyyy-mm-dd"},
            )
    sheet.filter()


def read_calendars(rows: list[tuple[Any, ...]], problems: list[FileProblem]) -> dict[str, Any]:
    """Calendars by name (casefolded), each a ``CalendarSpec``."""
    cells = Cells("Calendars", problems)
    if not rows:
        return {}
    index = header_index(cells, rows[0], CALENDAR_COLUMNS, CALENDAR_COLUMNS[:2])
    blocks: dict[str, dict[str, Any]] = {}
    days = {d.casefold(): i for i, d in enumerate(WEEKDAYS)}
    for number, row in enumerate(rows[1:], start=2):

        def get(column: str, row: tuple[Any, ...] = row) -> Any:
            position = index.get(column)
            return row[position] if position is not None and position < len(row) else None

        if all(cells.blank(get(c)) for c in CALENDAR_COLUMNS):
            continue
        name = cells.text(get("Calendar"))
        if not name:
            cells.problem(number, "Calendar", "every row names its calendar")
            continue
        block = blocks.setdefault(
            name.casefold(), {"name": name, "week": {}, "federal": True, "exceptions": []}
        )
        first = get("Day or start")
        key = cells.text(first).casefold() if isinstance(first, str) else ""
        times = get("Working times")
        if key in days:
            block["week"][days[key]] = cells.working_times(number, "Working times", times)
        elif key == FEDERAL_HOLIDAYS.casefold():
            block["federal"] = cells.yes_no(number, "Working times", times)
        else:
            start = cells.day(number, "Day or start", first)
            if start is None:
                if cells.blank(first):
                    cells.problem(number, "Day or start", "write a week day or a date")
                continue
            end = cells.day(number, "End", get("End")) or start
            if end < start:
                cells.problem(number, "End", f"the exception ends ({end}) before it starts")
                continue
            block["exceptions"].append(
                CalendarException(
                    start,
                    end,
                    cells.working_times(number, "Working times", times),
                    cells.text(get("Exception name")),
                )
            )
    default = CalendarSpec().week
    found: dict[str, Any] = {}
    for key, block in blocks.items():
        week: dict[int, WorkingTimes] = block["week"]
        found[key] = CalendarSpec(
            name=block["name"],
            week=tuple(week.get(i, default[i]) for i in range(7)),
            us_federal_holidays=block["federal"],
            exceptions=tuple(block["exceptions"]),
        )
    return found


# --------------------------------------------------------------------------------------------
# Writing resources and assignments


def write_resources(workbook: Workbook, data: ScheduleData, names: dict[CalendarSpec, str]) -> None:
    sheet = Sheet(
        workbook, "Resources", RESOURCE_COLUMNS, (8, 30, 10, 8, 16, 12, 28, 10, 12, 12, 12, 24)
    )
    rates = Sheet(workbook, "Rates", RATE_COLUMNS, (12, 30, 14, 12, 12, 12))
    for record in data.resources:
        resource = record.resource
        first = resource.rates[0] if resource.rates else None
        undated = first if first is not None and first.effective is None else None
        sheet.row(
            [
                resource.uid,
                resource.name,
                resource.type.value.capitalize(),
                record.initials,
                record.group,
                record.owner_party,
                record.stands_for,
                resource.max_units,
                money(undated.standard) if undated else None,
                money(undated.overtime) if undated else None,
                money(undated.per_use) if undated else None,
                names.get(resource.calendar, "") if resource.calendar is not None else "",
            ],
            {8: MONEY_FORMAT, 9: MONEY_FORMAT, 10: MONEY_FORMAT},
        )
        for rate in resource.rates:
            if rate.effective is None:
                continue
            rates.row(
                [
                    resource.uid,
                    resource.name,
                    rate.effective,
                    money(rate.standard),
                    money(rate.overtime),
                    money(rate.per_use),
                ],
                {2: "yyyy-mm-dd", 3: MONEY_FORMAT, 4: MONEY_FORMAT, 5: MONEY_FORMAT},
            )
    sheet.filter()
    rates.filter()


def _hours(minutes: int | None) -> float | None:
    return None if minutes is None else minutes / 60


def write_assignments(workbook: Workbook, data: ScheduleData, result: Result | None) -> None:
    header = ASSIGNMENT_COLUMNS + ASSIGNMENT_COMPUTED
    widths = (8, 9, 30, 12, 24, 8, 12, 12, 14, 10, 10, 12, 12, 17, 17, 14, 14)
    sheet = Sheet(workbook, "Assignments", header, widths)
    tasks = {r.task.uid: r.task.name for r in data.records}
    resources = {r.resource.uid: r.resource for r in data.resources}
    times = result.assignments if result is not None else {}
    formats = dict.fromkeys(range(6, 10), HOURS_FORMAT)
    formats |= {11: MONEY_FORMAT, 12: MONEY_FORMAT, 13: DATE_FORMAT, 14: DATE_FORMAT}
    formats |= {15: HOURS_FORMAT, 16: MONEY_FORMAT}
    for record in data.assignments:
        a = record.assignment
        resource = resources.get(a.resource)
        kind = resource.type if resource is not None else ResourceType.WORK
        computed = times.get(a.uid)
        sheet.row(
            [
                a.uid,
                a.task,
                tasks.get(a.task, ""),
                a.resource,
                resource.name if resource is not None else "",
                a.units if kind is ResourceType.WORK else None,
                _hours(a.work),
                _hours(a.actual_work),
                _hours(a.remaining_work),
                _hours(a.delay),
                float(a.quantity) if kind is ResourceType.MATERIAL else None,
                money(a.cost),
                money(a.actual_cost),
                computed.start if computed is not None else record.file_values.start,
                computed.finish if computed is not None else record.file_values.finish,
                _hours(record.baseline_work),
                money(record.baseline_cost),
            ],
            formats,
        )
    sheet.filter()


# --------------------------------------------------------------------------------------------
# Reading resources and assignments


def _getter(index: dict[str, int], row: tuple[Any, ...]) -> Any:
    def get(column: str) -> Any:
        position = index.get(column)
        return row[position] if position is not None and position < len(row) else None

    return get


def read_resources(
    rows: list[tuple[Any, ...]],
    rate_rows: list[tuple[Any, ...]],
    calendars: dict[str, CalendarSpec],
    project: CalendarSpec,
    problems: list[FileProblem],
) -> list[ResourceRecord]:
    cells = Cells("Resources", problems)
    if not rows:
        return []
    index = header_index(cells, rows[0], RESOURCE_COLUMNS, ("UID", "Name"))
    records: list[ResourceRecord] = []
    seen: dict[int, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        get = _getter(index, row)
        if all(cells.blank(get(c)) for c in RESOURCE_COLUMNS):
            continue
        uid = cells.whole(number, "UID", get("UID"), "a resource UID")
        if uid is None:
            if cells.blank(get("UID")):
                cells.problem(number, "UID", "every resource needs its UID (a whole number)")
            continue
        if uid in seen:
            cells.problem(number, "UID", f"UID {uid} is already used on row {seen[uid]}")
            continue
        seen[uid] = number
        kind = RESOURCE_TYPES.get(cells.text(get("Type")).casefold() or "work")
        if kind is None:
            cells.problem(number, "Type", f"'{get('Type')}' is not Work, Material or Cost")
            kind = ResourceType.WORK
        owner_party = cells.text(get("Owner party")).casefold()
        if owner_party and owner_party not in OWNER_PARTIES:
            cells.problem(
                number,
                "Owner party",
                f"'{get('Owner party')}' is not one of: {', '.join(OWNER_PARTIES)}",
            )
        max_units = cells.whole(number, "Max units %", get("Max units %"), "a percentage")
        if max_units is not None and max_units < 0:
            cells.problem(number, "Max units %", "max units cannot be negative")
        rate_cells = [get(c) for c in ("Standard rate", "Overtime rate", "Cost per use")]
        rates: list[Rate] = []
        if not all(cells.blank(v) for v in rate_cells):
            rates.append(
                Rate(
                    None,
                    cells.amount(number, "Standard rate", rate_cells[0], RATE_STEP) or Decimal(0),
                    cells.amount(number, "Overtime rate", rate_cells[1], RATE_STEP) or Decimal(0),
                    cells.amount(number, "Cost per use", rate_cells[2]) or Decimal(0),
                )
            )
        calendar = _calendar(cells, number, get("Calendar"), calendars, project)
        resource = Resource(
            uid=uid,
            name=cells.text(get("Name")),
            type=kind,
            max_units=100 if max_units is None or max_units < 0 else max_units,
            calendar=calendar if kind is ResourceType.WORK else None,
            rates=tuple(rates),
        )
        records.append(
            ResourceRecord(
                resource,
                owner_party=owner_party if owner_party in OWNER_PARTIES else "",
                stands_for=cells.text(get("Stands for")),
                initials=cells.text(get("Initials")),
                group=cells.text(get("Group")),
            )
        )
    return _with_dated_rates(records, rate_rows, problems)


def _calendar(
    cells: Cells,
    number: int,
    value: Any,
    calendars: dict[str, CalendarSpec],
    project: CalendarSpec,
) -> CalendarSpec | None:
    """A resource's calendar by name; blank or the project calendar's name is None."""
    name = cells.text(value)
    if not name:
        return None
    found = calendars.get(name.casefold())
    if found is None and name.casefold() != project.name.casefold():
        cells.problem(number, "Calendar", f"no calendar named '{name}' on the Calendars sheet")
    return found


def _with_dated_rates(
    records: list[ResourceRecord], rows: list[tuple[Any, ...]], problems: list[FileProblem]
) -> list[ResourceRecord]:
    cells = Cells("Rates", problems)
    if not rows:
        return records
    index = header_index(cells, rows[0], RATE_COLUMNS, ("Resource UID", "Effective from"))
    by_uid = {r.resource.uid: r for r in records}
    dated: dict[int, dict[Any, int]] = {}
    extra: dict[int, list[Rate]] = {}
    for number, row in enumerate(rows[1:], start=2):
        get = _getter(index, row)
        if all(cells.blank(get(c)) for c in RATE_COLUMNS):
            continue
        uid = cells.whole(number, "Resource UID", get("Resource UID"), "a resource UID")
        effective = cells.day(number, "Effective from", get("Effective from"))
        if uid is not None and uid not in by_uid:
            cells.problem(number, "Resource UID", f"UID {uid} is not on the Resources sheet")
            continue
        if effective is None:
            if cells.blank(get("Effective from")):
                cells.problem(number, "Effective from", "a dated rate needs its date")
            continue
        if uid is None:
            continue
        if effective in dated.setdefault(uid, {}):
            cells.problem(
                number,
                "Effective from",
                f"resource {uid} already has a rate from {effective} (row {dated[uid][effective]})",
            )
            continue
        dated[uid][effective] = number
        extra.setdefault(uid, []).append(
            Rate(
                effective,
                cells.amount(number, "Standard rate", get("Standard rate"), RATE_STEP)
                or Decimal(0),
                cells.amount(number, "Overtime rate", get("Overtime rate"), RATE_STEP)
                or Decimal(0),
                cells.amount(number, "Cost per use", get("Cost per use")) or Decimal(0),
            )
        )
    result = []
    for record in records:
        more = sorted(extra.get(record.resource.uid, []), key=lambda r: str(r.effective))
        if more:
            rates = (*record.resource.rates, *more)
            resource = dataclasses.replace(record.resource, rates=rates)
            record = dataclasses.replace(record, resource=resource)
        result.append(record)
    return result


def read_assignments(
    rows: list[tuple[Any, ...]],
    tasks: set[int],
    resources: dict[int, ResourceType],
    problems: list[FileProblem],
) -> list[AssignmentRecord]:
    cells = Cells("Assignments", problems)
    if not rows:
        return []
    required: Sequence[str] = ("UID", "Task UID", "Resource UID")
    index = header_index(cells, rows[0], ASSIGNMENT_COLUMNS, required)
    records: list[AssignmentRecord] = []
    seen: dict[int, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        get = _getter(index, row)
        if all(cells.blank(get(c)) for c in ASSIGNMENT_COLUMNS):
            continue
        ids: dict[str, int | None] = {}
        for column, what in (("UID", "an assignment UID"), ("Task UID", "a task UID")):
            ids[column] = cells.whole(number, column, get(column), what)
        ids["Resource UID"] = cells.whole(number, "Resource UID", get("Resource UID"), "a UID")
        for column, value in ids.items():
            if value is None and cells.blank(get(column)):
                cells.problem(number, column, "the UID is missing")
        uid, task, resource = ids["UID"], ids["Task UID"], ids["Resource UID"]
        if task is not None and task not in tasks:
            cells.problem(number, "Task UID", f"UID {task} is not a task on the Tasks sheet")
            task = None
        if resource is not None and resource not in resources:
            cells.problem(
                number, "Resource UID", f"UID {resource} is not a resource on the Resources sheet"
            )
            resource = None
        if uid is not None and uid in seen:
            cells.problem(number, "UID", f"UID {uid} is already used on row {seen[uid]}")
            uid = None
        values = _assignment_values(cells, number, get)
        if uid is None or task is None or resource is None or values is None:
            continue
        seen[uid] = number
        records.append(AssignmentRecord(Assignment(uid, task, resource, **values)))
    return records


def _minutes(cells: Cells, number: int, column: str, value: Any) -> int | None:
    hours = cells.number(number, column, value, "a number of hours")
    if hours is None:
        return None
    if hours < 0:
        cells.problem(number, column, "hours cannot be negative")
        return None
    return math.floor(hours * 60 + 0.5)


def _assignment_values(cells: Cells, number: int, get: Any) -> dict[str, Any] | None:
    before = len(cells.problems)
    units = cells.whole(number, "Units %", get("Units %"), "a percentage")
    if units is not None and units < 0:
        cells.problem(number, "Units %", "units cannot be negative")
    quantity = cells.number(number, "Quantity", get("Quantity"), "a quantity")
    if quantity is not None and quantity < 0:
        cells.problem(number, "Quantity", "a quantity cannot be negative")
    values = {
        "units": 100 if units is None else units,
        "work": _minutes(cells, number, "Work (hours)", get("Work (hours)")) or 0,
        "actual_work": _minutes(cells, number, "Actual work (hours)", get("Actual work (hours)"))
        or 0,
        "remaining_work": _minutes(
            cells, number, "Remaining work (hours)", get("Remaining work (hours)")
        ),
        "delay": _minutes(cells, number, "Delay (hours)", get("Delay (hours)")) or 0,
        "quantity": Decimal(repr(quantity)).normalize() if quantity else Decimal(0),
        "cost": cells.amount(number, "Cost", get("Cost")),
        "actual_cost": cells.amount(number, "Actual cost", get("Actual cost")),
    }
    return None if len(cells.problems) > before else values
