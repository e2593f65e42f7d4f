"""Microsoft Project XML (MSPDI): read a file into ``ScheduleData``, write one Microsoft Project
opens.

Reading follows what Microsoft Project itself means by each element, with these choices:

- Durations (``PT#H#M#S``) are working time; they become working minutes. Lags (``LinkLag``)
  are tenths of a minute; a lag whose ``LagFormat`` is elapsed (em, eh, ed, ew, emo, e%) is
  counted round the clock (``LagUnit.ELAPSED``). A percent lag (``LagFormat`` 19/20/51/52)
  stores the percentage itself in ``LinkLag``; it becomes that share of the predecessor's
  duration, in minutes, since the engine has no percent lags.
- A task flagged as a milestone keeps the flag only when its duration is zero: Microsoft
  Project schedules a "milestone" with a duration over that duration, so dropping the flag keeps
  its dates identical; the engine requires milestones to be zero-duration.
- The project summary (UID 0), null (blank) rows and inactive tasks with their subtasks are
  left out; dependencies on them are dropped, as Microsoft Project ignores them in scheduling.
- ProjectLibre writes its project summary as an ordinary task at outline level 0; outline levels
  are shifted so the shallowest task sits at level 1 and that task becomes a summary task.
- Aspose.Tasks writes 2000-01-01T00:00:00 (and GanttProject 1970-01-01) for dates that are
  not set; those placeholders are read as "not set".
- The project calendar's exceptions come from ``<Exceptions>`` when present (Project 2007 and
  later), else from the ``DayType 0`` week days older versions write; recurring exceptions are
  expanded into one exception per occurrence. Imported calendars carry their own holidays, so
  ``us_federal_holidays`` is off.
"""

from __future__ import annotations

import calendar as _calendar
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.sax.saxutils import escape

import holidays
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from schedule.engine.model import (
    STANDARD_DAY,
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
from schedule.interchange.data import FileValues, ScheduleData, TaskRecord
from schedule.interchange.errors import FileProblem, InterchangeError

NAMESPACE = "http://schemas.microsoft.com/project"
_ACCEPTED_NAMESPACES = frozenset({NAMESPACE, "http://schemas.microsoft.com/project/2007", ""})

#: The element's line in the file, kept in its attributes (MSPDI elements carry none of their
#: own) so every problem can say where it is.
_LINE = "\x00line"

CONSTRAINT_CODES: dict[int, Constraint] = {
    0: Constraint.ASAP,
    1: Constraint.ALAP,
    2: Constraint.MSO,
    3: Constraint.MFO,
    4: Constraint.SNET,
    5: Constraint.SNLT,
    6: Constraint.FNET,
    7: Constraint.FNLT,
}
_CONSTRAINT_NUMBERS = {c: n for n, c in CONSTRAINT_CODES.items()}
_CONSTRAINT_NAMES = {
    Constraint.ASAP: "as soon as possible",
    Constraint.ALAP: "as late as possible",
    Constraint.MSO: "must start on",
    Constraint.MFO: "must finish on",
    Constraint.SNET: "start no earlier than",
    Constraint.SNLT: "start no later than",
    Constraint.FNET: "finish no earlier than",
    Constraint.FNLT: "finish no later than",
}
LINK_CODES: dict[int, LinkType] = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
_LINK_NUMBERS = {t: n for n, t in LINK_CODES.items()}

#: Duration formats (``LagFormat``) counted round the clock: em, eh, ed, ew, emo, e% and their
#: "estimated" (?) variants.
_ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52})
_PERCENT_FORMATS = frozenset({19, 20, 51, 52})
LAG_FORMAT_DAYS = 7
LAG_FORMAT_ELAPSED_DAYS = 8

#: Dates some exporters write for "not set".
_PLACEHOLDER_DATES = frozenset({datetime(2000, 1, 1), datetime(1970, 1, 1)})

_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")

#: MSPDI day types 1 (Sunday) .. 7 (Saturday) to the engine's Monday-first week index.
_WEEK_INDEX = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}
_DEFAULT_WEEK: tuple[WorkingTimes, ...] = (STANDARD_DAY,) * 5 + ((), ())
#: Safety bound on the occurrences a recurring exception expands to (a century of days).
_MAX_OCCURRENCES = 36_600


# --------------------------------------------------------------------------------------------
# Parsing with line numbers


class _LineTreeBuilder:
    """Builds the tree with local names (the namespace is checked once, on the root) and notes
    each element's line, which the C tree builder cannot."""

    def __init__(self) -> None:
        self._builder = TreeBuilder()
        self.expat: object | None = None
        self.root_namespace: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> Element:
        namespace, _, local = tag.rpartition("}")
        if self.root_namespace is None:
            self.root_namespace = namespace.lstrip("{")
        line = getattr(self.expat, "CurrentLineNumber", 0)
        return self._builder.start(local, {_LINE: str(line)})

    def end(self, tag: str) -> Element:
        return self._builder.end(tag.rpartition("}")[2])

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> Element:
        return self._builder.close()


def _parse(data: bytes, source: str) -> Element:
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root: Element = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise InterchangeError(
            [
                FileProblem(
                    f"line {line}, column {column + 1}",
                    f"the file is not well-formed XML ({reason}); it may be truncated or not "
                    "a Microsoft Project XML file",
                )
            ],
            source=source,
        ) from exc
    except DefusedXmlException as exc:
        raise InterchangeError(
            [
                FileProblem(
                    "",
                    "the file declares a DTD or entities, which Microsoft Project XML never "
                    "needs; it is refused for safety",
                )
            ],
            source=source,
        ) from exc
    if root.tag != "Project" or builder.root_namespace not in _ACCEPTED_NAMESPACES:
        raise InterchangeError(
            [
                FileProblem(
                    f"line {root.get(_LINE)}",
                    f"the root element is <{root.tag}> in namespace "
                    f"'{builder.root_namespace}'; a Microsoft Project XML file starts with "
                    f'<Project xmlns="{NAMESPACE}">',
                )
            ],
            source=source,
        )
    return root


# --------------------------------------------------------------------------------------------
# Values


def _at(parent: Element, name: str) -> Element:
    """The child to point a problem at, else the parent (an Element with no children is
    falsy, so ``find(...) or parent`` would be wrong)."""
    child = parent.find(name)
    return parent if child is None else child


def parse_duration(text: str) -> int:
    """Minutes in an ISO 8601 duration as MSPDI writes it (``PT8H0M0S``, ``PT7H30M0.5S``)."""
    match = _DURATION.match(text.strip())
    if not match or text.strip() in {"P", "PT", "-P", "-PT"}:
        raise ValueError(text)
    sign, days, hours, minutes, seconds = match.groups()
    total = (
        float(days or 0) * 1440
        + float(hours or 0) * 60
        + float(minutes or 0)
        + float(seconds or 0) / 60
    )
    value = math.floor(total + 0.5)
    return -value if sign else value


def format_duration(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip())
    # The schedule's dates are local, as Microsoft Project writes them; an offset is dropped.
    return value.replace(tzinfo=None, microsecond=0)


def format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def _parse_time(text: str) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 24 or minutes > 59:
        raise ValueError(text)
    return hours * 60 + minutes


# --------------------------------------------------------------------------------------------
# Reading


class _Reader:
    """One pass over the tree, collecting every problem instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[FileProblem] = []
        #: Custom field IDs whose alias says they carry the owner party / responsible person.
        self.custom_fields: dict[str, str] = {}

    # Locations and problems ---------------------------------------------------------------

    @staticmethod
    def where(element: Element, owner: str = "") -> str:
        parts = [f"line {element.get(_LINE)}"]
        if owner:
            parts.append(owner)
        label = ", ".join(parts)
        return f"{label} <{element.tag}>"

    def problem(self, element: Element, owner: str, message: str) -> None:
        self.problems.append(FileProblem(self.where(element, owner), message))

    # Typed children -----------------------------------------------------------------------

    @staticmethod
    def text(parent: Element, name: str) -> str | None:
        child = parent.find(name)
        if child is None or child.text is None:
            return None
        value = child.text.strip()
        return value or None

    def integer(self, parent: Element, name: str, owner: str) -> int | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            return int(raw)
        except ValueError:
            try:
                number = float(raw)
            except ValueError:
                self.problem(child, owner, f"'{raw}' is not a whole number")
                return None
            if not math.isfinite(number):
                self.problem(child, owner, f"'{raw}' is not a whole number")
                return None
            return math.floor(number + 0.5)

    def flag(self, parent: Element, name: str, owner: str) -> bool | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip().lower()
        if raw in {"1", "true", "yes"}:
            return True
        if raw in {"0", "false", "no"}:
            return False
        self.problem(child, owner, f"'{raw}' is not a yes/no value (1 or 0)")
        return None

    def moment(
        self, parent: Element, name: str, owner: str, *, placeholder: bool = False
    ) -> datetime | None:
        """A date and time; with ``placeholder``, an exporter's "not set" date reads as None."""
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            value = parse_datetime(raw)
        except ValueError:
            self.problem(child, owner, f"'{raw}' is not a date and time like 2024-03-01T08:00:00")
            return None
        return None if placeholder and value in _PLACEHOLDER_DATES else value

    def minutes(self, parent: Element, name: str, owner: str) -> int | None:
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            return parse_duration(raw)
        except ValueError:
            self.problem(
                child,
                owner,
                f"'{raw}' is not a duration like PT16H0M0S (ISO 8601 hours, minutes, seconds)",
            )
            return None

    def tenths(self, parent: Element, name: str, owner: str) -> int | None:
        """A slack or lag in tenths of a minute, as minutes."""
        child = parent.find(name)
        if child is None or not (child.text or "").strip():
            return None
        raw = (child.text or "").strip()
        try:
            number = float(raw)
        except ValueError:
            self.problem(child, owner, f"'{raw}' is not a number (tenths of a minute)")
            return None
        if not math.isfinite(number):
            self.problem(child, owner, f"'{raw}' is not a number (tenths of a minute)")
            return None
        return math.floor(number / 10 + 0.5)

    # The project ----------------------------------------------------------------------------

    def read(self, root: Element) -> ScheduleData:
        owner = "project"
        title = self.text(root, "Title")
        name = title or self.text(root, "Name")
        start = self.moment(root, "StartDate", "")
        status_date = self.moment(root, "StatusDate", "")
        minutes_per_day = self.integer(root, "MinutesPerDay", "") or 480
        minutes_per_week = self.integer(root, "MinutesPerWeek", "") or minutes_per_day * 5
        slack_limit = self.integer(root, "CriticalSlackLimit", "") or 0
        calendar = self.read_calendar(root, self.integer(root, "CalendarUID", ""))
        definitions = root.find("ExtendedAttributes")
        for definition in (
            definitions.findall("ExtendedAttribute") if definitions is not None else []
        ):
            alias = (self.text(definition, "Alias") or "").casefold()
            field_id = self.text(definition, "FieldID")
            if field_id and alias in {"owner party", "responsible"}:
                self.custom_fields[field_id] = alias

        tasks_element = root.find("Tasks")
        task_elements = list(tasks_element.iter("Task")) if tasks_element is not None else []
        summary_name = None
        for element in task_elements[:1]:
            if self.text(element, "UID") == "0":
                summary_name = self.text(element, "Name")
        records, links = self.read_tasks(task_elements)

        if start is None:
            starts = [r.task.start or r.file_values.start for r in records]
            known = [s for s in starts if s is not None]
            if known:
                start = min(known)
            else:
                self.problems.append(
                    FileProblem(
                        f"line {root.get(_LINE)} <Project>",
                        "the project has no <StartDate>; set the project start date in "
                        "Microsoft Project (Project > Project Information) and save again",
                    )
                )
        del owner
        if self.problems or start is None:
            raise InterchangeError(self.problems, source=self.source)
        return ScheduleData(
            name=name or summary_name or self.source or "Imported schedule",
            start=start,
            records=tuple(records),
            links=tuple(links),
            calendar=calendar,
            status_date=status_date,
            critical_float=slack_limit * minutes_per_day,
            minutes_per_day=minutes_per_day,
            minutes_per_week=minutes_per_week,
        )

    # Calendars ------------------------------------------------------------------------------

    def read_calendar(self, root: Element, calendar_uid: int | None) -> CalendarSpec:
        container = root.find("Calendars")
        calendars: dict[int, Element] = {}
        if container is not None:
            for element in container.findall("Calendar"):
                uid = self.integer(element, "UID", "Calendar")
                if uid is not None:
                    calendars[uid] = element
        if not calendars:
            return CalendarSpec(us_federal_holidays=False)
        chosen = calendars.get(calendar_uid) if calendar_uid is not None else None
        element = chosen if chosen is not None else next(iter(calendars.values()))
        week, exceptions = self.resolve_calendar(element, calendars, set())
        return CalendarSpec(
            name=self.text(element, "Name") or "Standard",
            week=week,
            us_federal_holidays=False,
            exceptions=tuple(exceptions),
        )

    def resolve_calendar(
        self, element: Element, calendars: dict[int, Element], seen: set[int]
    ) -> tuple[tuple[WorkingTimes, ...], list[CalendarException]]:
        uid = self.integer(element, "UID", "Calendar") or 0
        owner = f"Calendar UID {uid}"
        seen.add(uid)
        base_uid = self.integer(element, "BaseCalendarUID", owner)
        week = list(_DEFAULT_WEEK)
        exceptions: list[CalendarException] = []
        if base_uid is not None and base_uid in calendars and base_uid not in seen:
            base_week, exceptions = self.resolve_calendar(calendars[base_uid], calendars, seen)
            week = list(base_week)

        legacy: list[CalendarException] = []
        week_days = element.find("WeekDays")
        if week_days is not None:
            for day in week_days.findall("WeekDay"):
                day_type = self.integer(day, "DayType", owner)
                times = self.working_times(day, owner)
                if day_type in _WEEK_INDEX:
                    if times is not None:
                        week[_WEEK_INDEX[day_type]] = times
                elif day_type == 0:
                    period = day.find("TimePeriod")
                    first = self.moment(period, "FromDate", owner) if period is not None else None
                    last = self.moment(period, "ToDate", owner) if period is not None else None
                    if first is None or last is None:
                        self.problem(
                            day,
                            owner,
                            "an exception day needs a <TimePeriod> with <FromDate> and <ToDate>",
                        )
                        continue
                    legacy.append(CalendarException(first.date(), last.date(), times or ()))
                elif day_type is not None:
                    self.problem(day, owner, f"<DayType> {day_type} is not 0 to 7")

        own: list[CalendarException] = []
        container = element.find("Exceptions")
        if container is not None:
            for exception in container.findall("Exception"):
                own.extend(self.expand_exception(exception, owner))
        # Project 2007+ writes both forms for compatibility; the ``<Exceptions>`` are the truth.
        own = own if container is not None and len(container) else legacy
        own_days = {
            e.start + timedelta(days=n) for e in own for n in range((e.end - e.start).days + 1)
        }
        inherited = [e for e in exceptions if e.start not in own_days and e.end not in own_days]
        return tuple(week), inherited + own

    def working_times(self, day: Element, owner: str) -> WorkingTimes | None:
        """The day's periods; None for a derived calendar's day that defers to its base."""
        working = self.flag(day, "DayWorking", owner)
        if working is False:
            return ()
        periods: list[tuple[int, int]] = []
        container = day.find("WorkingTimes")
        if container is not None:
            for period in container.findall("WorkingTime"):
                raw_from, raw_to = self.text(period, "FromTime"), self.text(period, "ToTime")
                if raw_from is None or raw_to is None:
                    continue
                try:
                    start, end = _parse_time(raw_from), _parse_time(raw_to)
                except ValueError:
                    self.problem(
                        period, owner, f"'{raw_from}'-'{raw_to}' is not a time range like 08:00:00"
                    )
                    continue
                if end <= start and end == 0:
                    end = 1440  # 00:00 as an end is midnight at the end of the day
                if end <= start:
                    self.problem(
                        period, owner, f"working time {raw_from}-{raw_to} ends before it starts"
                    )
                    continue
                periods.append((start, end))
        if working is None and not periods:
            return None
        if not periods:
            return STANDARD_DAY  # a working day with no hours written gets Project's default
        return tuple(sorted(periods))

    def expand_exception(self, element: Element, owner: str) -> list[CalendarException]:
        name = self.text(element, "Name") or ""
        label = f"{owner} exception '{name}'" if name else f"{owner} exception"
        period_element = element.find("TimePeriod")
        first = (
            self.moment(period_element, "FromDate", label) if period_element is not None else None
        )
        last = self.moment(period_element, "ToDate", label) if period_element is not None else None
        if first is None or last is None:
            self.problem(
                element, label, "an exception needs a <TimePeriod> with <FromDate> and <ToDate>"
            )
            return []
        times = self.working_times(element, label) or ()
        kind = self.integer(element, "Type", label) or 1
        period = max(1, self.integer(element, "Period", label) or 1)
        occurrences = self.integer(element, "Occurrences", label)
        start, end = first.date(), last.date()
        if end < start:
            self.problem(element, label, f"the exception ends ({end}) before it starts ({start})")
            return []
        if kind in {1, 7} and period == 1:
            return [CalendarException(start, end, times, name)]
        try:
            dates = list(
                _occurrences(
                    kind,
                    start,
                    end,
                    period=period,
                    days_of_week=self.integer(element, "DaysOfWeek", label) or 0,
                    month_day=self.integer(element, "MonthDay", label) or 1,
                    month=self.integer(element, "Month", label) or 0,
                    month_item=self.integer(element, "MonthItem", label) or 0,
                    month_position=self.integer(element, "MonthPosition", label) or 0,
                )
            )
        except ValueError as exc:
            self.problem(element, label, str(exc))
            return []
        result: list[CalendarException] = []
        for day in dates:
            if occurrences is not None and occurrences > 0 and len(result) >= occurrences:
                break
            result.append(CalendarException(day, day, times, name))
        return result

    # Tasks ----------------------------------------------------------------------------------

    def read_tasks(self, elements: list[Element]) -> tuple[list[TaskRecord], list[Link]]:
        @dataclass
        class Row:
            uid: int
            level: int
            element: Element
            owner: str

        rows: list[Row] = []
        seen: dict[int, Element] = {}
        left_out: set[int] = set()
        skip_below: int | None = None  # outline level of an inactive task being skipped
        for element in elements:
            raw_uid = self.text(element, "UID")
            task_id = self.text(element, "ID")
            task_name = self.text(element, "Name")
            if raw_uid is None:
                described = ", ".join(
                    p
                    for p in (
                        f"ID {task_id}" if task_id else "",
                        f"'{task_name}'" if task_name else "",
                    )
                    if p
                )
                self.problem(
                    element,
                    "",
                    f"a task{f' ({described})' if described else ''} has no <UID>; every task "
                    "needs its unique ID",
                )
                continue
            try:
                uid = int(raw_uid)
            except ValueError:
                child = element.find("UID")
                self.problem(
                    child if child is not None else element,
                    "Task",
                    f"'{raw_uid}' is not a task unique ID (a whole number)",
                )
                continue
            owner = f"Task UID {uid}"
            if uid == 0:
                left_out.add(uid)
                continue
            if self.flag(element, "IsNull", owner):
                left_out.add(uid)
                continue
            level = self.integer(element, "OutlineLevel", owner)
            level = 1 if level is None else level
            if skip_below is not None:
                if level > skip_below:
                    left_out.add(uid)
                    continue
                skip_below = None
            if self.flag(element, "Active", owner) is False:
                left_out.add(uid)
                skip_below = level
                continue
            if uid in seen:
                self.problem(
                    element,
                    owner,
                    f"UID {uid} is used by another task too (line "
                    f"{seen[uid].get(_LINE)}); unique IDs must be unique",
                )
                continue
            seen[uid] = element
            rows.append(Row(uid, level, element, owner))

        shift = 1 - min((r.level for r in rows), default=1)
        parents: dict[int, int | None] = {}
        stack: list[tuple[int, int]] = []  # (level, uid) of the open summary chain
        previous_level = 0
        for row in rows:
            row.level += shift
            if row.level > previous_level + 1:
                above = f" (UID {stack[-1][1]})" if stack else ""
                self.problem(
                    _at(row.element, "OutlineLevel"),
                    row.owner,
                    f"outline level {row.level} follows a task at level {previous_level}"
                    f"{above}; a task can be at most one level below the task above it",
                )
            while stack and stack[-1][0] >= row.level:
                stack.pop()
            parents[row.uid] = stack[-1][1] if stack else None
            stack.append((row.level, row.uid))
            previous_level = row.level

        records: list[TaskRecord] = []
        durations: dict[int, int] = {}
        pending_links: list[tuple[Element, str, int]] = []
        for row in rows:
            record = self.read_task(row.element, row.owner, row.uid, row.level, parents[row.uid])
            records.append(record)
            durations[row.uid] = record.task.duration
            for link_element in row.element.findall("PredecessorLink"):
                pending_links.append((link_element, row.owner, row.uid))

        links: list[Link] = []
        for link_element, owner, successor in pending_links:
            link = self.read_link(link_element, owner, successor, durations, left_out)
            if link is not None:
                links.append(link)
        return records, links

    def read_task(
        self, element: Element, owner: str, uid: int, level: int, parent: int | None
    ) -> TaskRecord:
        duration = self.minutes(element, "Duration", owner)
        if duration is None:
            duration = 0
        elif duration < 0:
            self.problem(_at(element, "Duration"), owner, "a duration cannot be negative")
            duration = 0
        milestone = bool(self.flag(element, "Milestone", owner)) and duration == 0
        manual = bool(self.flag(element, "Manual", owner))
        start = self.moment(element, "Start", owner)
        manual_start = self.moment(element, "ManualStart", owner)

        constraint = Constraint.ASAP
        constraint_date = None
        code = self.integer(element, "ConstraintType", owner)
        if code is not None:
            if code not in CONSTRAINT_CODES:
                self.problem(
                    _at(element, "ConstraintType"),
                    owner,
                    f"constraint type {code} is not one of 0 to 7",
                )
            else:
                constraint = CONSTRAINT_CODES[code]
        if constraint not in {Constraint.ASAP, Constraint.ALAP}:
            constraint_date = self.moment(element, "ConstraintDate", owner, placeholder=True)
            if constraint_date is None:
                self.problem(
                    _at(element, "ConstraintType"),
                    owner,
                    f"the constraint '{_CONSTRAINT_NAMES[constraint]}' needs a <ConstraintDate>",
                )
                constraint = Constraint.ASAP

        percent = self.integer(element, "PercentComplete", owner) or 0
        if not 0 <= percent <= 100:
            self.problem(
                _at(element, "PercentComplete"),
                owner,
                f"percent complete {percent} is not between 0 and 100",
            )
            percent = max(0, min(100, percent))

        baseline_start = baseline_finish = None
        baseline_duration = None
        for baseline in element.findall("Baseline"):
            if self.integer(baseline, "Number", owner) == 0:
                baseline_start = self.moment(baseline, "Start", owner)
                baseline_finish = self.moment(baseline, "Finish", owner)
                baseline_duration = self.minutes(baseline, "Duration", owner)

        task = Task(
            uid=uid,
            name=self.text(element, "Name") or "",
            duration=duration,
            milestone=milestone,
            parent=parent,
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=self.moment(element, "Deadline", owner, placeholder=True),
            actual_start=self.moment(element, "ActualStart", owner, placeholder=True),
            actual_finish=self.moment(element, "ActualFinish", owner, placeholder=True),
            percent_complete=percent,
            manual=manual,
            start=(manual_start or start) if manual else None,
        )
        custom: dict[str, str] = {}
        if self.custom_fields:
            for attribute in element.findall("ExtendedAttribute"):
                alias = self.custom_fields.get(self.text(attribute, "FieldID") or "")
                if alias:
                    custom[alias] = self.text(attribute, "Value") or ""
        critical = self.flag(element, "Critical", owner)
        values = FileValues(
            start=start,
            finish=self.moment(element, "Finish", owner),
            early_start=self.moment(element, "EarlyStart", owner),
            early_finish=self.moment(element, "EarlyFinish", owner),
            late_start=self.moment(element, "LateStart", owner),
            late_finish=self.moment(element, "LateFinish", owner),
            total_slack=self.tenths(element, "TotalSlack", owner),
            free_slack=self.tenths(element, "FreeSlack", owner),
            critical=critical,
        )
        return TaskRecord(
            task=task,
            wbs=self.text(element, "WBS") or "",
            outline_level=level,
            notes=(element.findtext("Notes") or "").strip(),
            owner_party=custom.get("owner party", ""),
            responsible=custom.get("responsible", ""),
            baseline_start=baseline_start,
            baseline_finish=baseline_finish,
            baseline_duration=baseline_duration,
            file_values=values,
        )

    def read_link(
        self,
        element: Element,
        owner: str,
        successor: int,
        durations: dict[int, int],
        left_out: set[int],
    ) -> Link | None:
        predecessor = self.integer(element, "PredecessorUID", owner)
        if predecessor is None:
            self.problem(element, owner, "a dependency has no <PredecessorUID>")
            return None
        if predecessor in left_out:
            return None
        if predecessor not in durations:
            self.problem(
                _at(element, "PredecessorUID"),
                owner,
                f"predecessor UID {predecessor} names no task in the file",
            )
            return None
        if self.flag(element, "CrossProject", owner):
            return None  # a task in another project: the file does not carry its dates
        if predecessor == successor:
            self.problem(element, owner, "a task cannot be its own predecessor")
            return None
        code = self.integer(element, "Type", owner)
        if code is None:
            code = 1
        if code not in LINK_CODES:
            self.problem(
                _at(element, "Type"),
                owner,
                f"dependency type {code} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)",
            )
            return None
        lag_format = self.integer(element, "LagFormat", owner) or LAG_FORMAT_DAYS
        unit = LagUnit.ELAPSED if lag_format in _ELAPSED_FORMATS else LagUnit.WORKING
        if lag_format in _PERCENT_FORMATS:
            percent = self.integer(element, "LinkLag", owner) or 0
            lag = math.floor(durations[predecessor] * percent / 100 + 0.5)
        else:
            lag = self.tenths(element, "LinkLag", owner) or 0
        return Link(predecessor, successor, LINK_CODES[code], lag, unit)


# --------------------------------------------------------------------------------------------
# Recurring exceptions


def _occurrences(
    kind: int,
    start: date,
    end: date,
    *,
    period: int,
    days_of_week: int,
    month_day: int,
    month: int,
    month_item: int,
    month_position: int,
) -> Iterator[date]:
    """Dates of a recurring exception, in order, within ``start``..``end``.

    ``kind`` is the MSPDI ``Type``: 1 and 7 daily, 6 weekly (``DaysOfWeek`` bitmask, Sunday =
    1; weeks counted from the Sunday of the start's week), 4 monthly on day ``MonthDay``,
    5 monthly on the ``MonthPosition``-th (0 first .. 3 fourth, 4 last) ``MonthItem`` (0 day,
    1 weekday, 2 weekend day, 3 Sunday .. 9 Saturday), 2 yearly on ``MonthDay`` of ``Month``
    (0 January), 3 yearly relative.
    """
    if kind in {1, 7}:
        return _every_n_days(start, end, period)
    if kind == 6:
        return _weekly(start, end, period, days_of_week)
    if kind in {4, 5}:
        return _monthly(start, end, period, kind == 5, month_day, month_item, month_position)
    if kind in {2, 3}:
        return _yearly(start, end, kind == 3, month, month_day, month_item, month_position)
    raise ValueError(f"recurrence type {kind} is not 1 to 7")


def _every_n_days(start: date, end: date, period: int) -> Iterator[date]:
    day = start
    for _ in range(_MAX_OCCURRENCES):
        if day > end:
            return
        yield day
        day += timedelta(days=period)


def _weekly(start: date, end: date, period: int, mask: int) -> Iterator[date]:
    if not mask & 0x7F:
        raise ValueError("a weekly exception names no day of the week (<DaysOfWeek>)")
    week_start = start - timedelta(days=(start.weekday() + 1) % 7)  # the Sunday before
    for _ in range(_MAX_OCCURRENCES):
        if week_start > end:
            return
        for offset in range(7):
            day = week_start + timedelta(days=offset)
            if mask & (1 << offset) and start <= day <= end:
                yield day
        week_start += timedelta(weeks=period)


def _nth_in_month(year: int, month: int, item: int, position: int) -> date | None:
    days_in_month = _calendar.monthrange(year, month)[1]
    candidates = [date(year, month, d) for d in range(1, days_in_month + 1)]
    if item == 1:
        candidates = [d for d in candidates if d.weekday() < 5]
    elif item == 2:
        candidates = [d for d in candidates if d.weekday() >= 5]
    elif 3 <= item <= 9:
        weekday = (item - 3 + 6) % 7  # 3 Sunday -> 6, 4 Monday -> 0 ...
        candidates = [d for d in candidates if d.weekday() == weekday]
    elif item != 0:
        raise ValueError(f"<MonthItem> {item} is not 0 to 9")
    if position >= 4:
        return candidates[-1]
    return candidates[position] if position < len(candidates) else None


def _on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(max(day, 1), _calendar.monthrange(year, month)[1]))


def _monthly(
    start: date,
    end: date,
    period: int,
    relative: bool,
    month_day: int,
    item: int,
    position: int,
) -> Iterator[date]:
    year, month = start.year, start.month
    for _ in range(_MAX_OCCURRENCES):
        if date(year, month, 1) > end:
            return
        day = (
            _nth_in_month(year, month, item, position)
            if relative
            else _on_day(year, month, month_day)
        )
        if day is not None and start <= day <= end:
            yield day
        month += period
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def _yearly(
    start: date,
    end: date,
    relative: bool,
    month: int,
    month_day: int,
    item: int,
    position: int,
) -> Iterator[date]:
    if not 0 <= month <= 11:
        raise ValueError(f"<Month> {month} is not 0 (January) to 11 (December)")
    for year in range(start.year, end.year + 1):
        day = (
            _nth_in_month(year, month + 1, item, position)
            if relative
            else _on_day(year, month + 1, month_day)
        )
        if day is not None and start <= day <= end:
            yield day


# --------------------------------------------------------------------------------------------
# Public entry points


def read_mspdi(data: bytes, *, source: str = "") -> ScheduleData:
    """The schedule in a Microsoft Project XML file; ``InterchangeError`` lists every problem
    found, each with its line, task UID and element."""
    root = _parse(data, source)
    return _Reader(source).read(root)


# --------------------------------------------------------------------------------------------
# Writing

#: Custom text fields that carry what MSPDI has no element for (Text1, Text2), found again on
#: import by their alias.
OWNER_PARTY_FIELD = ("188743731", "Text1", "Owner party")
RESPONSIBLE_FIELD = ("188743734", "Text2", "Responsible")


def _xml_text(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _day_xml(day_type: int, times: WorkingTimes) -> str:
    if not times:
        return f"<WeekDay><DayType>{day_type}</DayType><DayWorking>0</DayWorking></WeekDay>"
    return (
        f"<WeekDay><DayType>{day_type}</DayType><DayWorking>1</DayWorking>"
        f"{_working_times_xml(times)}</WeekDay>"
    )


def _clock(minutes: int) -> str:
    minutes %= 1440  # the end of the day is written 00:00:00, as Microsoft Project does
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _working_times_xml(times: WorkingTimes) -> str:
    periods = "".join(
        f"<WorkingTime><FromTime>{_clock(a)}</FromTime><ToTime>{_clock(b)}</ToTime></WorkingTime>"
        for a, b in times
    )
    return f"<WorkingTimes>{periods}</WorkingTimes>"


def _with_federal_holidays(spec: CalendarSpec, years: range) -> tuple[CalendarException, ...]:
    """Microsoft Project has no "US federal holidays" setting: write each holiday of the
    schedule's years as a dated closure, so the file schedules the same days off. A holiday
    the calendar already has an exception for keeps that exception."""
    if not spec.us_federal_holidays:
        return spec.exceptions
    covered = {
        e.start + timedelta(days=i)
        for e in spec.exceptions
        for i in range((e.end - e.start).days + 1)
    }
    found = holidays.country_holidays("US", years=list(years), observed=True)
    closures = tuple(
        CalendarException(day, day, (), str(name))
        for day, name in sorted(found.items())
        if day not in covered and day.year in years
    )
    return tuple(sorted((*spec.exceptions, *closures), key=lambda e: e.start))


def _calendar_xml(spec: CalendarSpec, years: range) -> str:
    week_days = "".join(
        _day_xml(day_type, spec.week[index]) for day_type, index in sorted(_WEEK_INDEX.items())
    )
    exceptions = []
    for exception in _with_federal_holidays(spec, years):
        days = (exception.end - exception.start).days + 1
        working = 1 if exception.working_times else 0
        times = _working_times_xml(exception.working_times) if working else ""
        exceptions.append(
            "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
            f"<FromDate>{exception.start.isoformat()}T00:00:00</FromDate>"
            f"<ToDate>{exception.end.isoformat()}T23:59:00</ToDate></TimePeriod>"
            f"<Occurrences>{days}</Occurrences><Name>{_xml_text(exception.name)}</Name>"
            f"<Type>1</Type><DayWorking>{working}</DayWorking>{times}</Exception>"
        )
    return (
        "<Calendars><Calendar><UID>1</UID>"
        f"<Name>{_xml_text(spec.name or 'Standard')}</Name>"
        "<IsBaseCalendar>1</IsBaseCalendar><IsBaselineCalendar>0</IsBaselineCalendar>"
        "<BaseCalendarUID>-1</BaseCalendarUID>"
        f"<WeekDays>{week_days}</WeekDays><Exceptions>{''.join(exceptions)}</Exceptions>"
        "</Calendar></Calendars>"
    )


def _outline_numbers(records: tuple[TaskRecord, ...]) -> dict[int, str]:
    numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for record in records:
        parent = record.task.parent
        counters[parent] = counters.get(parent, 0) + 1
        prefix = f"{numbers[parent]}." if parent is not None and parent in numbers else ""
        numbers[record.task.uid] = f"{prefix}{counters[parent]}"
    return numbers


def write_mspdi(data: ScheduleData, result: Result | None = None) -> bytes:
    """The schedule as Microsoft Project XML; with ``result``, the computed dates, float and
    criticality too (Microsoft Project recalculates on open either way)."""
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<Project xmlns="{NAMESPACE}">',
        "<SaveVersion>14</SaveVersion>",
        f"<Name>{_xml_text(data.name)}</Name><Title>{_xml_text(data.name)}</Title>",
        "<ScheduleFromStart>1</ScheduleFromStart>",
        f"<StartDate>{format_datetime(data.start)}</StartDate>",
    ]
    if result is not None:
        out.append(f"<FinishDate>{format_datetime(result.finish)}</FinishDate>")
    slack_days = round(data.critical_float / data.minutes_per_day) if data.minutes_per_day else 0
    out += [
        f"<CriticalSlackLimit>{slack_days}</CriticalSlackLimit>",
        "<CalendarUID>1</CalendarUID>",
        f"<MinutesPerDay>{data.minutes_per_day}</MinutesPerDay>",
        f"<MinutesPerWeek>{data.minutes_per_week}</MinutesPerWeek>",
        "<DaysPerMonth>20</DaysPerMonth>",
        "<DurationFormat>7</DurationFormat>",
        "<HonorConstraints>0</HonorConstraints>",
    ]
    if data.status_date is not None:
        out.append(f"<StatusDate>{format_datetime(data.status_date)}</StatusDate>")
    out.append("<NewTasksAreManual>0</NewTasksAreManual>")
    out.append("<ExtendedAttributes>")
    for field_id, field_name, alias in (OWNER_PARTY_FIELD, RESPONSIBLE_FIELD):
        out.append(
            f"<ExtendedAttribute><FieldID>{field_id}</FieldID><FieldName>{field_name}</FieldName>"
            f"<Alias>{alias}</Alias></ExtendedAttribute>"
        )
    out.append("</ExtendedAttributes>")
    last = result.finish if result is not None else data.start
    out.append(_calendar_xml(data.calendar, range(data.start.year - 1, last.year + 3)))

    parents = {r.task.parent for r in data.records if r.task.parent is not None}
    outline = _outline_numbers(data.records)
    predecessors: dict[int, list[Link]] = {}
    for link in data.links:
        predecessors.setdefault(link.successor, []).append(link)
    times = result.tasks if result is not None else {}

    out.append("<Tasks>")
    summary_name = _xml_text(data.name)
    out.append(
        f"<Task><UID>0</UID><ID>0</ID><Name>{summary_name}</Name><Type>1</Type><IsNull>0</IsNull>"
        "<WBS>0</WBS><OutlineNumber>0</OutlineNumber><OutlineLevel>0</OutlineLevel>"
        f"<Start>{format_datetime(result.start if result else data.start)}</Start>"
        + (f"<Finish>{format_datetime(result.finish)}</Finish>" if result else "")
        + "<Summary>1</Summary></Task>"
    )
    for index, record in enumerate(data.records, start=1):
        task = record.task
        computed = times.get(task.uid)
        summary = task.uid in parents
        number = outline[task.uid]
        part = [
            f"<Task><UID>{task.uid}</UID><ID>{index}</ID><Name>{_xml_text(task.name)}</Name>",
            "<Active>1</Active>",
            f"<Manual>{int(task.manual)}</Manual><Type>1</Type><IsNull>0</IsNull>",
            # An empty WBS is left out: Microsoft Project derives one from the outline.
            f"<WBS>{_xml_text(record.wbs)}</WBS>" if record.wbs else "",
            f"<OutlineNumber>{number}</OutlineNumber>",
            f"<OutlineLevel>{record.outline_level}</OutlineLevel>",
        ]
        start = computed.start if computed else task.start if task.manual else None
        if start is not None:
            part.append(f"<Start>{format_datetime(start)}</Start>")
        if computed is not None:
            part.append(f"<Finish>{format_datetime(computed.finish)}</Finish>")
        duration = computed.duration if computed is not None and summary else task.duration
        part.append(f"<Duration>{format_duration(duration)}</Duration>")
        if task.manual and task.start is not None:
            part.append(f"<ManualStart>{format_datetime(task.start)}</ManualStart>")
            part.append(f"<ManualDuration>{format_duration(task.duration)}</ManualDuration>")
        part.append("<DurationFormat>7</DurationFormat>")
        part.append(
            f"<Milestone>{int(task.milestone)}</Milestone><Summary>{int(summary)}</Summary>"
        )
        if computed is not None:
            part += [
                f"<Critical>{int(computed.critical)}</Critical>",
                f"<EarlyStart>{format_datetime(computed.early_start)}</EarlyStart>",
                f"<EarlyFinish>{format_datetime(computed.early_finish)}</EarlyFinish>",
                f"<LateStart>{format_datetime(computed.late_start)}</LateStart>",
                f"<LateFinish>{format_datetime(computed.late_finish)}</LateFinish>",
                f"<FreeSlack>{computed.free_float * 10}</FreeSlack>",
                f"<TotalSlack>{computed.total_float * 10}</TotalSlack>",
            ]
        part.append(f"<PercentComplete>{task.percent_complete}</PercentComplete>")
        if task.actual_start is not None:
            part.append(f"<ActualStart>{format_datetime(task.actual_start)}</ActualStart>")
        if task.actual_finish is not None:
            part.append(f"<ActualFinish>{format_datetime(task.actual_finish)}</ActualFinish>")
        part.append(f"<ConstraintType>{_CONSTRAINT_NUMBERS[task.constraint]}</ConstraintType>")
        part.append("<CalendarUID>-1</CalendarUID>")
        if task.constraint_date is not None:
            part.append(f"<ConstraintDate>{format_datetime(task.constraint_date)}</ConstraintDate>")
        if task.deadline is not None:
            part.append(f"<Deadline>{format_datetime(task.deadline)}</Deadline>")
        if record.notes:
            part.append(f"<Notes>{_xml_text(record.notes)}</Notes>")
        for link in predecessors.get(task.uid, ()):
            lag_format = (
                LAG_FORMAT_ELAPSED_DAYS if link.lag_unit is LagUnit.ELAPSED else LAG_FORMAT_DAYS
            )
            part.append(
                f"<PredecessorLink><PredecessorUID>{link.predecessor}</PredecessorUID>"
                f"<Type>{_LINK_NUMBERS[link.type]}</Type><CrossProject>0</CrossProject>"
                f"<LinkLag>{link.lag * 10}</LinkLag><LagFormat>{lag_format}</LagFormat>"
                "</PredecessorLink>"
            )
        for (field_id, _, _), value in (
            (OWNER_PARTY_FIELD, record.owner_party),
            (RESPONSIBLE_FIELD, record.responsible),
        ):
            if value:
                part.append(
                    f"<ExtendedAttribute><FieldID>{field_id}</FieldID>"
                    f"<Value>{_xml_text(value)}</Value></ExtendedAttribute>"
                )
        if (
            record.baseline_start is not None
            or record.baseline_finish is not None
            or record.baseline_duration is not None
        ):
            part.append("<Baseline><Number>0</Number>")
            if record.baseline_start is not None:
                part.append(f"<Start>{format_datetime(record.baseline_start)}</Start>")
            if record.baseline_finish is not None:
                part.append(f"<Finish>{format_datetime(record.baseline_finish)}</Finish>")
            if record.baseline_duration is not None:
                part.append(f"<Duration>{format_duration(record.baseline_duration)}</Duration>")
            part.append("</Baseline>")
        part.append("</Task>")
        out.append("".join(part))
    out.append("</Tasks></Project>\n")
    return "".join(out).encode("utf-8")
