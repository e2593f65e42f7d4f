"""The range of every number, date and text the schedule takes, in one place. Pages, the API,
change requests and the services check against these, so a value out of range is refused
with the field named (never stored, never a server error from an overflow), and the API
schema shows each range.

Durations and floats count working days: a hundred years of 260 working days is more than any
program schedules. Lags count days either way (negative: a lead). Dates stay well inside what
the calendar arithmetic and every database handle."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from programs.errors import DomainError

#: A hundred years of working time (260 working days a year).
MAX_DURATION_DAYS = 26_000
#: Ten years, as a lag or (negative) a lead.
MAX_LAG_DAYS = 3_650
#: The critical float limit: at most the longest duration.
MAX_FLOAT_DAYS = MAX_DURATION_DAYS
MAX_PERCENT = 100
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
#: Task UIDs (Microsoft Project's) are positive 32-bit integers.
MAX_UID = 2_147_483_647

#: Operations in one change request.
MAX_CHANGES = 500

MAX_NAME_LENGTH = 255  # Task.name, BaselineTask.name
MAX_WBS_LENGTH = 60
MAX_TITLE_LENGTH = 200  # schedule, baseline and change request names and titles
MAX_NOTES_LENGTH = 10_000  # a task's notes
MAX_TEXT_LENGTH = 20_000  # descriptions, justifications, decision comments

DATE_RANGE_TEXT = f"between {EARLIEST_DATE:%Y-%m-%d} and {LATEST_DATE:%Y-%m-%d}"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def days_error(value: Any, *, low: float, high: float, what: str) -> str | None:
    """Why ``value`` is no number of days from ``low`` to ``high`` (None when it is)."""
    number = _number(value)
    if number is None:
        return f"{what} is a number of days; “{value}” is not."
    if not low <= number <= high:
        return f"{what} is between {low:,g} and {high:,g} days."
    return None


def check_days(value: Any, *, field: str, low: float, high: float, what: str) -> float:
    """``value`` as a finite number of days from ``low`` to ``high``, or a DomainError."""
    problem = days_error(value, low=low, high=high, what=what)
    if problem:
        raise DomainError(problem, field=field)
    return float(value)


def check_minutes(
    value: Any, *, per_day: int, field: str, low_days: float, high_days: float, what: str
) -> None:
    """Services hold stored working minutes to the same range as the days people enter."""
    if not isinstance(value, int) or not low_days * per_day <= value <= high_days * per_day:
        raise DomainError(f"{what} is between {low_days:,g} and {high_days:,g} days.", field=field)


def date_error(value: date | datetime | None, *, what: str) -> str | None:
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return f"{what} is {DATE_RANGE_TEXT}."
    return None


def check_date(value: date | datetime | None, *, field: str, what: str) -> None:
    problem = date_error(value, what=what)
    if problem:
        raise DomainError(problem, field=field)


def check_text(value: str, *, field: str, limit: int, what: str) -> None:
    """Refuse a text over ``limit`` characters, naming the field and the limit."""
    if len(value) > limit:
        raise DomainError(
            f"{what} is at most {limit:,} characters; this one has {len(value):,}.", field=field
        )


def date_validators() -> list[Any]:
    """Validators of a date entered on a page: the same range, beside the field."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    message = f"Enter a date {DATE_RANGE_TEXT}."
    return [MinValueValidator(EARLIEST_DATE, message), MaxValueValidator(LATEST_DATE, message)]
