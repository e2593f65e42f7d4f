"""The audit trail of a program: who did what, as which party, changing which fields."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..filters import AuditEventFilter
from ..forms import DateInput, apply_uswds
from .layout import get_program, program_context

PAGE_SIZE = 50


@login_required
@require_GET
def audit(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    events = selectors.audit_events(program=program, user=request.user)
    filterset = AuditEventFilter(request.GET, queryset=events)
    for name in ("date_from", "date_to"):
        filterset.form.fields[name].widget = DateInput()
    apply_uswds(filterset.form)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = program_context(request, program, "audit", ("Audit trail", ""))
    context |= {
        "filter_form": filterset.form,
        "page": page,
        "rows": [selectors.audit_row(e) for e in page.object_list],
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
    }
    return render(request, "programs/audit.html", context)
