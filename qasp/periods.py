"""Surveillance periods: a month or a calendar quarter (federal fiscal quarters start on
1 October, January, April and July too), known by its first day. Plain dates in and out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from programs.federal_calendar import add_months, month_start

from .choices import SurveillanceFrequency

#: The frequencies surveilled on a calendar (per-event standards are recorded as they occur).
SCHEDULED = (SurveillanceFrequency.MONTHLY, SurveillanceFrequency.QUARTERLY)


def months_in(frequency: str) -> int:
    return 3 if frequency == SurveillanceFrequency.QUARTERLY else 1


def period_start(day: date, frequency: str) -> date:
    """The first day of the month or quarter holding ``day``."""
    first = month_start(day)
    if frequency == SurveillanceFrequency.QUARTERLY:
        return first.replace(month=(first.month - 1) // 3 * 3 + 1)
    return first


def is_aligned(day: date, frequency: str) -> bool:
    return frequency not in SCHEDULED or period_start(day, frequency) == day


def period_end(start: date, frequency: str) -> date:
    return add_months(start, months_in(frequency)) - timedelta(days=1)


def period_label(start: date, frequency: str) -> str:
    """ "March 2026", "Q2 FY2026 (January to March 2026)"."""
    if frequency == SurveillanceFrequency.QUARTERLY:
        fiscal = start.year + 1 if start.month >= 10 else start.year
        quarter = ((start.month - 10) % 12) // 3 + 1
        end = period_end(start, frequency)
        return f"Q{quarter} FY{fiscal} ({start:%B} to {end:%B %Y})"
    return f"{start:%B %Y}"


def periods_between(first: date, last: date, frequency: str) -> list[date]:
    """Every period of ``frequency`` that overlaps ``first``..``last``."""
    start = period_start(first, frequency)
    found = []
    while start <= last:
        found.append(start)
        start = add_months(start, months_in(frequency))
    return found


def agreed_period(content: dict[str, Any]) -> tuple[date, date] | None:
    """The QASP version's agreed surveillance period, if both its dates are given."""
    fields = content.get("fields", {})
    try:
        return date.fromisoformat(fields["period_start"]), date.fromisoformat(fields["period_end"])
    except (KeyError, TypeError, ValueError):
        return None
