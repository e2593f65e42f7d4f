"""What every section of the snapshot shares: the context it reads in, the line of an absent
section, and JSON-safe values (money as strings of dollars and cents, dates in ISO form)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import User

from programs.models import Program

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Context:
    """What a section reads: the program, the period, the day of the build, and the person
    the build is for (None for the scheduled build)."""

    program: Program
    period_start: date
    period_end: date
    today: date
    user: User | None = None

    def in_period(self, day: date | None) -> bool:
        return day is not None and self.period_start <= day <= self.period_end


def absent(reason: str) -> dict[str, Any]:
    """A section whose source does not exist for the program, with the line saying so."""
    return {"present": False, "absent": reason}


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def percent(value: Decimal | float | None) -> str | None:
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP))


def day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def dollars_text(value: str | None) -> str:
    """ "$1,234.50", "-$20.00" from a money string."""
    if value is None:
        return "—"
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


_DOLLARS = re.compile(r"-?\$\d[\d,]*(?:\.\d+)?")
DOLLARS_HIDDEN = "(dollars not shown)"


def without_dollars(text: str) -> str:
    """``text`` with its dollar figures left out, for whoever may not see the program's
    costs: "Cost variance -$20.00 (-6.7%)" reads "Cost variance (dollars not shown) (-6.7%)"."""
    return _DOLLARS.sub(DOLLARS_HIDDEN, str(text))
