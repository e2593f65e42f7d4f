"""A status report's downloads: the PDF and the workbook, for every member of the program (a
404 for anyone else), rendered from the frozen snapshot; dollar figures only for whoever may
see the program's costs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from programs import policy
from programs.registers.exports import dated_download
from programs.views.layout import acting_user

from . import exports
from .views import visible_report


@login_required
@require_GET
def report_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    body = exports.report_pdf(
        report,
        shows_costs=policy.can_see_costs(request.user, report.program),
        generated_by=acting_user(request).get_username(),
    )
    return dated_download(body, "application/pdf", report.program, exports.filename(report), "pdf")


@login_required
@require_GET
def report_xlsx(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    body = exports.report_xlsx(
        report, shows_costs=policy.can_see_costs(request.user, report.program)
    )
    return dated_download(body, exports.XLSX, report.program, exports.filename(report), "xlsx")
