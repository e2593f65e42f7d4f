"""Figures of a report's snapshot as people read them."""

from __future__ import annotations

from django import template

from ..sections.base import dollars_text, without_dollars

register = template.Library()


@register.filter
def dollars(value: str | None) -> str:
    """ "$869,838.89" from the snapshot's "869838.89"; "—" when unknown."""
    return dollars_text(value)


@register.filter
def dollars_unless(text: str, shows_costs: bool) -> str:
    """``text`` as it is for whoever may see the program's costs, else without its dollar
    figures (an indicator's value, a reason of the rating)."""
    return str(text) if shows_costs else without_dollars(text)
