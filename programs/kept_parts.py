"""Parts of a program's pages rendered once per revision of the program and kept in the cache.

The program's revision moves on with every audited write (``Program.revision``), so the part
of a page that shows the program's data (a register's filtered rows and their filter form,
the audit trail) is the same between two writes for everyone who reads it alike. It is kept
under:

- the program and its revision;
- the address: the path and the query string (filters, paging);
- today's date (what is overdue, the current period);
- ``viewer``: what of the reader shapes the part, given by the page (nothing for a part
  every reader of the program sees the same; their party and role where rows or links
  depend on them);
- a digest of the templates that render it, so a release that changes them is not served
  what the old ones rendered.

What depends on the reader's own rights (a "Record" button) stays outside the kept part, and
so does any form that posts: a part holding a CSRF token is never kept.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Program

CSRF_FIELD = "csrfmiddlewaretoken"
#: Kept an hour at most: a part of an old revision is never served, this only frees room.
PART_SECONDS = 3600


@functools.cache
def template_digest(*names: str) -> str:
    """A digest of the templates ``names``, part of the key of whatever is kept of their
    rendering: a release that changes them is not served what the old ones rendered."""
    sources = "".join(get_template(name).template.source for name in names)  # type: ignore[attr-defined]
    return hashlib.sha256(sources.encode()).hexdigest()[:12]


def kept_part(
    request: HttpRequest,
    program: Program,
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    viewer: str = "",
    includes: Iterable[str] = (),
) -> SafeString:
    """``template`` rendered with ``context()`` for ``request``, or what it rendered for the
    same address and viewer at the program's current revision today. ``includes`` names the
    templates it includes, for the digest."""
    query = sorted((key, value) for key, values in request.GET.lists() for value in values)
    place = "\n".join(
        [
            template_digest(template, *includes),
            request.path,
            repr(query),
            viewer,
            timezone.localdate().isoformat(),
        ]
    )
    digest = hashlib.sha256(place.encode()).hexdigest()
    key = f"programs:part:{program.pk}:{program.revision}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context(), request=request)
        if CSRF_FIELD not in html:  # a form that posts carries the reader's own token
            cache.set(key, html, PART_SECONDS)
    return mark_safe(html)
