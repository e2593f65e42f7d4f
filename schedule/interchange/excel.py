"""The portal's Excel workbook of a schedule: what people edit offline and bring back.

Sheets: "Schedule" (settings), "Tasks" (one row per task, computed columns to the right and
ignored on import), "Dependencies", "Calendar" (the week, then exceptions), the resource-loaded
sheets of ``excel_resources`` ("Calendars", "Resources", "Rates", "Assignments") and, when DCMA
results are given, "DCMA". Durations, lags and float are in days of ``minutes_per_day``
working minutes; work in hours. Baselines are written for reference and, like every computed
column, not read back: a baseline is set in the portal, not by editing a spreadsheet.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from schedule.engine.model import (
    CalendarException,
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Result,
    Task,
    TaskType,
    WorkingTimes,
)
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.interchange.errors import FileProblem, InterchangeError
from schedule.interchange.excel_cells import (
    DATE_FORMAT,
    DAYS_FORMAT,
    HOURS_FORMAT,
    MONEY_FORMAT,
    OWNER_PARTIES,
    WEEKDAYS,
    Cells,
    Sheet,
    Workbook,
    header_index,
    money,
    sheet_rows,
    yes,
)
from schedule.interchange.excel_resources import (
    calendar_names,
    read_assignments,
    read_calendars,
    read_resources,
    write_assignments,
    write_calendars,
    write_resources,
)
from schedule.interchange.working_times import (
    format_working_times,
)

CONSTRAINT_LABELS: dict[Constraint, str] = {
    Constraint.ASAP: "As soon as possible",
    Constraint.ALAP: "As late as possible",
    Constraint.SNET: "Start no earlier than",
    Constraint.SNLT: "Start no later than",
    Constraint.FNET: "Finish no earlier than",
    Constraint.FNLT: "Finish no later than",
    Constraint.MSO: "Must start on",
    Constraint.MFO: "Must finish on",
}
_CONSTRAINTS_BY_TEXT = {
    **{label.casefold(): c for c, label in CONSTRAINT_LABELS.items()},
    **{c.value: c for c in Constraint},
}

# Editable columns, then computed ones (written, never read).
TASK_COLUMNS = (
    "UID",
    "WBS",
    "Name",
    "Outline level",
    "Milestone",
    "Duration (days)",
    "Constraint",
    "Constraint date",
    "Deadline",
    "Actual start",
    "Actual finish",
    "% complete",
    "Owner party",
    "Responsible",
    "Notes",
    "Manual",
    "Manual start",
    "Type",
    "Effort driven",
    "Fixed cost",
    "Actual cost",
    "Calendar",
    "Ignore resource calendars",
)
COMPUTED_COLUMNS = (
    "Start",
    "Finish",
    "Early start",
    "Early finish",
    "Late start",
    "Late finish",
    "Total float (days)",
    "Free float (days)",
    "Critical",
    "Baseline start",
    "Baseline finish",
    "Work (hours)",
    "Baseline work (hours)",
    "Baseline cost",
)
TASK_TYPE_LABELS = {
    TaskType.FIXED_UNITS: "Fixed units",
    TaskType.FIXED_DURATION: "Fixed duration",
    TaskType.FIXED_WORK: "Fixed work",
}
_TASK_TYPES_BY_TEXT = {
    **{label.casefold(): t for t, label in TASK_TYPE_LABELS.items()},
    **{t.value: t for t in TaskType},
}
DEPENDENCY_COLUMNS = ("Predecessor UID", "Successor UID", "Type", "Lag (days)", "Lag unit")
EXCEPTION_COLUMNS = ("Exception start", "Exception end", "Working times", "Name")
DCMA_COLUMNS = ("Check", "Name", "Threshold", "Value", "Result", "Offending tasks")

_SETTINGS = (
    "Name",
    "Project start",
    "Status date",
    "Minutes per day",
    "Minutes per week",
    "Critical float (days)",
)


# --------------------------------------------------------------------------------------------
# Writing


def _days(minutes: int | None, per_day: int) -> float | None:
    return None if minutes is None else minutes / per_day


def write_xlsx(
    data: ScheduleData, result: Result | None = None, *, dcma: Sequence[Any] = ()
) -> bytes:
    """The workbook of the schedule; with ``result`` the computed columns are filled, with
    ``dcma`` (DCMA check results) a "DCMA" sheet is added."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer)
    per_day = data.minutes_per_day or 480

    settings = Sheet(workbook, "Schedule", ("Setting", "Value"), (24, 40))
    settings.row(["Name", data.name])
    settings.row(["Project start", data.start], {1: DATE_FORMAT})
    settings.row(["Status date", data.status_date], {1: DATE_FORMAT})
    settings.row(["Minutes per day", data.minutes_per_day])
    settings.row(["Minutes per week", data.minutes_per_week])
    settings.row(["Critical float (days)", data.critical_float / per_day], {1: DAYS_FORMAT})

    header = TASK_COLUMNS + COMPUTED_COLUMNS
    widths = [8, 10, 40, 8, 10, 10, 22, 17, 17, 17, 17, 10, 12, 24, 40, 8, 17]
    widths += [14, 10, 12, 12, 20, 10]
    widths += [17, 17, 17, 17, 17, 17, 10, 10, 9, 17, 17, 12, 12, 12]
    calendars = calendar_names(data)
    tasks = Sheet(workbook, "Tasks", header, widths)
    date_columns = {
        header.index(name): DATE_FORMAT
        for name in header
        if name.endswith(("date", "Deadline", "start", "finish", "Start", "Finish"))
    }
    formats = {
        **date_columns,
        header.index("Duration (days)"): DAYS_FORMAT,
        header.index("Total float (days)"): DAYS_FORMAT,
        header.index("Free float (days)"): DAYS_FORMAT,
        header.index("Fixed cost"): MONEY_FORMAT,
        header.index("Actual cost"): MONEY_FORMAT,
        header.index("Work (hours)"): HOURS_FORMAT,
        header.index("Baseline work (hours)"): HOURS_FORMAT,
        header.index("Baseline cost"): MONEY_FORMAT,
    }
    computed = result.tasks if result is not None else {}
    for record in data.records:
        task = record.task
        times = computed.get(task.uid)
        row: list[Any] = [
            task.uid,
            record.wbs,
            task.name,
            record.outline_level,
            yes(task.milestone),
            task.duration / per_day,
            CONSTRAINT_LABELS[task.constraint],
            task.constraint_date,
            task.deadline,
            task.actual_start,
            task.actual_finish,
            task.percent_complete,
            record.owner_party,
            record.responsible,
            record.notes,
            yes(task.manual),
            task.start if task.manual else None,
            TASK_TYPE_LABELS[task.type],
            # Blank for no and for no cost: a third fewer cells on a 10,000-task export.
            "Yes" if task.effort_driven else None,
            money(task.fixed_cost) if task.fixed_cost else None,
            money(task.actual_cost),
            calendars.get(task.calendar, "") if task.calendar is not None else None,
            "Yes" if task.ignore_resource_calendars else None,
        ]
        if times is not None:
            row += [
                times.start,
                times.finish,
                times.early_start,
                times.early_finish,
                times.late_start,
                times.late_finish,
                times.total_float / per_day,
                times.free_float / per_day,
                yes(times.critical),
            ]
        else:
            row += [None] * 9
        row += [record.baseline_start, record.baseline_finish]
        row += [
            times.work / 60 if times is not None else None,
            None if record.baseline_work is None else record.baseline_work / 60,
            money(record.baseline_cost),
        ]
        tasks.row(row, formats)
    tasks.filter()

    dependencies = Sheet(workbook, "Dependencies", DEPENDENCY_COLUMNS, (16, 16, 8, 12, 12))
    for link in data.links:
        dependencies.row(
            [
                link.predecessor,
                link.successor,
                link.type.value,
                link.lag / per_day,
                link.lag_unit.value,
            ],
            {3: DAYS_FORMAT},
        )
    dependencies.filter()

    spec = data.calendar
    calendar = Sheet(workbook, "Calendar", ("Day", "Working times"), (22, 34, 34, 30))
    for name, day in zip(WEEKDAYS, spec.week, strict=True):
        calendar.row([name, format_working_times(day) or "Non-working"])
    calendar.row(["US federal holidays", yes(spec.us_federal_holidays)])
    calendar.row(["Calendar name", spec.name])
    calendar.row([])
    calendar.header(EXCEPTION_COLUMNS)
    exceptions_header = calendar.rows
    calendar.columns = len(EXCEPTION_COLUMNS)
    for exception in spec.exceptions:
        calendar.row(
            [
                exception.start,
                exception.end,
                format_working_times(exception.working_times) or "Non-working",
                exception.name,
            ],
            {0: "yyyy-mm-dd", 1: "yyyy-mm-dd"},
        )
    calendar.filter(exceptions_header)

    write_calendars(workbook, data, calendars)
    write_resources(workbook, data, calendars)
    write_assignments(workbook, data, result)

    if dcma:
        checks = Sheet(workbook, "DCMA", DCMA_COLUMNS, (8, 36, 14, 24, 10, 50))
        for check in dcma:
            passed = getattr(check, "passed", None)
            offending = tuple(getattr(check, "offending", ()) or ())
            value = getattr(check, "value_text", "") or getattr(check, "value", None)
            verdict = "N/A" if passed is None else "Pass" if passed else "Fail"
            listed = ", ".join(str(uid) for uid in offending)
            checks.row(
                [
                    getattr(check, "number", None),
                    getattr(check, "name", ""),
                    getattr(check, "threshold", ""),
                    value,
                    verdict,
                    f"{len(offending)}: {listed}" if offending else "0",
                ]
            )
        checks.filter()

    workbook.book.close()
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Reading


def read_xlsx(data: bytes) -> ScheduleData:
    """The schedule in a workbook laid out as ``write_xlsx`` writes it; ``InterchangeError``
    lists every problem with its sheet, row and column."""
    problems: list[FileProblem] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InterchangeError(
            [FileProblem("", f"the file is not an Excel workbook (.xlsx): {exc}")]
        ) from exc
    try:
        for sheet in ("Schedule", "Tasks"):
            if sheet not in workbook.sheetnames:
                problems.append(FileProblem(f"sheet {sheet}", "the sheet is missing"))
        settings = _read_settings(sheet_rows(workbook, "Schedule"), problems)
        per_day = int(settings.get("Minutes per day") or 480)
        calendar = _read_calendar(sheet_rows(workbook, "Calendar"), problems)
        calendars = read_calendars(sheet_rows(workbook, "Calendars"), problems)
        records = _read_tasks(
            sheet_rows(workbook, "Tasks"), per_day, problems, _Calendars(calendar, calendars)
        )
        uids = {r.task.uid for r in records}
        links = _read_dependencies(sheet_rows(workbook, "Dependencies"), per_day, uids, problems)
        resources = read_resources(
            sheet_rows(workbook, "Resources"),
            sheet_rows(workbook, "Rates"),
            calendars,
            calendar,
            problems,
        )
        kinds = {r.resource.uid: r.resource.type for r in resources}
        assignments = read_assignments(sheet_rows(workbook, "Assignments"), uids, kinds, problems)
    finally:
        workbook.close()
    start = settings.get("Project start")
    if start is None and "Schedule" in workbook.sheetnames:
        problems.append(
            FileProblem("sheet Schedule, column Value", "the project start date is missing")
        )
    if problems or not isinstance(start, datetime):
        raise InterchangeError(problems)
    status = settings.get("Status date")
    critical_days = settings.get("Critical float (days)") or 0.0
    return ScheduleData(
        name=str(settings.get("Name") or "Imported schedule"),
        start=start,
        records=tuple(records),
        links=tuple(links),
        calendar=calendar,
        status_date=status if isinstance(status, datetime) else None,
        critical_float=math.floor(float(critical_days) * per_day + 0.5),
        minutes_per_day=per_day,
        minutes_per_week=int(settings.get("Minutes per week") or per_day * 5),
        resources=tuple(resources),
        assignments=tuple(assignments),
    )


@dataclass(frozen=True, slots=True)
class _Calendars:
    """The calendars a task may name: the project's, or one on the Calendars sheet."""

    project: CalendarSpec
    named: dict[str, CalendarSpec]

    def task_calendar(self, cells: Cells, number: int, value: Any) -> CalendarSpec | None:
        name = cells.text(value)
        if not name:
            return None
        found = self.named.get(name.casefold())
        if found is not None:
            return found
        if name.casefold() == self.project.name.casefold():
            return self.project
        cells.problem(number, "Calendar", f"no calendar named '{name}' on the Calendars sheet")
        return None


def _read_settings(rows: list[tuple[Any, ...]], problems: list[FileProblem]) -> dict[str, Any]:
    cells = Cells("Schedule", problems)
    values: dict[str, Any] = {}
    known = {name.casefold(): name for name in _SETTINGS}
    for number, row in enumerate(rows[1:], start=2):
        if not row or cells.blank(row[0]):
            continue
        key = known.get(cells.text(row[0]).casefold())
        value = row[1] if len(row) > 1 else None
        if key is None:
            continue
        if key == "Name":
            values[key] = cells.text(value)
        elif key in {"Project start", "Status date"}:
            values[key] = cells.moment(number, "Value", value)
        elif key in {"Minutes per day", "Minutes per week"}:
            minutes = cells.whole(number, "Value", value, "a number of minutes")
            if minutes is not None and minutes <= 0:
                cells.problem(number, "Value", f"{key.lower()} must be more than 0")
                minutes = None
            values[key] = minutes
        else:
            values[key] = cells.number(number, "Value", value, "a number of days")
    return values


def _read_tasks(
    rows: list[tuple[Any, ...]], per_day: int, problems: list[FileProblem], calendars: _Calendars
) -> list[TaskRecord]:
    cells = Cells("Tasks", problems)
    if not rows:
        return []
    index = header_index(cells, rows[0], TASK_COLUMNS, ("UID", "Name", "Duration (days)"))
    records: list[TaskRecord] = []
    seen: dict[int, int] = {}
    stack: list[tuple[int, int]] = []
    previous_level = 0
    for number, row in enumerate(rows[1:], start=2):

        def get(column: str, row: tuple[Any, ...] = row) -> Any:
            position = index.get(column)
            return row[position] if position is not None and position < len(row) else None

        if all(cells.blank(get(c)) for c in TASK_COLUMNS):
            continue
        uid = cells.whole(number, "UID", get("UID"), "a task UID")
        if uid is None:
            if cells.blank(get("UID")):
                cells.problem(number, "UID", "every task needs its UID (a whole number)")
            continue
        if uid in seen:
            cells.problem(number, "UID", f"UID {uid} is already used on row {seen[uid]}")
            continue
        seen[uid] = number
        level = cells.whole(number, "Outline level", get("Outline level"), "an outline level")
        level = 1 if level is None else level
        if level < 1 or level > previous_level + 1:
            cells.problem(
                number,
                "Outline level",
                f"outline level {level} follows a task at level {previous_level}; a task can "
                "be at most one level below the task above it",
            )
            level = max(1, min(level, previous_level + 1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        stack.append((level, uid))
        previous_level = level

        days = cells.number(number, "Duration (days)", get("Duration (days)"), "a number of days")
        duration = 0 if days is None else math.floor(days * per_day + 0.5)
        if duration < 0:
            cells.problem(number, "Duration (days)", "a duration cannot be negative")
            duration = 0
        constraint_text = cells.text(get("Constraint")).casefold()
        constraint = _CONSTRAINTS_BY_TEXT.get(constraint_text or "asap")
        if constraint is None:
            cells.problem(
                number,
                "Constraint",
                f"'{get('Constraint')}' is not a constraint; use one of: "
                + ", ".join(CONSTRAINT_LABELS.values()),
            )
            constraint = Constraint.ASAP
        constraint_date = cells.moment(number, "Constraint date", get("Constraint date"))
        if constraint not in {Constraint.ASAP, Constraint.ALAP} and constraint_date is None:
            cells.problem(
                number, "Constraint date", f"'{CONSTRAINT_LABELS[constraint]}' needs a date"
            )
        percent = cells.whole(number, "% complete", get("% complete"), "a percentage")
        if percent is not None and not 0 <= percent <= 100:
            cells.problem(number, "% complete", f"{percent} is not between 0 and 100")
            percent = None
        owner_party = cells.text(get("Owner party")).casefold()
        if owner_party and owner_party not in OWNER_PARTIES:
            cells.problem(
                number,
                "Owner party",
                f"'{get('Owner party')}' is not one of: {', '.join(OWNER_PARTIES)}",
            )
            owner_party = ""
        milestone = cells.yes_no(number, "Milestone", get("Milestone"))
        if milestone and duration:
            cells.problem(number, "Milestone", "a milestone has a duration of 0 days")
        manual = cells.yes_no(number, "Manual", get("Manual"))
        task = Task(
            uid=uid,
            name=cells.text(get("Name")),
            duration=duration,
            milestone=milestone,
            parent=parent,
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=cells.moment(number, "Deadline", get("Deadline")),
            actual_start=cells.moment(number, "Actual start", get("Actual start")),
            actual_finish=cells.moment(number, "Actual finish", get("Actual finish")),
            percent_complete=percent or 0,
            manual=manual,
            start=cells.moment(number, "Manual start", get("Manual start")) if manual else None,
            calendar=calendars.task_calendar(cells, number, get("Calendar")),
            ignore_resource_calendars=cells.yes_no(
                number, "Ignore resource calendars", get("Ignore resource calendars")
            ),
            type=_task_type(cells, number, get("Type")),
            effort_driven=cells.yes_no(number, "Effort driven", get("Effort driven")),
            fixed_cost=cells.amount(number, "Fixed cost", get("Fixed cost")) or Decimal(0),
            actual_cost=cells.amount(number, "Actual cost", get("Actual cost")),
        )
        records.append(
            TaskRecord(
                task=task,
                wbs=cells.text(get("WBS")),
                outline_level=level,
                notes=cells.text(get("Notes")),
                owner_party=owner_party,
                responsible=cells.text(get("Responsible")),
            )
        )
    return records


def _task_type(cells: Cells, number: int, value: Any) -> TaskType:
    text = cells.text(value).casefold()
    found = _TASK_TYPES_BY_TEXT.get(text or TaskType.FIXED_UNITS.value)
    if found is None:
        cells.problem(
            number,
            "Type",
            f"'{value}' is not a task type; use one of: " + ", ".join(TASK_TYPE_LABELS.values()),
        )
        return TaskType.FIXED_UNITS
    return found


def _read_dependencies(
    rows: list[tuple[Any, ...]], per_day: int, uids: set[int], problems: list[FileProblem]
) -> list[Link]:
    cells = Cells("Dependencies", problems)
    if not rows:
        return []
    index = header_index(cells, rows[0], DEPENDENCY_COLUMNS, DEPENDENCY_COLUMNS[:2])
    links: list[Link] = []
    types = {t.value.casefold(): t for t in LinkType}
    units = {u.value: u for u in LagUnit}
    for number, row in enumerate(rows[1:], start=2):

        def get(column: str, row: tuple[Any, ...] = row) -> Any:
            position = index.get(column)
            return row[position] if position is not None and position < len(row) else None

        if all(cells.blank(get(c)) for c in DEPENDENCY_COLUMNS):
            continue
        ends: list[int] = []
        for column in DEPENDENCY_COLUMNS[:2]:
            uid = cells.whole(number, column, get(column), "a task UID")
            if uid is None:
                if cells.blank(get(column)):
                    cells.problem(number, column, "the task UID is missing")
            elif uid not in uids:
                cells.problem(number, column, f"UID {uid} is not a task on the Tasks sheet")
            else:
                ends.append(uid)
        kind = types.get(cells.text(get("Type")).casefold() or "fs")
        if kind is None:
            cells.problem(number, "Type", f"'{get('Type')}' is not FS, SS, FF or SF")
        lag_days = cells.number(number, "Lag (days)", get("Lag (days)"), "a number of days")
        unit = units.get(cells.text(get("Lag unit")).casefold() or "working")
        if unit is None:
            cells.problem(number, "Lag unit", f"'{get('Lag unit')}' is not working or elapsed")
        if len(ends) == 2 and kind is not None and unit is not None:
            if ends[0] == ends[1]:
                cells.problem(number, "", "a task cannot be its own predecessor")
                continue
            lag = 0 if lag_days is None else math.floor(lag_days * per_day + 0.5)
            links.append(Link(ends[0], ends[1], kind, lag, unit))
    return links


def _read_calendar(rows: list[tuple[Any, ...]], problems: list[FileProblem]) -> CalendarSpec:
    cells = Cells("Calendar", problems)
    if not rows:
        return CalendarSpec()
    week: dict[str, WorkingTimes] = {}
    federal = True
    name = "Standard"
    exceptions: list[CalendarException] = []
    in_exceptions = False
    for number, row in enumerate(rows, start=1):
        first = cells.text(row[0] if row else None)
        second = row[1] if len(row) > 1 else None
        if not in_exceptions:
            key = first.casefold()
            if key == EXCEPTION_COLUMNS[0].casefold():
                in_exceptions = True
            elif key.capitalize() in WEEKDAYS:
                week[key.capitalize()] = cells.working_times(number, "Working times", second)
            elif key == "us federal holidays":
                federal = cells.yes_no(number, "Working times", second)
            elif key == "calendar name":
                name = cells.text(second) or name
            continue
        if not row or all(cells.blank(v) for v in row[:4]):
            continue
        start = cells.day(number, "Exception start", row[0])
        end = cells.day(number, "Exception end", second) if not cells.blank(second) else start
        times = cells.working_times(number, "Working times", row[2] if len(row) > 2 else None)
        label = cells.text(row[3] if len(row) > 3 else None)
        if start is None or end is None:
            if cells.blank(row[0]):
                cells.problem(number, "Exception start", "the exception needs a start date")
            continue
        if end < start:
            cells.problem(number, "Exception end", f"the exception ends ({end}) before it starts")
            continue
        exceptions.append(CalendarException(start, end, times, label))
    default = CalendarSpec()
    return CalendarSpec(
        name=name,
        week=tuple(week.get(day, default.week[i]) for i, day in enumerate(WEEKDAYS)),
        us_federal_holidays=federal,
        exceptions=tuple(exceptions),
    )
