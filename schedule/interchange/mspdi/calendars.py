"""Calendars in Microsoft Project XML: reading the project calendar (base calendars, week
days, exceptions with recurring ones expanded) and writing one, with the US federal holidays
as dated closures."""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator
from datetime import date, timedelta
from xml.etree.ElementTree import Element

import holidays

from schedule.engine.model import STANDARD_DAY, CalendarException, CalendarSpec, WorkingTimes
from schedule.interchange.mspdi.formats import parse_time, xml_text
from schedule.interchange.mspdi.parse import ElementReader

#: MSPDI day types 1 (Sunday) .. 7 (Saturday) to the engine's Monday-first week index.
_WEEK_INDEX = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}
_DEFAULT_WEEK: tuple[WorkingTimes, ...] = (STANDARD_DAY,) * 5 + ((), ())
#: Safety bound on the occurrences a recurring exception expands to (a century of days).
_MAX_OCCURRENCES = 36_600


# --------------------------------------------------------------------------------------------
# Reading


class CalendarReader(ElementReader):
    """Reads the project calendar, with its base calendars and its exceptions, recurring
    ones expanded into one exception per occurrence."""

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
# Writing


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


def calendar_xml(spec: CalendarSpec, years: range) -> str:
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
            f"<Occurrences>{days}</Occurrences><Name>{xml_text(exception.name)}</Name>"
            f"<Type>1</Type><DayWorking>{working}</DayWorking>{times}</Exception>"
        )
    return (
        "<Calendars><Calendar><UID>1</UID>"
        f"<Name>{xml_text(spec.name or 'Standard')}</Name>"
        "<IsBaseCalendar>1</IsBaseCalendar><IsBaselineCalendar>0</IsBaselineCalendar>"
        "<BaseCalendarUID>-1</BaseCalendarUID>"
        f"<WeekDays>{week_days}</WeekDays><Exceptions>{''.join(exceptions)}</Exceptions>"
        "</Calendar></Calendars>"
    )
