"""What every serializer of the schedule API shares. People and clients see working days where the
portal stores working minutes (durations, lags, floats), and may send a date alone where a date-time
is due: it means the start of that working day (the end of it for finishes, deadlines and the
status date)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from schedule import limits
from schedule.clock import from_engine
from schedule.engine.calendar import working_day_edge
from schedule.models import Schedule
from schedule.selectors.tasks import days as days_of
from schedule.services.compute import calendar_spec

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def days(schedule: Schedule, minutes: int | None) -> float | None:
    return days_of(minutes, schedule.minutes_per_day)


def minutes(schedule: Schedule, value: float) -> int:
    return round(value * schedule.minutes_per_day)


def at_working_time(schedule: Schedule, value: Any, *, finish: bool) -> datetime | None:
    """``value`` as an aware datetime; a date alone is the start (or, as a finish, the end) of
    that working day."""
    if value is None or isinstance(value, datetime):
        return value
    assert isinstance(value, date)
    return from_engine(working_day_edge(calendar_spec(schedule.calendar), value, finish=finish))


@extend_schema_field(
    {
        "type": "string",
        "format": "date-time",
        "description": "ISO 8601. A date alone (YYYY-MM-DD) is the start of that working day, "
        f"or its end for a finish, a deadline or the status date. Dates are "
        f"{limits.DATE_RANGE_TEXT}.",
    }
)
class WorkingDateTimeField(serializers.DateTimeField):
    """A date-time, or a date that the serializer places in the working day once it knows
    whether it is a start or a finish; either between the schedule's earliest and latest
    dates."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
            try:
                parsed: Any = date.fromisoformat(value.strip())
            except ValueError:
                self.fail("invalid", format="YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        else:
            try:
                parsed = super().to_internal_value(value)
            except OverflowError:
                raise serializers.ValidationError(f"A date is {limits.DATE_RANGE_TEXT}.") from None
        problem = limits.date_error(parsed, what="A date")
        if problem:
            raise serializers.ValidationError(problem)
        return parsed
