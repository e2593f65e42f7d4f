"""Amounts as people read them: ``{{ value|dollars }}`` gives "$1,234.56" ("-$5,000.00" for a
deobligation); ``{{ value|percent }}`` gives "12.9%"; nothing known reads as a dash."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def dollars(value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


@register.filter
def percent(value: Any) -> str:
    return "—" if value is None else f"{value}%"
