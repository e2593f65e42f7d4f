"""The IV&V reports list: each report's period, assessment, status and version, and for the
IV&V agent the form that starts the report of a new period. A refused start shows the
service's message beside the field and changes nothing; anyone else's post is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from programs import policy
from programs.choices import Party
from programs.errors import DomainError
from programs.models import Document
from programs.views.idempotency import create_once
from programs.views.layout import acting_user, get_program, program_context

from . import report_services, selectors
from .report import IVV_REPORT
from .report_forms import ReportForm
from .report_pages import REPORT_PAGES


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    user = acting_user(request)
    may_write = policy.can_change_party(user, program, Party.INDEPENDENT)
    status = 200
    form = ReportForm()
    if request.method == "POST":
        if not may_write:
            raise Http404
        form = ReportForm(data=request.POST)
        if form.is_valid():
            try:
                document = create_once(
                    request,
                    scope="ivv_report:create",
                    create=lambda: report_services.report_create(
                        acting_user=user,
                        program=program,
                        period_start=form.cleaned_data["period_start"],
                        period_end=form.cleaned_data["period_end"],
                    ),
                    redirect_to=lambda d: d.get_absolute_url(),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                if isinstance(document, HttpResponse):
                    return document
                messages.success(request, f"{document.title} is started: version 1 is a draft.")
                return redirect(document.get_absolute_url())
        status = 400
    documents = policy.restrict(
        Document.objects.filter(program=program, kind=IVV_REPORT), user, "view"
    )
    register = reverse("ivv:register", kwargs={"code": program.code})
    context = program_context(request, program, "ivv", ("IV&V", register), ("IV&V reports", ""))
    context |= {
        "rows": [
            (row, REPORT_PAGES.urls(program, row.document).home)
            for row in selectors.report_rows(documents)
        ],
        "form": form if may_write else None,
    }
    return render(request, "ivv/report_list.html", context, status=status)
