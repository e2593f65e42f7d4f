"""The correction of a released report from its page: a 404 for whoever may not build reports;
a refusal (not released, not the period's latest revision, no reason) shows the page again
with the message in the form, nothing changed; a correction follows its build's job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from programs.errors import DomainError
from programs.views.layout import acting_user

from .corrections import CorrectionForm
from .rules import may_build
from .services import lifecycle
from .views import detail_page, visible_report


@login_required
@require_POST
def report_correct(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = visible_report(request, code, pk)
    if not may_build(request.user, report.program):
        raise Http404("No such page.")
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            _, job = lifecycle.report_correct(
                acting_user=acting_user(request),
                report=report,
                reason=form.cleaned_data["reason"],
                request_key=str(request.POST.get("request_key", "")),
            )
        except DomainError as error:
            form.add_domain_error(error.message, error.field)
        else:
            return redirect(job.get_absolute_url())
    return detail_page(request, report, 400, correction_form=form)
