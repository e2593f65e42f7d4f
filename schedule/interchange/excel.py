"""The portal's Excel workbook of a schedule: what people edit offline and bring back.

Sheets: "Schedule" (settings), "Tasks" (one row per task, computed columns to the right and
ignored on import), "Dependencies", "Calendar" (the week, then exceptions) and, when DCMA results
are given, "DCMA". Durations, lags and float are in days of ``minutes_per_day`` working minutes.
Baseline dates are written for reference and, like every computed column, not read back: a
baseline is set in the portal, not by editing a spreadsheet.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import xlsxwriter
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from schedule.engine.model import (
    CalendarException,
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Result,
    Task,
    WorkingTimes,
)
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.interchange.errors import FileProblem, InterchangeError
from schedule.interchange.working_times import (
    WorkingTimesError,
    format_working_times,
    parse_working_times,
)

DATE_FORMAT = "yyyy-mm-dd hh:mm"
DAYS_FORMAT = "0.00"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

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
)
DEPENDENCY_COLUMNS = ("Predecessor UID", "Successor UID", "Type", "Lag (days)", "Lag unit")
EXCEPTION_COLUMNS = ("Exception start", "Exception end", "Working times", "Name")
DCMA_COLUMNS = ("Check", "Name", "Threshold", "Value", "Result", "Offending tasks")
OWNER_PARTIES = ("customer", "provider", "shared")

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


class _Sheet:
    """A sheet with a bold, frozen header row, an autofilter and set widths, written row by
    row with XlsxWriter (openpyxl, which reads the workbooks, took 1.8 times as long to write
    10,000 tasks)."""

    def __init__(
        self, workbook: _Workbook, title: str, header: Sequence[str], widths: Sequence[int]
    ):
        self.workbook = workbook
        self.sheet = workbook.book.add_worksheet(title)
        for index, width in enumerate(widths):
            # XlsxWriter pads a width by 5 pixels of the 7-pixel default digit: the column
            # is stored (and read back) as exactly ``width`` characters, as before.
            self.sheet.set_column(index, index, width - 5 / 7)
        self.sheet.freeze_panes(1, 0)
        self.columns = len(header)
        self.rows = 0
        self.header(header)

    def header(self, names: Sequence[str]) -> None:
        self.sheet.write_row(self.rows, 0, list(names), self.workbook.bold)
        self.rows += 1

    def row(self, values: Iterable[Any], formats: dict[int, str] | None = None) -> None:
        write_string = self.sheet.write_string
        write_number = self.sheet.write_number
        row = self.rows
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                # A workbook cannot hold control characters: a name or note typed with one
                # is written without it. isprintable() is the cheap test that spares nearly
                # every cell the regular expression.
                if not value.isprintable():
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                write_string(row, index, value)
                continue
            number_format = formats.get(index) if formats else None
            if kind is datetime or kind is date:
                value = _serial(value)
            elif kind is bool:
                value = int(value)
            elif not isinstance(value, int | float):
                write_string(row, index, str(value))
                continue
            if number_format is None:
                write_number(row, index, value)
            else:
                write_number(row, index, value, self.workbook.format(number_format))
        self.rows += 1

    def filter(self, first_row: int = 1) -> None:
        self.sheet.autofilter(first_row - 1, 0, max(self.rows, first_row) - 1, self.columns - 1)


class _Workbook:
    """An XlsxWriter workbook with the few cell formats the sheets share. Constant-memory
    mode writes rows to temporary files as they come and strings inline (no shared-string
    table), which openpyxl, Excel and LibreOffice all read."""

    def __init__(self, buffer: io.BytesIO) -> None:
        self.book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
        self.bold = self.book.add_format({"bold": True})
        self.formats: dict[str, Any] = {}

    def format(self, number_format: str) -> Any:
        found = self.formats.get(number_format)
        if found is None:
            found = self.formats[number_format] = self.book.add_format(
                {"num_format": number_format}
            )
        return found


_EXCEL_EPOCH = datetime(1899, 12, 30)


def _serial(value: date) -> float:
    """A date as Excel stores it: days since its epoch, the time of day as the fraction.
    Converted here, in one subtraction, rather than by openpyxl cell by cell (a schedule
    workbook carries tens of thousands of dates); the cell's date format shows it as a date
    and reads back as one."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    return (moment - _EXCEL_EPOCH) / _DAY


_DAY = timedelta(days=1)


def _days(minutes: int | None, per_day: int) -> float | None:
    return None if minutes is None else minutes / per_day


def _yes(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


def write_xlsx(
    data: ScheduleData, result: Result | None = None, *, dcma: Sequence[Any] = ()
) -> bytes:
    """The workbook of the schedule; with ``result`` the computed columns are filled, with
    ``dcma`` (DCMA check results) a "DCMA" sheet is added."""
    buffer = io.BytesIO()
    workbook = _Workbook(buffer)
    per_day = data.minutes_per_day or 480

    settings = _Sheet(workbook, "Schedule", ("Setting", "Value"), (24, 40))
    settings.row(["Name", data.name])
    settings.row(["Project start", data.start], {1: DATE_FORMAT})
    settings.row(["Status date", data.status_date], {1: DATE_FORMAT})
    settings.row(["Minutes per day", data.minutes_per_day])
    settings.row(["Minutes per week", data.minutes_per_week])
    settings.row(["Critical float (days)", data.critical_float / per_day], {1: DAYS_FORMAT})

    header = TASK_COLUMNS + COMPUTED_COLUMNS
    widths = [8, 10, 40, 8, 10, 10, 22, 17, 17, 17, 17, 10, 12, 24, 40, 8, 17]
    widths += [17, 17, 17, 17, 17, 17, 10, 10, 9, 17, 17]
    tasks = _Sheet(workbook, "Tasks", header, widths)
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
            _yes(task.milestone),
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
            _yes(task.manual),
            task.start if task.manual else None,
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
                _yes(times.critical),
            ]
        else:
            row += [None] * 9
        row += [record.baseline_start, record.baseline_finish]
        tasks.row(row, formats)
    tasks.filter()

    dependencies = _Sheet(workbook, "Dependencies", DEPENDENCY_COLUMNS, (16, 16, 8, 12, 12))
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
    calendar = _Sheet(workbook, "Calendar", ("Day", "Working times"), (22, 34, 34, 30))
    for name, day in zip(WEEKDAYS, spec.week, strict=True):
        calendar.row([name, format_working_times(day) or "Non-working"])
    calendar.row(["US federal holidays", _yes(spec.us_federal_holidays)])
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

    if dcma:
        checks = _Sheet(workbook, "DCMA", DCMA_COLUMNS, (8, 36, 14, 24, 10, 50))
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


class _Cells:
    """Typed reads of one sheet's cells, each failure recorded with sheet, row and column."""

    def __init__(self, sheet: str, problems: list[FileProblem]) -> None:
        self.sheet = sheet
        self.problems = problems

    def problem(self, row: int, column: str, message: str) -> None:
        where = f"sheet {self.sheet}, row {row}" + (f", column {column}" if column else "")
        self.problems.append(FileProblem(where, message))

    @staticmethod
    def blank(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def text(self, value: Any) -> str:
        if self.blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def number(self, row: int, column: str, value: Any, what: str) -> float | None:
        if self.blank(value):
            return None
        if isinstance(value, bool):
            self.problem(row, column, f"{value!r} is not {what}")
            return None
        if isinstance(value, int | float):
            number = float(value)
        else:
            try:
                number = float(str(value).strip().replace(",", "."))
            except ValueError:
                self.problem(row, column, f"'{value}' is not {what}")
                return None
        if not math.isfinite(number):
            self.problem(row, column, f"'{value}' is not {what}")
            return None
        return number

    def whole(self, row: int, column: str, value: Any, what: str) -> int | None:
        number = self.number(row, column, value, what)
        if number is None:
            return None
        if not number.is_integer():
            self.problem(row, column, f"'{value}' is not {what} (a whole number)")
            return None
        return int(number)

    def moment(self, row: int, column: str, value: Any) -> datetime | None:
        if self.blank(value):
            return None
        if isinstance(value, datetime):
            return value.replace(microsecond=0, tzinfo=None)
        if isinstance(value, date):
            return datetime.combine(value, time())
        try:
            return datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            self.problem(row, column, f"'{value}' is not a date (like 2025-03-31 08:00)")
            return None

    def day(self, row: int, column: str, value: Any) -> date | None:
        moment = self.moment(row, column, value)
        return None if moment is None else moment.date()

    def yes_no(self, row: int, column: str, value: Any) -> bool:
        if self.blank(value):
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in {"yes", "y", "true", "1", "x"}:
            return True
        if text in {"no", "n", "false", "0"}:
            return False
        self.problem(row, column, f"'{value}' is not Yes or No")
        return False

    def working_times(self, row: int, column: str, value: Any) -> WorkingTimes:
        try:
            return parse_working_times(self.text(value))
        except WorkingTimesError as error:
            self.problem(row, column, f"'{error.part}' {error.reason}")
            return ()


def _rows(workbook: Any, name: str) -> list[tuple[Any, ...]]:
    if name not in workbook.sheetnames:
        return []
    return [tuple(row) for row in workbook[name].iter_rows(values_only=True)]


def _header_index(
    cells: _Cells, header: tuple[Any, ...], wanted: Sequence[str], required: Sequence[str]
) -> dict[str, int]:
    found = {cells.text(v).casefold(): i for i, v in enumerate(header) if not cells.blank(v)}
    index = {name: found[name.casefold()] for name in wanted if name.casefold() in found}
    for name in required:
        if name not in index:
            cells.problem(1, name, "the column is missing from the header row")
    return index


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
        settings = _read_settings(_rows(workbook, "Schedule"), problems)
        per_day = int(settings.get("Minutes per day") or 480)
        records = _read_tasks(_rows(workbook, "Tasks"), per_day, problems)
        uids = {r.task.uid for r in records}
        links = _read_dependencies(_rows(workbook, "Dependencies"), per_day, uids, problems)
        calendar = _read_calendar(_rows(workbook, "Calendar"), problems)
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
    )


def _read_settings(rows: list[tuple[Any, ...]], problems: list[FileProblem]) -> dict[str, Any]:
    cells = _Cells("Schedule", problems)
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
    rows: list[tuple[Any, ...]], per_day: int, problems: list[FileProblem]
) -> list[TaskRecord]:
    cells = _Cells("Tasks", problems)
    if not rows:
        return []
    index = _header_index(cells, rows[0], TASK_COLUMNS, ("UID", "Name", "Duration (days)"))
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


def _read_dependencies(
    rows: list[tuple[Any, ...]], per_day: int, uids: set[int], problems: list[FileProblem]
) -> list[Link]:
    cells = _Cells("Dependencies", problems)
    if not rows:
        return []
    index = _header_index(cells, rows[0], DEPENDENCY_COLUMNS, DEPENDENCY_COLUMNS[:2])
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
    cells = _Cells("Calendar", problems)
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
