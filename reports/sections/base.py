"""What every section of the snapshot shares: the context it reads in, the line of an absent
section, and JSON-safe values (money as strings of dollars and cents, dates in ISO form)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

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


#: What a snapshot's cost section says to whoever may not see the program's costs.
COSTS_WITHHELD = "Shown to those who may see the program's costs."


def snapshot_for(snapshot: Mapping[str, Any], *, shows_costs: bool) -> dict[str, Any]:
    """``snapshot`` as the person may read it: whole for whoever may see the program's costs;
    otherwise the cost section's figures withheld (its presence kept) and every dollar
    figure left out of the texts (indicators, the rating's reasons, what changed)."""
    if shows_costs:
        return dict(snapshot)
    sections = dict(snapshot.get("sections") or {})
    if "cost" in sections:
        present = bool((sections["cost"] or {}).get("present"))
        sections["cost"] = {"present": present, "withheld": COSTS_WITHHELD}
    return cast(dict[str, Any], _without_dollars_deep({**snapshot, "sections": sections}))


def _without_dollars_deep(value: Any) -> Any:
    if isinstance(value, str):
        return without_dollars(value)
    if isinstance(value, Mapping):
        return {key: _without_dollars_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_dollars_deep(item) for item in value]
    return value
