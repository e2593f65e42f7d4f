"""Pages of status reports: the program's reports with the form to build one, the build
(queued as a job whose page follows it), and a report rendered from its snapshot.

Every member of the program reads them (a 404 for anyone else); building is for the Program
Managers and PMO Leads of both parties (a 404 for the others); a refusal shows the service's
message beside the field and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from programs import limits, policy
from programs.conditional import kept_page
from programs.errors import DomainError
from programs.models import Program
from programs.views.layout import acting_user, get_program, program_context

from . import periods, selectors
from .choices import StatusReportStatus
from .corrections import correction_context
from .forms import BuildForm, NarrativesForm, RatingForm
from .history import status_history
from .models import StatusReport
from .rules import manager_party, may_build, may_rate
from .services import builds as services
from .services.lifecycle import NARRATIVES

SECTION = "reports"
PERIOD_CHOICES = 24


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Status reports", reverse("reports:list", kwargs={"code": program.code})), *tail)


def _build_form(program: Program, data: Any = None) -> BuildForm:
    length = selectors.settings_of(program).period_length
    choices = periods.recent_periods(
        first_day=program.start_date, today=limits.today(), length=length, limit=PERIOD_CHOICES
    )
    return BuildForm(data, periods=choices)


def _list_page(
    request: HttpRequest, program: Program, form: BuildForm | None, status: int = 200
) -> HttpResponse:
    context = program_context(request, program, SECTION, *_crumbs(program))
    context |= {
        "reports": list(selectors.visible_reports(user=request.user, program=program)),
        "form": form,
        "settings": selectors.settings_of(program),
    }
    return render(request, "reports/report_list.html", context, status=status)


@login_required
@require_GET
@kept_page
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    form = _build_form(program) if may_build(request.user, program) else None
    return _list_page(request, program, form)


@login_required
@require_POST
def report_build(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_build(request.user, program):
        raise Http404("No such page.")
    form = _build_form(program, request.POST)
    if form.is_valid():
        try:
            job = services.report_build_start(
                acting_user=acting_user(request),
                program=program,
                period_start=form.period_start,
                request_key=str(request.POST.get("request_key", "")),
            )
        except DomainError as error:
            form.add_domain_error(error.message, error.field)
        else:
            return redirect(job.get_absolute_url())
    return _list_page(request, program, form, status=400)


def visible_report(request: HttpRequest, code: str, pk: int) -> StatusReport:
    program = get_program(request, code)
    report = selectors.report_get(user=request.user, program=program, pk=pk)
    if report is None:
        raise Http404("No such report.")
    return report


def detail_page(
    request: HttpRequest, report: StatusReport, status: int = 200, **forms: Any
) -> HttpResponse:
    """The report page, with the forms the person may use (bound ones given in ``forms``)."""
    program, user = report.program, request.user
    open_ = report.status != StatusReportStatus.RELEASED
    party = manager_party(user, program)
    context = program_context(
        request, program, SECTION, *_crumbs(program, (report.period_label, ""))
    )
    writable = {n for n, owner in NARRATIVES.items() if owner in (None, party)}
    initial = {name: getattr(report, name) for name in NARRATIVES}
    if open_ and party is not None and "narratives_form" not in forms:
        forms["narratives_form"] = NarrativesForm(initial=initial, writable=writable)
    if open_ and may_rate(user, program) and "rating_form" not in forms:
        forms["rating_form"] = RatingForm(
            initial={"rating": report.rating, "comment": report.rating_comment}
        )
    approved_by = getattr(report, f"{party}_approved_by_id", None) if party else None
    context |= {
        "report": report,
        "s": report.snapshot,
        "sections": report.snapshot.get("sections", {}),
        "history": status_history(report),
        "shows_costs": policy.can_see_costs(user, program),
        "rebuildable": open_ and may_build(user, program),
        "may_approve": open_ and party is not None and approved_by is None,
        "may_release": report.status == StatusReportStatus.REVIEWED and may_build(user, program),
        "approvals": [
            ("customer", report.customer_approved_by, report.customer_approved_at),
            ("provider", report.provider_approved_by, report.provider_approved_at),
        ],
        **correction_context(report, user),
        **forms,
    }
    return render(request, "reports/report_detail.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return detail_page(request, visible_report(request, code, pk))
