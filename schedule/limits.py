"""The range of every number, date and text the schedule takes, in one place. Pages, the API,
change requests and the services check against these, so a value out of range is refused
with the field named (never stored, never a server error from an overflow), and the API
schema shows each range.

Durations and floats count working days: a hundred years of 260 working days is more than any
program schedules. Lags count days either way (negative: a lead). Dates stay well inside what
the calendar arithmetic and every database handle (``programs.limits``, shared by every app)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from programs import limits as programs_limits
from programs.errors import DomainError
from programs.limits import (
    DATE_RANGE_TEXT,
    EARLIEST_DATE,
    LATEST_DATE,
    check_date,
    check_text,
    date_error,
    date_validators,
    program_date_error,
    text_error,
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

#: Units of a resource or an assignment, in percent: a thousand full-time people.
MAX_UNITS = 100_000
#: Work of one assignment, in working days (a thousand people for a hundred years would be
#: more; the stored minutes stay inside a 32-bit integer at any day length).
MAX_WORK_DAYS = 1_000_000
#: Amounts (costs, cost per use) in dollars: what DecimalField(14, 2) holds.
MAX_AMOUNT = Decimal("999999999999.99")
#: Rates (per hour or per unit) and quantities: what DecimalField(14, 4) holds.
MAX_RATE = Decimal("9999999999.9999")
#: Rows of one resource's cost rate table (Microsoft Project keeps 25).
MAX_RATES = 25
#: Steps of weighted-milestone earned value.
MAX_EV_WEIGHTS = 100
MAX_INITIALS_LENGTH = 30
MAX_LABEL_LENGTH = 60  # a material's unit label

#: Operations in one change request.
MAX_CHANGES = 500

MAX_NAME_LENGTH = 255  # Task.name, BaselineTask.name
MAX_WBS_LENGTH = 60
MAX_TITLE_LENGTH = programs_limits.MAX_TITLE_LENGTH  # schedule, baseline, change request
MAX_NOTES_LENGTH = 10_000  # a task's notes
MAX_TEXT_LENGTH = programs_limits.MAX_TEXT_LENGTH  # descriptions, justifications, comments


#: Task dates recording what happened: never after the schedule's status date (today when it
#: has none).
ACTUAL_DATES = frozenset({"actual_start", "actual_finish"})


def task_date_error(
    program: Any, value: Any, *, field: str, what: str, status_date: Any = None
) -> str | None:
    """Why a task's date makes no sense for ``program`` (None when it does): outside the
    program's range, or an actual after the status date (or today, without one)."""
    if field not in ACTUAL_DATES:
        return program_date_error(program, value, what=what)
    if status_date is None:
        return program_date_error(program, value, what=what, past_only=True)
    return program_date_error(
        program, value, what=what, latest=status_date, latest_text="the status date"
    )


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


def imported_problems(data: Any, program: Any = None) -> list[Any]:
    """Every value of a schedule read from a file (``ScheduleData``) that is out of range,
    located by task UID, so an import refuses them all at once and stores none. With the
    ``program`` it goes to, dates outside the program's range (and actuals after the status
    date) are refused too."""
    from schedule.interchange.errors import FileProblem

    problems: list[FileProblem] = []
    per_day = data.minutes_per_day or 480

    def out_of_range(where: str, problem: str | None) -> None:
        if problem:
            problems.append(FileProblem(where, problem))

    out_of_range("Project", text_error(data.name, limit=MAX_TITLE_LENGTH, what="The schedule name"))
    for record in data.records:
        task = record.task
        where = f"Task UID {task.uid}"
        if not 0 <= task.uid <= MAX_UID:
            out_of_range(where, f"A task UID is from 0 to {MAX_UID:,}.")
        for value, limit, what in (
            (task.name, MAX_NAME_LENGTH, "Name"),
            (record.wbs, MAX_WBS_LENGTH, "WBS"),
            (record.notes, MAX_NOTES_LENGTH, "Notes"),
            (record.responsible, MAX_NAME_LENGTH, "Responsible"),
        ):
            out_of_range(f"{where}, {what}", text_error(value, limit=limit, what=what))
        if not 0 <= task.duration <= MAX_DURATION_DAYS * per_day:
            out_of_range(
                f"{where}, Duration", f"Duration is between 0 and {MAX_DURATION_DAYS:,} days."
            )
        if not 0 <= task.percent_complete <= MAX_PERCENT:
            out_of_range(f"{where}, % Complete", "% Complete is between 0 and 100.")
        for value, what, field in (
            (task.constraint_date, "Constraint date", "constraint_date"),
            (task.deadline, "Deadline", "deadline"),
            (task.actual_start, "Actual start", "actual_start"),
            (task.actual_finish, "Actual finish", "actual_finish"),
            (task.start if task.manual else None, "Start", "manual_start"),
            (record.baseline_start, "Baseline start", "baseline_start"),
            (record.baseline_finish, "Baseline finish", "baseline_finish"),
        ):
            problem = date_error(value, what=what)
            if problem is None and program is not None:
                problem = task_date_error(
                    program, value, field=field, what=what, status_date=data.status_date
                )
            out_of_range(f"{where}, {what}", problem)
    for link in data.links:
        if abs(link.lag) > MAX_LAG_DAYS * (1440 if link.lag_unit == "elapsed" else per_day):
            out_of_range(
                f"Link from task UID {link.predecessor} to {link.successor}, Lag",
                f"A lag or lead is at most {MAX_LAG_DAYS:,} days.",
            )
    for value, what in ((data.start, "Project start"), (data.status_date, "Status date")):
        problem = date_error(value, what=what)
        if problem is None and program is not None:
            problem = program_date_error(program, value, what=what)
        out_of_range("Project", problem)
    return problems
