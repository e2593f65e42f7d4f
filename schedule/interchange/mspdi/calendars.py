"""Calendars in Microsoft Project XML: reading the project calendar and the task and resource
calendars (base calendars, week days, exceptions with recurring ones expanded). Writing them
is ``calendar_xml``."""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator
from datetime import date, timedelta
from xml.etree.ElementTree import Element

from schedule.engine.model import STANDARD_DAY, CalendarException, CalendarSpec, WorkingTimes
from schedule.interchange.mspdi.formats import parse_time
from schedule.interchange.mspdi.parse import ElementReader, Lines

#: MSPDI day types 1 (Sunday) .. 7 (Saturday) to the engine's Monday-first week index.
WEEK_INDEX = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}
_DEFAULT_WEEK: tuple[WorkingTimes, ...] = (STANDARD_DAY,) * 5 + ((), ())
#: Safety bound on the occurrences a recurring exception expands to (a century of days).
_MAX_OCCURRENCES = 36_600


# --------------------------------------------------------------------------------------------
# Reading


class CalendarReader(ElementReader):
    """Reads the project calendar, with its base calendars and its exceptions, recurring
    ones expanded into one exception per occurrence, and the task and resource calendars the
    file names by UID."""

    def __init__(self, source: str, lines: Lines) -> None:
        super().__init__(source, lines)
        #: The file's ``<Calendar>`` elements by UID, for task and resource calendars.
        self.calendar_elements: dict[int, Element] = {}
        self._specs: dict[int, CalendarSpec] = {}

    def read_calendar(self, root: Element, calendar_uid: int | None) -> CalendarSpec:
        container = root.find("Calendars")
        calendars: dict[int, Element] = {}
        if container is not None:
            for element in container.findall("Calendar"):
                uid = self.integer(element, "UID", "Calendar")
                if uid is not None:
                    calendars[uid] = element
        self.calendar_elements = calendars
        if not calendars:
            return CalendarSpec(us_federal_holidays=False)
        chosen = calendars.get(calendar_uid) if calendar_uid is not None else None
        element = chosen if chosen is not None else next(iter(calendars.values()))
        week, exceptions = self.resolve_calendar(element, calendars, set())
        spec = CalendarSpec(
            name=self.text(element, "Name") or "Standard",
            week=week,
            us_federal_holidays=False,
            exceptions=tuple(exceptions),
        )
        uid = self.integer(element, "UID", "Calendar")
        if uid is not None:
            self._specs[uid] = spec  # a task on the project calendar gets this very calendar
        return spec

    def calendar_by_uid(self, uid: int) -> CalendarSpec | None:
        """The calendar with this UID resolved from its base calendars; None when the file
        has no such calendar. A derived calendar that changes nothing of its base (how
        Microsoft Project puts a resource on a base calendar such as "Night Shift") is named
        after that base, the calendar people chose; one with changes of its own keeps its
        own name."""
        element = self.calendar_elements.get(uid)
        if element is None:
            return None
        if uid not in self._specs:
            week, exceptions = self.resolve_calendar(element, self.calendar_elements, set())
            name = self.text(element, "Name") or ""
            base_uid = self.integer(element, "BaseCalendarUID", "")
            base = None if base_uid is None else self.calendar_elements.get(base_uid)
            if base is not None and base is not element and not _has_own_time(element):
                name = self.text(base, "Name") or name
            self._specs[uid] = CalendarSpec(
                name=name or f"Calendar {uid}",
                week=week,
                us_federal_holidays=False,
                exceptions=tuple(exceptions),
            )
        return self._specs[uid]

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
                if day_type in WEEK_INDEX:
                    if times is not None:
                        week[WEEK_INDEX[day_type]] = times
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
                    start, end = parse_time(raw_from), parse_time(raw_to)
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


def _has_own_time(element: Element) -> bool:
    """Whether a calendar sets any working time itself (a week day or an exception) rather
    than taking all of it from its base calendar."""
    week_days = element.find("WeekDays")
    if week_days is not None:
        for day in week_days.findall("WeekDay"):
            if (day.findtext("DayType") or "").strip() == "0":
                return True
            if day.find("DayWorking") is not None or day.find("WorkingTimes") is not None:
                return True
    exceptions = element.find("Exceptions")
    return exceptions is not None and len(exceptions) > 0


def has_working_time(spec: CalendarSpec) -> bool:
    """Whether anyone on this calendar could ever work: some week day or some exception has
    working periods."""
    return any(spec.week) or any(e.working_times for e in spec.exceptions)


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
