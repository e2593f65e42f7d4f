"""Pages of earned value, under /programs/<code>/pmp/cost/: the program's earned value of a
month (measures with their formulas, lights, control accounts, charts), closing a month, the
EVM report as PDF and workbook, and the variance explanations with their life cycle.

Everything here is money: only members who see costs (``can_see_costs``) find these pages;
everyone else gets a 404, as for a program they are not a member of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from programs import limits, policy
from programs.conditional import kept_page
from programs.errors import DomainError, ErrorCode
from programs.forms import PortalForm
from programs.models import Program, person_name
from programs.views.layout import acting_user, get_costs_program, program_context

from .. import earned_value_display as display
from ..exports.earned_value import evm_pdf, evm_xlsx, export_filename
from ..forms.earned_value import AcceptForm, CloseForm, ExplanationForm, ReturnForm
from ..models import VarianceExplanation
from ..selectors.earned_value import Report, earned_value_report
from ..services import variance
from ..services.earned_value import period_close
from ..services.earned_value_setup import may_manage_earned_value

SECTION = "cost"
MONTH_FORMAT = "%Y-%m"


def _context(
    request: HttpRequest, program: Program, area: str, *crumbs: tuple[str, str]
) -> dict[str, Any]:
    context = program_context(
        request,
        program,
        SECTION,
        ("Earned value", reverse("pmp:earned-value", kwargs={"code": program.code})),
        *crumbs,
    )
    context["cost_section"] = area
    return context


def parse_month(text: str | None) -> dt.date | None:
    """ "2027-03" as its first day; a ``DomainError`` naming ``month`` otherwise."""
    if not text:
        return None
    try:
        month = dt.datetime.strptime(text, MONTH_FORMAT).date()
    except ValueError:
        raise DomainError("The month is written YYYY-MM.", field="month") from None
    error = limits.date_error(month, what="The month")
    if error:
        raise DomainError(error, field="month")
    return month


def report_for(program: Program, text: str | None) -> Report:
    return earned_value_report(program, parse_month(text))


@login_required
@require_GET
@kept_page
def earned_value(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    context = _context(request, program, "earned-value")
    try:
        report = report_for(program, request.GET.get("month"))
    except DomainError as exc:
        if exc.code != ErrorCode.NO_SCHEDULE and exc.field != "month":
            raise
        context |= {"problem": exc.message}
        status = 200 if exc.code == ErrorCode.NO_SCHEDULE else 400
        return render(request, "pmp/cost/earned_value.html", context, status=status)
    may_close = may_manage_earned_value(request.user, program)
    context |= {
        "report": report,
        "measures": display.program_measures(report),
        "lights": display.lights_summary(report.lights),
        "overall": display.light_text(report.lights.overall),
        "overall_colour": report.lights.overall.colour.value,
        "lines": display.account_lines(report),
        "totals": display.account_totals(report, display.account_lines(report)),
        "format_1_groups": display.FORMAT_1_GROUPS,
        "format_1_headers": display.FORMAT_1_HEADERS,
        "charts": {
            "s_curve": display.s_curve(report),
            "indices": display.index_chart(report),
            "variance": display.variance_chart(report),
        },
        "months": [p for p in report.periods if p.value is not None],
        "close_form": CloseForm(initial={"month": f"{report.closable:%Y-%m}"})
        if may_close and report.closable
        else None,
        "month_text": f"{report.month:%Y-%m}",
    }
    return render(request, "pmp/cost/earned_value.html", context)


@login_required
@require_POST
def close_month(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    if not may_manage_earned_value(request.user, program):
        raise Http404
    page = reverse("pmp:earned-value", kwargs={"code": program.code})
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Name the month to close as YYYY-MM.")
        return redirect(page)
    try:
        period, requested = period_close(
            acting_user=acting_user(request), program=program, month=form.cleaned_data["month"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(page)
    text = f"{period} is closed: its figures are frozen."
    if requested:
        text += (
            f" {len(requested)} variance explanation{'s' if len(requested) != 1 else ''} "
            f"asked of the provider ({', '.join(i.reference for i in requested)})."
        )
    messages.success(request, text)
    return redirect(f"{page}?month={period.month:%Y-%m}")


@login_required
@require_GET
def export_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _export(request, code, "pdf")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    return _export(request, code, "xlsx")


def _export(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    program = get_costs_program(request, code)
    try:
        report = report_for(program, request.GET.get("month"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("pmp:earned-value", code=program.code)
    if kind == "pdf":
        body = evm_pdf(report, generated_by=person_name(request.user))
        content_type = "application/pdf"
    else:
        body = evm_xlsx(report)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, kind)}"'
    return response


# -- variance explanations ---------------------------------------------------------------------


def _explanations(request: HttpRequest, program: Program) -> Any:
    rows = VarianceExplanation.objects.filter(program=program).select_related(
        "control_account", "program"
    )
    return policy.restrict(rows, request.user, "view")


@login_required
@require_GET
def variance_explanations(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    today = limits.today()
    items = list(_explanations(request, program))
    status = request.GET.get("status", "")
    if status == "open":
        items = [i for i in items if i.status != "accepted"]
    context = _context(request, program, "variance", ("Variance explanations", ""))
    context |= {
        "rows": [
            (
                i,
                variance.is_overdue(i, today),
                display.money(i.variance),
                display.percent(i.variance_percent),
            )
            for i in items
        ],
        "overdue_count": sum(variance.is_overdue(i, today) for i in items),
        "open_count": sum(i.status != "accepted" for i in items),
        "showing_open": status == "open",
    }
    return render(request, "pmp/cost/variance_list.html", context)


def explanation_for(request: HttpRequest, program: Program, reference: str) -> VarianceExplanation:
    prefix, _, number = reference.upper().partition("-")
    if prefix != VarianceExplanation.register_prefix or not number.isdigit() or len(number) > 9:
        raise Http404
    item = get_object_or_404(_explanations(request, program), number=int(number))
    item.program = program
    return item


def _detail(
    request: HttpRequest,
    program: Program,
    item: VarianceExplanation,
    *,
    bound: tuple[str, PortalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    forms: dict[str, PortalForm] = {}
    for transition in variance.WORKFLOW.available(user, item):
        if transition.name == "submit":
            forms["submit"] = ExplanationForm(
                initial={
                    "cause": item.cause,
                    "impact": item.impact,
                    "corrective_action": item.corrective_action,
                }
            )
        elif transition.name == "return":
            forms["return"] = ReturnForm()
        else:
            forms["accept"] = AcceptForm()
    if bound is not None:
        forms[bound[0]] = bound[1]
    context = _context(
        request,
        program,
        "variance",
        (
            "Variance explanations",
            reverse("pmp:variance-explanations", kwargs={"code": program.code}),
        ),
        (item.reference, ""),
    )
    context |= {
        "item": item,
        "overdue": variance.is_overdue(item),
        "history": item.history.all(),
        "forms": forms,
        "variance_text": display.money(item.variance),
        "percent_text": display.percent(item.variance_percent),
        "month_text": f"{item.month:%Y-%m}",
    }
    return render(request, "pmp/cost/variance_item.html", context, status=status)


@login_required
@require_GET
def variance_explanation(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    program = get_costs_program(request, code)
    return _detail(request, program, explanation_for(request, program, reference))


FORMS: dict[str, type[PortalForm]] = {
    "submit": ExplanationForm,
    "accept": AcceptForm,
    "return": ReturnForm,
}


@login_required
@require_POST
def variance_explanation_action(
    request: HttpRequest, code: str, reference: str, action: str
) -> HttpResponse:
    program = get_costs_program(request, code)
    item = explanation_for(request, program, reference)
    if action not in FORMS:
        raise Http404
    form = FORMS[action](request.POST)
    if form.is_valid():
        try:
            if action == "submit":
                variance.explanation_submit(
                    acting_user=acting_user(request), item=item, **form.cleaned_data
                )
            else:
                variance.explanation_review(
                    acting_user=acting_user(request),
                    item=item,
                    accept=action == "accept",
                    reason=form.cleaned_data.get("reason", ""),
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            label = variance.WORKFLOW[action].label.lower()
            messages.success(request, f"{item.reference} {label}.")
            return redirect(item.get_absolute_url())
    return _detail(request, program, item, bound=(action, form), status=400)
