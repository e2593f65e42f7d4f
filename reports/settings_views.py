"""The page that says how the program reports: its Program Managers and PMO Leads of both
parties set it (a 404 for everyone else); a refusal shows beside the field, nothing changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from programs.errors import DomainError
from programs.views.layout import acting_user, get_program, program_context

from . import selectors
from .forms import SettingsForm
from .rules import may_build
from .services.report_settings import IDENTIFIERS, report_settings_update


@login_required
@require_http_methods(["GET", "POST"])
def report_settings(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_build(request.user, program):
        raise Http404("No such page.")
    current = selectors.settings_of(program)
    initial = {
        "period_length": current.period_length,
        "due_business_day": current.due_business_day,
        "distribution_members": list(current.distribution_members.all()) if current.pk else [],
        "outside_emails": "\n".join(current.outside_emails),
        **{name: getattr(current, name) for name in IDENTIFIERS},
    }
    form = SettingsForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_settings_update(
                acting_user=acting_user(request),
                program=program,
                period_length=data["period_length"],
                due_business_day=data["due_business_day"],
                members=data["distribution_members"],
                outside_emails=data["outside_emails"].splitlines(),
                identifiers={name: data[name] for name in IDENTIFIERS},
            )
        except DomainError as error:
            form.add_domain_error(error.message, error.field)
        else:
            messages.success(request, "The report settings are saved.")
            return redirect(reverse("reports:list", kwargs={"code": program.code}))
    list_url = reverse("reports:list", kwargs={"code": program.code})
    context = program_context(
        request, program, "reports", ("Status reports", list_url), ("Settings", "")
    )
    context["form"] = form
    return render(request, "reports/settings.html", context, status=400 if form.errors else 200)
