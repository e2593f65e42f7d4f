"""The range of every number, date and text the schedule takes, in one place. Pages, the API,
change requests and the services check against these, so a value out of range is refused
with the field named (never stored, never a server error from an overflow), and the API
schema shows each range.

Durations and floats count working days: a hundred years of 260 working days is more than any
program schedules. Lags count days either way (negative: a lead). Dates stay well inside what
the calendar arithmetic and every database handle (``programs.limits``, shared by every app)."""

from __future__ import annotations

import math
from typing import Any

from programs.errors import DomainError
from programs.limits import (
    DATE_RANGE_TEXT,
    EARLIEST_DATE,
    LATEST_DATE,
    check_date,
    check_text,
    date_error,
    date_validators,
)

__all__ = [
    "DATE_RANGE_TEXT",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "check_date",
    "check_text",
    "date_error",
    "date_validators",
]

#: A hundred years of working time (260 working days a year).
MAX_DURATION_DAYS = 26_000
#: Ten years, as a lag or (negative) a lead.
MAX_LAG_DAYS = 3_650
#: The critical float limit: at most the longest duration.
MAX_FLOAT_DAYS = MAX_DURATION_DAYS
MAX_PERCENT = 100
#: Task UIDs (Microsoft Project's) are positive 32-bit integers.
MAX_UID = 2_147_483_647

#: Operations in one change request.
MAX_CHANGES = 500

MAX_NAME_LENGTH = 255  # Task.name, BaselineTask.name
MAX_WBS_LENGTH = 60
MAX_TITLE_LENGTH = 200  # schedule, baseline and change request names and titles
MAX_NOTES_LENGTH = 10_000  # a task's notes
MAX_TEXT_LENGTH = 20_000  # descriptions, justifications, decision comments


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


def check_minutes(
    value: Any, *, per_day: int, field: str, low_days: float, high_days: float, what: str
) -> None:
    """Services hold stored working minutes to the same range as the days people enter."""
    per_day = per_day or 480  # as the selectors read a schedule without working time
    if not isinstance(value, int) or not low_days * per_day <= value <= high_days * per_day:
        raise DomainError(f"{what} is between {low_days:,g} and {high_days:,g} days.", field=field)
