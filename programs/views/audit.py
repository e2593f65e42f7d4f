"""The audit trail of a program: who did what, as which party, changing which fields."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..conditional import kept_page
from ..filters import AuditEventFilter
from ..forms import DateInput, apply_uswds
from ..kept_parts import kept_part
from ..models import Program
from .layout import get_program, program_context

PAGE_SIZE = 50
TRAIL = "programs/includes/audit_trail.html"
TRAIL_INCLUDES = ("includes/field.html", "includes/pagination.html")


@login_required
@require_GET
@kept_page
def audit(request: HttpRequest, code: str) -> HttpResponse:
    """Every reader of the program sees the same trail: it is kept until the next write."""
    program = get_program(request, code)
    context = program_context(request, program, "audit", ("Audit trail", ""))
    context["trail"] = kept_part(
        request,
        program,
        TRAIL,
        lambda: _trail(request, program),
        includes=TRAIL_INCLUDES,
    )
    return render(request, "programs/audit.html", context)


def _trail(request: HttpRequest, program: Program) -> dict[str, Any]:
    events = selectors.audit_events(program=program, user=request.user)
    filterset = AuditEventFilter(request.GET, queryset=events)
    for name in ("date_from", "date_to"):
        filterset.form.fields[name].widget = DateInput()
    apply_uswds(filterset.form)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": filterset.form,
        "page": page,
        "rows": [selectors.audit_row(e) for e in page.object_list],
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
    }
