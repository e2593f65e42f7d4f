"""When a finding must be answered: IVV_RESPONSE_DAYS business days (by severity) after the
day it was raised, on the US federal calendar the schedule engine keeps (weekends and
federal holidays, observed days included, are not business days)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from schedule.engine.calendar import WorkCalendar
from schedule.engine.model import CalendarSpec

from .choices import Severity


@cache
def _federal_calendar() -> WorkCalendar:
    return WorkCalendar(CalendarSpec(name="US federal business days"))


def response_days(severity: int) -> int:
    """Business days the answering party has to answer a finding of ``severity``."""
    days = {int(k): int(v) for k, v in settings.IVV_RESPONSE_DAYS.items()}
    missing = set(Severity.values) - set(days)
    if missing:
        raise ImproperlyConfigured(f"IVV_RESPONSE_DAYS names no days for severity {missing}.")
    return days[int(severity)]


def add_business_days(start: date, days: int) -> date:
    """The day ``days`` business days after ``start`` (``start`` itself never counts)."""
    calendar = _federal_calendar()
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def response_due(raised_on: date, severity: int) -> date:
    return add_business_days(raised_on, response_days(severity))
