"""``{% idempotency_key %}``: the hidden field that makes a create form submit only once."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from programs.services.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def idempotency_key() -> SafeString:
    """A key new at each rendering of the form: a second submit of the same rendering (a
    double click, a resent POST) replays the first instead of creating again."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, uuid.uuid4().hex)
