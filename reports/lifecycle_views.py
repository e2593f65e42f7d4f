"""The actions of a built report's page: narratives, approval, the customer's rating and
release. Each is a 404 for whoever may not take it; a refusal shows the report page again
with the service's message beside the field, nothing changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from programs.errors import DomainError
from programs.views.layout import acting_user

from .choices import StatusReportStatus
from .forms import NarrativesForm, RatingForm
from .rules import manager_party, may_build, may_rate
from .services import lifecycle
from .views import detail_page, visible_report


@login_required
@require_POST
def report_narratives(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    party = manager_party(request.user, report.program)
    if party is None or report.status == StatusReportStatus.RELEASED:
        raise Http404("No such page.")
    writable = {n for n, owner in lifecycle.NARRATIVES.items() if owner in (None, party)}
    form = NarrativesForm(
        request.POST,
        writable=writable,
        initial={name: getattr(report, name) for name in lifecycle.NARRATIVES},
    )
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in writable}
        try:
            lifecycle.report_narratives_update(
                acting_user=acting_user(request), report=report, values=values
            )
        except DomainError as error:
            form.add_domain_error(error.message, error.field)
        else:
            messages.success(request, "The narratives are saved.")
            return redirect(report.get_absolute_url())
    return detail_page(request, report, 400, narratives_form=form)


@login_required
@require_POST
def report_approve(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    if manager_party(request.user, report.program) is None:
        raise Http404("No such page.")
    try:
        lifecycle.report_approve(acting_user=acting_user(request), report=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your party's approval is recorded.")
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_rate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    if not may_rate(request.user, report.program) or report.status == StatusReportStatus.RELEASED:
        raise Http404("No such page.")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.report_rate(
                acting_user=acting_user(request),
                report=report,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_domain_error(error.message, error.field)
        else:
            messages.success(request, "The rating is recorded.")
            return redirect(report.get_absolute_url())
    return detail_page(request, report, 400, rating_form=form)


@login_required
@require_POST
def report_release(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    if not may_build(request.user, report.program):
        raise Http404("No such page.")
    try:
        lifecycle.report_release(acting_user=acting_user(request), report=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The report of {report.period_label} is released.")
    return redirect(report.get_absolute_url())
