"""The range of the numbers, dates and texts the programs app takes, in one place, and the
checks every app's services use to refuse a value out of range with the field and the limit
named (never stored, never a server error). Other apps state their own limits beside their
models (``schedule.limits``) and share these checks and the date range."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .errors import DomainError

#: Dates people enter: well inside what every database and the calendar arithmetic handle.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DATE_RANGE_TEXT = f"between {EARLIEST_DATE:%Y-%m-%d} and {LATEST_DATE:%Y-%m-%d}"

MAX_TITLE_LENGTH = 200  # program names, onboarding item titles
MAX_TERM_LENGTH = 120  # glossary terms
#: Long texts: program descriptions, glossary definitions, onboarding notes.
MAX_TEXT_LENGTH = 20_000
#: Numbers in a document's typed fields and tables (budgets, costs, counts).
MAX_AMOUNT = 10**13 - 1  # dollars: under ten trillion
MAX_WHOLE_NUMBER = 2_147_483_647
#: Order on the onboarding checklist (a small positive integer in the database).
MAX_POSITION = 32_767


def date_error(value: date | datetime | None, *, what: str) -> str | None:
    """Why ``value`` is out of the date range (None when it is in it, or absent)."""
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


def text_error(value: str, *, limit: int, what: str) -> str | None:
    """Why a text is too long (None when it is not), naming the limit."""
    if len(value) > limit:
        return f"{what} is at most {limit:,} characters; this one has {len(value):,}."
    return None


def check_text(value: str, *, field: str, limit: int, what: str) -> None:
    """Refuse a text over ``limit`` characters, naming the field and the limit."""
    problem = text_error(value, limit=limit, what=what)
    if problem:
        raise DomainError(problem, field=field)


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value)
        return value.date()
    return value


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def program_date_range(program: Any) -> tuple[date, date]:
    """The dates a person may enter for ``program``: from PMO_DATES_YEARS_BEFORE_START years
    before its start to PMO_DATES_YEARS_AFTER_END years after its planned end, inside the
    absolute range."""
    from django.conf import settings

    start = _day(program.start_date)
    end = max(_day(program.planned_end_date), start)
    earliest = _years_from(start, -settings.PMO_DATES_YEARS_BEFORE_START)
    latest = _years_from(end, settings.PMO_DATES_YEARS_AFTER_END)
    return max(earliest, EARLIEST_DATE), min(latest, LATEST_DATE)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def program_date_error(
    program: Any,
    value: date | datetime | None,
    *,
    what: str,
    past_only: bool = False,
    latest: date | datetime | None = None,
    latest_text: str = "",
) -> str | None:
    """Why ``value`` makes no sense for ``program`` (None when it does, or is absent): outside
    the program's date range, or, for a date something was done (``past_only``), in the
    future. ``latest`` lowers the upper end further (a schedule's status date), and
    ``latest_text`` says what it is."""
    if value is None:
        return None
    day = _day(value)
    low, high = program_date_range(program)
    bound = ""
    if past_only and today() < high:
        high, bound = today(), "today"
    if latest is not None and _day(latest) < high:
        high, bound = _day(latest), latest_text
    if low <= day <= high:
        return None
    upper = f"{high:%Y-%m-%d}" + (f" ({bound})" if bound else "")
    if high < low:
        return f"{what} is no later than {upper} for {program.name}."
    return f"{what} is between {low:%Y-%m-%d} and {upper} for {program.name}."


def check_program_date(
    program: Any,
    value: date | datetime | None,
    *,
    field: str,
    what: str,
    past_only: bool = False,
    latest: date | datetime | None = None,
    latest_text: str = "",
) -> None:
    """Refuse a date that makes no sense for ``program`` (``program_date_error``; its range
    lies inside the absolute one)."""
    problem = program_date_error(
        program, value, what=what, past_only=past_only, latest=latest, latest_text=latest_text
    )
    if problem:
        raise DomainError(problem, field=field)


def check_program_span(start: date | None, end: date | None) -> None:
    """A program's planned end comes after its start, at most PMO_PROGRAM_MAX_YEARS later."""
    from django.conf import settings

    if start is None or end is None:
        return
    if end < start:
        raise DomainError(
            f"The planned end date ({end:%Y-%m-%d}) is on or after the start date "
            f"({start:%Y-%m-%d}).",
            field="planned_end_date",
        )
    years = settings.PMO_PROGRAM_MAX_YEARS
    if end > _years_from(start, years):
        raise DomainError(
            f"A program spans at most {years} years: the planned end date is between "
            f"{start:%Y-%m-%d} and {_years_from(start, years):%Y-%m-%d}.",
            field="planned_end_date",
        )


def date_validators() -> list[Any]:
    """Validators of a date entered on a page: the same range, beside the field."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    message = f"Enter a date {DATE_RANGE_TEXT}."
    return [MinValueValidator(EARLIEST_DATE, message), MaxValueValidator(LATEST_DATE, message)]


def date_help(text: str = "") -> str:
    """A date field's API help: what it is, and its range."""
    return f"{text} A date {DATE_RANGE_TEXT}.".strip()
