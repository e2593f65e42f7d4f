"""Reporting periods: calendar months, or calendar quarters (January, April, July and
October, which are also the federal fiscal quarters). A period's report is due on a business
day of the month after it ends. Plain dates in and out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from programs.federal_calendar import add_months, business_day_of_month

from .choices import PeriodLength


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def months_of(length: str) -> int:
    return PeriodLength(length).months


def period_start(day: date, length: str) -> date:
    """The first day of the period ``day`` falls in."""
    months = months_of(length)
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def period_of(start: date, length: str) -> Period:
    months = months_of(length)
    end = add_months(start, months) - timedelta(days=1)
    label = f"{start:%B %Y}" if months == 1 else f"{start:%B} to {end:%B %Y}"
    return Period(start=start, end=end, label=label)


def previous_start(start: date, length: str) -> date:
    return add_months(start, -months_of(length))


def due_on(period: Period, business_day: int) -> date:
    """The ``business_day``-th business day of the month after the period ends."""
    return business_day_of_month(period.end + timedelta(days=1), business_day)


def recent_periods(*, first_day: date, today: date, length: str, limit: int) -> list[Period]:
    """The periods that have started by ``today`` and end on or after ``first_day`` (the
    program's start), newest first, at most ``limit``."""
    start = period_start(today, length)
    periods: list[Period] = []
    while len(periods) < limit:
        period = period_of(start, length)
        if period.end < first_day:
            break
        periods.append(period)
        start = previous_start(start, length)
    return periods
