"""``{% audit_value value %}``: a value before or after a change on the audit trail, long text
folded into a ``<details>``. A page of the trail shows hundreds of them: a tag, not an
included template, keeps the page quick."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

register = template.Library()

#: Values longer than this many characters fold, their first characters as the summary.
FOLD_AFTER = 80


@register.simple_tag
def audit_value(value: str) -> SafeString:
    if len(value) > FOLD_AFTER:
        return format_html(
            '<details class="portal-long-value"><summary>{}</summary>'
            '<div class="portal-long-value__text">{}</div></details>',
            Truncator(value).chars(FOLD_AFTER),
            linebreaksbr(value, autoescape=True),
        )
    return format_html('<span class="portal-value">{}</span>', value)
