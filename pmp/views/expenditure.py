"""Pages of the provider's monthly expenditure reports, under
/programs/<code>/pmp/cost/expenditure/: the months with their report's status (late and
overdue said in words) and the reconciliation with the schedule's actual cost; a month's
report with its lines, disputes, hours and revisions, and the customer's acknowledgement and
disputes.

Everything here is money: members who may not see costs (``can_see_costs``), like everyone
outside the program, get a 404. A refusal of a service shows its message and changes
nothing. The forms that submit, correct and import are in ``expenditure_forms``."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from programs import limits
from programs.errors import DomainError
from programs.models import Program
from programs.views.layout import acting_user, get_costs_program, program_context

from ..models import ExpenditureLine, ExpenditureReport, ReportStatus
from ..selectors.expenditure import reconciliation, report_months, report_revisions
from ..services import expenditure as services
from ..templatetags.money import dollars

SECTION = "cost"
COST_SECTION = "expenditure"
_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def parse_period(text: str) -> date:
    match = _PERIOD.fullmatch(text or "")
    if match is None:
        raise Http404("No such month.")
    try:
        period = date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise Http404("No such month.") from None
    if limits.date_error(period, what="The month"):
        raise Http404("No such month.")
    return period


def list_url(program: Program) -> str:
    return reverse("pmp:expenditure-reports", kwargs={"code": program.code})


def report_url(program: Program, period: date) -> str:
    return reverse(
        "pmp:expenditure-report", kwargs={"code": program.code, "period": f"{period:%Y-%m}"}
    )


def context_for(request: HttpRequest, program: Program, *crumbs: tuple[str, str]) -> dict[str, Any]:
    context = program_context(
        request, program, SECTION, ("Expenditure reports", list_url(program)), *crumbs
    )
    context["cost_section"] = COST_SECTION
    return context


def baseline_start(program: Program) -> date | None:
    try:
        return services.baseline_start_month(program)
    except DomainError:
        return None


@login_required
@require_GET
def reports(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    today = limits.today()
    start = baseline_start(program)
    months = report_months(program, today, start)
    found = reconciliation(program)
    context = context_for(request, program)
    context |= {
        "months": months,
        "overdue_count": sum(m.overdue for m in months),
        "late_count": sum(m.late for m in months),
        "has_baseline": start is not None,
        "can_submit": services.may_report(request.user, program) and start is not None,
        "reconciliation": found,
        "reconciliation_rows": [
            (r.account, dollars(r.schedule), dollars(r.reported), dollars(r.difference))
            for r in found.rows
        ],
        "reconciliation_totals": [
            dollars(found.schedule_total),
            dollars(found.reported_total),
            dollars(found.difference_total),
        ],
        "settings": services.settings_for(program),
    }
    return render(request, "pmp/cost/expenditure_list.html", context)


def line_rows(report: ExpenditureReport) -> list[tuple[ExpenditureLine, str]]:
    return [(line, dollars(line.amount)) for line in report.lines.all()]


def _report_page(
    request: HttpRequest,
    program: Program,
    period: date,
    *,
    error: str = "",
    error_line: int | None = None,
    status: int = 200,
) -> HttpResponse:
    revisions = report_revisions(program, period)
    if not revisions:
        raise Http404("No report for this month.")
    wanted = request.GET.get("revision", "")
    if wanted:
        shown = next((r for r in revisions if str(r.revision) == wanted), None)
        if shown is None:
            raise Http404("No such revision.")
    else:
        shown = revisions[0]
    standing = shown is revisions[0] and shown.status != ReportStatus.SUPERSEDED
    may_review = standing and services.may_review(request.user, program)
    total = sum((line.amount for line in shown.lines.all()), start=Decimal("0.00"))
    context = context_for(request, program, (str(shown), ""))
    context |= {
        "report": shown,
        "lines": line_rows(shown),
        "total": dollars(total),
        "revisions": [
            (r, dollars(sum((x.amount for x in r.lines.all()), start=Decimal(0))))
            for r in revisions
        ],
        "standing": standing,
        "period_text": f"{period:%Y-%m}",
        "can_acknowledge": may_review and shown.status == ReportStatus.SUBMITTED,
        "can_dispute": may_review
        and shown.status in (ReportStatus.SUBMITTED, ReportStatus.DISPUTED),
        "can_correct": standing
        and shown.status == ReportStatus.DISPUTED
        and services.may_report(request.user, program),
        "error": error,
        "error_line": error_line,
        "reason_limit": services.MAX_REASON_LENGTH,
    }
    return render(request, "pmp/cost/expenditure_report.html", context, status=status)


@login_required
@require_GET
def report(request: HttpRequest, code: str, period: str) -> HttpResponse:
    program = get_costs_program(request, code)
    return _report_page(request, program, parse_period(period))


def _standing(program: Program, period: date) -> ExpenditureReport:
    found = services.current_report(program, period)
    if found is None:
        raise Http404("No report for this month.")
    found.program = program
    return found


@login_required
@require_POST
def acknowledge(request: HttpRequest, code: str, period: str) -> HttpResponse:
    program = get_costs_program(request, code)
    month = parse_period(period)
    found = _standing(program, month)
    try:
        services.report_acknowledge(acting_user=acting_user(request), report=found)
    except DomainError as exc:
        return _report_page(request, program, month, error=exc.message, status=exc.status_code)
    messages.success(request, f"{found} is acknowledged: its actual cost counts.")
    return redirect(report_url(program, month))


def _line(program: Program, period: date, pk: int) -> ExpenditureLine:
    found = _standing(program, period)
    line = get_object_or_404(
        ExpenditureLine.objects.select_related("control_account"), pk=pk, report=found
    )
    line.report = found
    return line


@login_required
@require_POST
def line_dispute(request: HttpRequest, code: str, period: str, line: int) -> HttpResponse:
    program = get_costs_program(request, code)
    month = parse_period(period)
    found = _line(program, month, line)
    try:
        services.line_dispute(
            acting_user=acting_user(request), line=found, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        return _report_page(
            request,
            program,
            month,
            error=exc.message,
            error_line=found.pk,
            status=exc.status_code,
        )
    messages.success(
        request, f"The line of control account {found.control_account.wbs} is disputed."
    )
    return redirect(report_url(program, month))


@login_required
@require_POST
def line_withdraw(request: HttpRequest, code: str, period: str, line: int) -> HttpResponse:
    program = get_costs_program(request, code)
    month = parse_period(period)
    found = _line(program, month, line)
    try:
        services.line_dispute_withdraw(acting_user=acting_user(request), line=found)
    except DomainError as exc:
        return _report_page(request, program, month, error=exc.message, status=exc.status_code)
    messages.success(
        request, f"The dispute of control account {found.control_account.wbs} is withdrawn."
    )
    return redirect(report_url(program, month))
