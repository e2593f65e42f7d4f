"""The portal's own error pages for browsers (API clients get JSON, see pmo_portal.api): the
site's header and footer, and on a 404 under /programs/<code>/ of a program the person may
view, that program's navigation. The 400 and 500 pages render from their templates alone, with
no request and no database, so they still answer when those are what failed."""

from __future__ import annotations

import re
from typing import Any

from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader

from programs.models import Program
from programs.views.layout import get_program, program_context

PROGRAM_PATH = re.compile(r"^/programs/(?P<code>[-a-zA-Z0-9_]+)/")


def _visible_program(request: HttpRequest) -> Program | None:
    """The program whose pages the path is under, if the person may view it."""
    match = PROGRAM_PATH.match(request.path_info)
    if match is None:
        return None
    try:
        return get_program(request, match["code"])
    except (Http404, DatabaseError):  # a database that failed: the page without the program
        return None


def not_found_page(request: HttpRequest) -> HttpResponse:
    program = _visible_program(request)
    context: dict[str, Any] = {}
    if program is not None:
        context = program_context(request, program, "", ("Page not found", ""))
    body = loader.render_to_string("404.html", context, request)
    return HttpResponseNotFound(body)
