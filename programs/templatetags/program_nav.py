"""``{% program_nav %}``: a program's side navigation, rendered once and kept in the cache.

Every page of a program shows it, and it depends on nothing the program's writes change: only
on the program's code, where the page sits in it (its section and the section's own part),
and whether the reader sees the program's costs (the cost pages' link). Those make its key,
with a digest of its template, so a release that changes the navigation is not served what
the old one rendered.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from ..kept_parts import template_digest

register = template.Library()

NAV_TEMPLATE = "programs/includes/program_nav.html"
#: Kept a day; a new program code or section is a new key, never a stale answer.
NAV_SECONDS = 24 * 3600


def _sees_costs(context: template.Context) -> bool:
    value = context.get("sees_costs")
    return bool(value() if callable(value) else value)


@register.simple_tag(takes_context=True)
def program_nav(context: template.Context) -> SafeString:
    """The side navigation of ``program`` with the current page marked (``program_section``;
    ``cost_section``, ``schedule_section`` and ``schedule_missing`` within theirs; the QASP
    pages by their path)."""
    engine = context.template.engine  # type: ignore[union-attr]
    section = context.get("program_section", "")
    request = context.get("request")
    sees_costs = _sees_costs(context)
    place = "\n".join(
        str(part)
        for part in (
            template_digest(NAV_TEMPLATE),
            context["program"].code,
            section,
            context.get("cost_section", ""),
            context.get("schedule_section", ""),
            int(bool(context.get("schedule_missing"))),
            int(sees_costs),
            request.path if section == "qasp" and request is not None else "",
        )
    )
    key = f"programs:nav:{hashlib.sha256(place.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        with context.push(sees_costs=sees_costs):
            html = engine.get_template(NAV_TEMPLATE).render(context)
        cache.set(key, html, NAV_SECONDS)
    return mark_safe(html)
