"""The federal calendar every artifact counts days on: business days (weekends and US federal
holidays, observed days included, are not) and fiscal years (FY2027 runs from 1 October 2026
to 30 September 2027)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def _federal_holidays(year: int) -> frozenset[date]:
    """The US federal holidays of ``year``, observed days included (as the schedule's
    standard calendar has them). Cached: the ``holidays`` package is slow the first time."""
    found = holidays.country_holidays("US", years=[year - 1, year, year + 1], observed=True)
    return frozenset(day for day in found if day.year == year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The day ``days`` business days after ``start`` (``start`` itself never counts)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return day


def business_day_of_month(month: date, number: int) -> date:
    """The ``number``-th business day of ``month``'s month (the last one, should the month
    have fewer)."""
    first = month.replace(day=1)
    day = first - timedelta(days=1)
    last = month_end(first)
    for _ in range(max(1, number)):
        following = add_business_days(day, 1)
        if following > last:
            break
        day = following
    return day


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s (before, when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """Whole months from ``first``'s month to ``last``'s (0 for the same month)."""
    return (last.year - first.year) * 12 + last.month - first.month


def fiscal_year(day: date) -> int:
    """The federal fiscal year ``day`` falls in: October starts the next year's."""
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of fiscal year ``year``."""
    return date(year - 1, 10, 1), date(year, 9, 30)
