"""Pages of the portal administrator: a new program with the first Program Manager of each
party, and a new organisation. Everyone else finds no such pages (404), as with any object
they may not see."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..choices import OrganisationKind, Party, Role
from ..errors import DomainError
from ..forms import OrganisationForm, ProgramCreateForm
from ..models import Program
from ..services import organisations as organisation_services
from ..services import programs as program_services
from ._common import acting_user


def _administrator(request: HttpRequest) -> User:
    user = acting_user(request)
    if not user.is_superuser:
        raise Http404
    return user


def _crumbs(label: str) -> list[tuple[str, str]]:
    return [("Programs", reverse("programs:program-list")), (label, "")]


def _first_manager(
    administrator: User, program: Program, user: User, party: str, field: str
) -> None:
    try:
        program_services.membership_create(
            acting_user=administrator,
            program=program,
            user=user,
            party=party,
            role=Role.PROGRAM_MANAGER,
        )
    except DomainError as exc:
        # The service speaks of "user"; the form has one username field per party.
        exc.field = field
        raise


@transaction.atomic
def _open_program(administrator: User, data: dict[str, Any]) -> Program:
    """The program and its two Program Managers, or nothing at all."""
    program = program_services.program_create(
        acting_user=administrator,
        name=data["name"],
        code=data["code"],
        customer=data["customer"],
        provider=data["provider"],
        phase=data["phase"],
        start_date=data["start_date"],
        planned_end_date=data["planned_end_date"],
        status_date=data["status_date"],
        description=data["description"],
    )
    _first_manager(
        administrator, program, data["customer_manager_user"], Party.CUSTOMER, "customer_manager"
    )
    _first_manager(
        administrator, program, data["provider_manager_user"], Party.PROVIDER, "provider_manager"
    )
    return program


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
                program = _open_program(administrator, form.cleaned_data)
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
