"""Pages of the portal administrator: a new program with the first Program Manager of each
party, and a new organisation. Everyone else finds no such pages (404), as with any object
they may not see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..choices import OrganisationKind
from ..errors import DomainError
from ..forms import OrganisationForm, ProgramCreateForm
from ..services import organisations as organisation_services
from ..services import programs as program_services
from .layout import acting_user


def _administrator(request: HttpRequest) -> User:
    user = acting_user(request)
    if not user.is_superuser:
        raise Http404
    return user


def _crumbs(label: str) -> list[tuple[str, str]]:
    return [("Programs", reverse("programs:program-list")), (label, "")]


PROGRAM_OPEN_FIELDS = (
    "name",
    "code",
    "customer",
    "provider",
    "phase",
    "start_date",
    "planned_end_date",
    "status_date",
    "description",
)


def _organisation_url(kind: str) -> str:
    return f"{reverse('programs:organisation-create')}?kind={kind}"


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    administrator = _administrator(request)
    if request.method == "POST":
        form = ProgramCreateForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                program = program_services.program_open(
                    acting_user=administrator,
                    customer_manager=data["customer_manager_user"],
                    provider_manager=data["provider_manager_user"],
                    **{f: data[f] for f in PROGRAM_OPEN_FIELDS},
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            except ValidationError as exc:
                form.add_validation_error(exc)
            else:
                messages.success(
                    request,
                    f"{program} created. Its Program Managers can now add their party's members.",
                )
                return redirect(program)
    else:
        form = ProgramCreateForm()
    context = {
        "form": form,
        "crumbs": _crumbs("New program"),
        "new_agency_url": _organisation_url(OrganisationKind.FEDERAL_AGENCY),
        "new_provider_url": _organisation_url(OrganisationKind.SHARED_SERVICE_PROVIDER),
    }
    return render(
        request,
        "programs/program_create.html",
        context,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Back to the new-program form afterwards: that is where a missing organisation shows."""
    administrator = _administrator(request)
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                organisation = organisation_services.organisation_create(
                    acting_user=administrator, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{organisation} added.")
                return redirect("programs:program-create")
    else:
        kind = request.GET.get("kind", "")
        form = OrganisationForm(initial={"kind": kind} if kind in OrganisationKind.values else {})
    crumbs = _crumbs("New organisation")
    crumbs.insert(1, ("New program", reverse("programs:program-create")))
    return render(
        request,
        "programs/organisation_create.html",
        {"form": form, "crumbs": crumbs},
        status=400 if form.is_bound else 200,
    )
