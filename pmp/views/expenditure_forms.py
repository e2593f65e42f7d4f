"""The provider's forms of the expenditure reports: submit a month's report (a line per
active control account, hours, a narrative), correct a disputed one (a new revision), import
either from the month's workbook, and download that workbook (blank, or filled with the
disputed report to correct). Only the provider's members who submit reports reach them (a
404 for everyone else); a refusal is shown beside its row or field and changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from programs import limits
from programs.errors import DomainError
from programs.federal_calendar import add_months, month_start
from programs.models import Program
from programs.uploads import UploadTooLarge, limit_uploads, megabytes, upload_limit
from programs.views.layout import acting_user, get_costs_program

from ..exports.expenditure import expenditure_workbook, workbook_filename
from ..models import ControlAccount, ExpenditureReport, PeriodStatus, ReportStatus, StatusPeriod
from ..services import expenditure as services
from ..services.expenditure_import import report_import
from ..templatetags.money import dollars
from .expenditure import context_for, parse_period, report_url

UPLOAD_KIND = "expenditure"
TEMPLATE = "pmp/cost/expenditure_form.html"
#: Blank rows of hours the form offers beyond those already given.
HOURS_ROWS = 5
_PLACE = re.compile(r"(lines|hours)\.(\d+)")


def _provider_program(request: HttpRequest, code: str) -> Program:
    program = get_costs_program(request, code)
    if not services.may_report(request.user, program):
        raise Http404("No such page.")
    return program


def open_months(program: Program) -> list[date]:
    """The months a new report may be for, latest first: begun, from the agreed baseline's
    first month, not closed and without a report that stands."""
    try:
        start = services.baseline_start_month(program)
    except DomainError:
        return []
    taken = set(
        ExpenditureReport.objects.filter(program=program)
        .exclude(status=ReportStatus.SUPERSEDED)
        .values_list("period", flat=True)
    ) | set(
        StatusPeriod.objects.filter(program=program, status=PeriodStatus.CLOSED).values_list(
            "month", flat=True
        )
    )
    months: list[date] = []
    month = month_start(limits.today())
    while month >= start and len(months) < 120:
        if month not in taken:
            months.append(month)
        month = add_months(month, -1)
    return months


def _default_month(months: list[date]) -> str:
    """Last month, the one usually reported, when it is open; else the latest open."""
    last = add_months(limits.today(), -1)
    chosen = last if last in months else (months[0] if months else None)
    return f"{chosen:%Y-%m}" if chosen else ""


@dataclass
class LineRow:
    account: ControlAccount
    amount: str = ""
    reason: str = ""
    dispute: str = ""
    error: str = ""

    @property
    def budget(self) -> str:
        return dollars(self.account.budget)


@dataclass
class HoursRow:
    resource: str = ""
    hours: str = ""
    error: str = ""


@dataclass
class Posted:
    lines: list[LineRow]
    hours: list[HoursRow]
    narrative: str = ""
    period: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    #: The line (by its position among the lines given) and hours rows, by form row.
    line_rows: dict[int, LineRow] = field(default_factory=dict)
    hours_rows: dict[int, HoursRow] = field(default_factory=dict)

    def line_input(self) -> list[services.LineInput]:
        given: list[services.LineInput] = []
        for row in self.lines:
            if row.amount.strip() or row.reason.strip():
                given.append((row.account, row.amount, row.reason))
                self.line_rows[len(given)] = row
        return given

    def hours_input(self) -> list[services.HoursInput]:
        given: list[services.HoursInput] = []
        for row in self.hours:
            if row.resource.strip() or row.hours.strip():
                given.append((row.resource, row.hours))
                self.hours_rows[len(given)] = row
        return given

    def place(self, exc: DomainError) -> None:
        """Show the refusal beside its row or field (and above the form)."""
        self.errors["form"] = exc.message
        match = _PLACE.match(exc.field or "")
        if match:
            rows: dict[int, Any] = self.line_rows if match.group(1) == "lines" else self.hours_rows
            row = rows.get(int(match.group(2)) + 1)
            if row is not None:
                row.error = exc.message
        elif exc.field in ("period", "narrative", "lines", "hours"):
            self.errors[exc.field] = exc.message


def _accounts(program: Program) -> list[ControlAccount]:
    return list(ControlAccount.objects.filter(program=program, active=True).order_by("wbs"))


def _blank(program: Program, report: ExpenditureReport | None = None) -> Posted:
    lines = {line.control_account_id: line for line in report.lines.all()} if report else {}
    rows = []
    for account in _accounts(program):
        line = lines.get(account.pk)
        rows.append(
            LineRow(
                account,
                f"{line.amount}" if line else "",
                line.correction_reason if line else "",
                line.dispute_reason if line else "",
            )
        )
    hours = [HoursRow(h.resource, f"{h.hours}") for h in report.hours.all()] if report else []
    hours += [HoursRow() for _ in range(HOURS_ROWS)]
    return Posted(rows, hours, report.narrative if report else "")


def _posted(request: HttpRequest, program: Program, report: ExpenditureReport | None) -> Posted:
    disputes = (
        {line.control_account_id: line.dispute_reason for line in report.lines.all()}
        if report
        else {}
    )
    data = request.POST
    lines = [
        LineRow(
            a,
            data.get(f"amount-{a.pk}", "")[:40],
            data.get(f"reason-{a.pk}", "")[: services.MAX_REASON_LENGTH + 1],
            disputes.get(a.pk, ""),
        )
        for a in _accounts(program)
    ]
    rows = data.get("hours-rows", "")
    count = min(int(rows) if rows.isdigit() else HOURS_ROWS, services.MAX_HOURS_ROWS + 1)
    hours = [
        HoursRow(
            data.get(f"resource-{n}", "")[: services.MAX_RESOURCE_LENGTH + 1],
            data.get(f"hours-{n}", "")[:40],
        )
        for n in range(1, count + 1)
    ]
    return Posted(
        lines,
        hours,
        data.get("narrative", "")[: limits.MAX_TEXT_LENGTH + 1],
        data.get("period", "")[:7],
    )


def _page(
    request: HttpRequest,
    program: Program,
    posted: Posted,
    *,
    report: ExpenditureReport | None = None,
    import_error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    title = (
        f"Correct the expenditure report of {report.period:%B %Y}"
        if report
        else "Submit an expenditure report"
    )
    crumbs: list[tuple[str, str]] = []
    if report:
        crumbs.append((str(report), report_url(program, report.period)))
    context = context_for(request, program, *crumbs, (title, ""))
    months = [report.period] if report else open_months(program)
    context |= {
        "title": title,
        "report": report,
        "posted": posted,
        "months": [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months],
        "selected": posted.period or _default_month(months),
        "upload_limit": megabytes(upload_limit(UPLOAD_KIND)),
        "import_error": import_error,
        "settings": services.settings_for(program),
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, code: str) -> HttpResponse:
    program = _provider_program(request, code)
    if request.method != "POST":
        return _page(request, program, _blank(program))
    posted = _posted(request, program, None)
    try:
        period = parse_period(posted.period)
    except Http404:
        posted.errors["period"] = posted.errors["form"] = "Choose the month (YYYY-MM)."
        return _page(request, program, posted, status=400)
    try:
        saved = services.report_submit(
            acting_user=acting_user(request),
            program=program,
            period=period,
            lines=posted.line_input(),
            hours=posted.hours_input(),
            narrative=posted.narrative,
        )
    except DomainError as exc:
        posted.place(exc)
        return _page(request, program, posted, status=exc.status_code)
    messages.success(request, f"{saved} is submitted{' (late)' if saved.late else ''}.")
    return redirect(report_url(program, saved.period))


@login_required
@require_http_methods(["GET", "POST"])
def report_correct(request: HttpRequest, code: str, period: str) -> HttpResponse:
    program = _provider_program(request, code)
    month = parse_period(period)
    report = services.current_report(program, month)
    if report is None or report.status != ReportStatus.DISPUTED:
        raise Http404("No disputed report for this month.")
    report.program = program
    if request.method != "POST":
        return _page(request, program, _blank(program, report), report=report)
    posted = _posted(request, program, report)
    try:
        saved = services.report_correct(
            acting_user=acting_user(request),
            report=report,
            lines=posted.line_input(),
            hours=posted.hours_input(),
            narrative=posted.narrative,
        )
    except DomainError as exc:
        posted.place(exc)
        return _page(request, program, posted, report=report, status=exc.status_code)
    messages.success(request, f"{saved} is submitted; revision {report.revision} is superseded.")
    return redirect(report_url(program, saved.period))


@csrf_exempt  # the CSRF check reads the body: _import checks it once the limit is set
@login_required
@require_http_methods(["POST"])
def report_import_page(request: HttpRequest, code: str) -> HttpResponse:
    program = _provider_program(request, code)
    limit_uploads(request, kind=UPLOAD_KIND)
    try:
        return _import(request, program)
    except UploadTooLarge as exc:
        return _page(request, program, _blank(program), import_error=exc, status=exc.status_code)


@csrf_protect
def _import(request: HttpRequest, program: Program) -> HttpResponse:
    upload = request.FILES.get("file")
    text = request.POST.get("period", "")
    posted = _blank(program)
    if upload is None:
        error = DomainError("Choose the workbook (.xlsx) to import.", field="file")
        return _page(request, program, posted, import_error=error, status=400)
    try:
        period = parse_period(text) if text else None
    except Http404:
        error = DomainError("The month is YYYY-MM.", field="period")
        return _page(request, program, posted, import_error=error, status=400)
    try:
        saved = report_import(
            acting_user=acting_user(request),
            program=program,
            data=upload.read(),
            filename=upload.name or "workbook.xlsx",
            period=period,
        )
    except DomainError as exc:
        return _page(request, program, posted, import_error=exc, status=exc.status_code)
    messages.success(request, f"{saved} is imported from {saved.source_name}.")
    return redirect(report_url(program, saved.period))


@login_required
@require_GET
def workbook(request: HttpRequest, code: str) -> HttpResponse:
    """The month's workbook: blank, or the disputed report's to correct."""
    program = _provider_program(request, code)
    period = parse_period(request.GET.get("period", ""))
    report = services.current_report(program, period)
    if report is not None and report.status != ReportStatus.DISPUTED:
        report = None
    data = expenditure_workbook(program, period, report)
    answer = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    answer["Content-Disposition"] = f'attachment; filename="{workbook_filename(program, period)}"'
    return answer
