"""Figures of a report's snapshot as people read them."""

from __future__ import annotations

from django import template

from ..sections.base import dollars_text

register = template.Library()


@register.filter
def dollars(value: str | None) -> str:
    """ "$869,838.89" from the snapshot's "869838.89"; "—" when unknown."""
    return dollars_text(value)
