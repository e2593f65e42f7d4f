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


def date_help(text: str = "") -> str:
    """A date field's API help: what it is, and its range."""
    return f"{text} A date {DATE_RANGE_TEXT}.".strip()
