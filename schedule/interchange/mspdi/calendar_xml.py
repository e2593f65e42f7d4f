"""Writing calendars as Microsoft Project XML: base calendars with the whole week and every
exception (the US federal holidays as dated closures, since Project has no such setting), and
resource calendars derived from a base with exceptions of their own."""

from __future__ import annotations

from datetime import timedelta

import holidays

from schedule.engine.model import CalendarException, CalendarSpec, WorkingTimes
from schedule.interchange.mspdi.calendars import WEEK_INDEX
from schedule.interchange.mspdi.formats import xml_text


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


def _exceptions_xml(exceptions: tuple[CalendarException, ...]) -> str:
    parts = []
    for exception in exceptions:
        days = (exception.end - exception.start).days + 1
        working = 1 if exception.working_times else 0
        times = _working_times_xml(exception.working_times) if working else ""
        parts.append(
            "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
            f"<FromDate>{exception.start.isoformat()}T00:00:00</FromDate>"
            f"<ToDate>{exception.end.isoformat()}T23:59:00</ToDate></TimePeriod>"
            f"<Occurrences>{days}</Occurrences><Name>{xml_text(exception.name)}</Name>"
            f"<Type>1</Type><DayWorking>{working}</DayWorking>{times}</Exception>"
        )
    return f"<Exceptions>{''.join(parts)}</Exceptions>"


def base_calendar_xml(spec: CalendarSpec, years: range, *, uid: int) -> str:
    """One base calendar: the whole week and every exception, the US federal holidays of
    ``years`` among them when the calendar keeps them."""
    week_days = "".join(
        _day_xml(day_type, spec.week[index]) for day_type, index in sorted(WEEK_INDEX.items())
    )
    return (
        f"<Calendar><UID>{uid}</UID>"
        f"<Name>{xml_text(spec.name or 'Standard')}</Name>"
        "<IsBaseCalendar>1</IsBaseCalendar><IsBaselineCalendar>0</IsBaselineCalendar>"
        "<BaseCalendarUID>-1</BaseCalendarUID>"
        f"<WeekDays>{week_days}</WeekDays>"
        f"{_exceptions_xml(_with_federal_holidays(spec, years))}</Calendar>"
    )


def derived_calendar_xml(
    name: str, *, uid: int, base_uid: int, exceptions: tuple[CalendarException, ...] = ()
) -> str:
    """A resource calendar as Microsoft Project keeps one: the week of its base calendar,
    with exceptions of its own."""
    return (
        f"<Calendar><UID>{uid}</UID><Name>{xml_text(name)}</Name>"
        "<IsBaseCalendar>0</IsBaseCalendar><IsBaselineCalendar>0</IsBaselineCalendar>"
        f"<BaseCalendarUID>{base_uid}</BaseCalendarUID>"
        f"{_exceptions_xml(exceptions) if exceptions else ''}</Calendar>"
    )


def derived_exceptions(
    base: CalendarSpec, spec: CalendarSpec
) -> tuple[CalendarException, ...] | None:
    """The exceptions a calendar derived from ``base`` must add to read back as ``spec``
    (a reader keeps the base's exceptions on days the calendar does not change, then adds
    its own); None when no derived calendar can: the weeks differ, the base keeps federal
    holidays, or the exceptions do not come out the same."""
    if spec.week != base.week or base.us_federal_holidays or spec.us_federal_holidays:
        return None
    inherited = set(base.exceptions)
    own = tuple(e for e in spec.exceptions if e not in inherited)
    own_days = {e.start + timedelta(days=n) for e in own for n in range((e.end - e.start).days + 1)}
    kept = tuple(e for e in base.exceptions if e.start not in own_days and e.end not in own_days)
    return own if kept + own == spec.exceptions else None


def calendar_xml(spec: CalendarSpec, years: range, *more: str) -> str:
    """The ``<Calendars>``: the project calendar as UID 1, then ``more`` calendars."""
    return f"<Calendars>{base_calendar_xml(spec, years, uid=1)}{''.join(more)}</Calendars>"
