"""``{% idempotency_key %}``: the hidden field that makes a create form submit only once."""

from __future__ import annotations

import re
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


_KEY_FIELD = re.compile(
    rb'(<input type="hidden" name="' + FORM_FIELD.encode() + rb'" value=")[0-9a-f]{32}(">)'
)


def renew_keys(html: bytes) -> bytes:
    """``html`` with a new key in every field of ``idempotency_key``: a page given again
    from the cache (``programs.kept_answers``) is a new rendering of its forms, so two tabs
    of one page never send the same key."""
    if FORM_FIELD.encode() not in html:
        return html
    return _KEY_FIELD.sub(lambda found: found[1] + uuid.uuid4().hex.encode() + found[2], html)
