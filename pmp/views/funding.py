"""The cost area's funding and earned value settings pages, under
/programs/<code>/pmp/cost/: the funding documents by fiscal year with their modifications and
the funding summary, and the earned value settings with the control accounts.

Everything here is money: a member who may not see the program's costs gets a 404, as does
anyone who is not a member. The customer's editors who see costs change the funding; the
Program Managers and PMO Leads of either party set the settings and take the control accounts
from the agreed baseline. A refusal shows the service's message beside the field and changes
nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import policy
from programs.errors import DomainError
from programs.models import Program
from programs.views.layout import acting_user, get_costs_program, program_context

from ..forms.funding import EarnedValueSettingsForm, FundingDocumentForm, FundingModificationForm
from ..models import ControlAccount, FundingDocument, FundingModification
from ..selectors.funding import BURN_MONTHS, funding_summary
from ..services import earned_value_setup as setup
from ..services import funding as services

SECTION = "cost"


def _context(
    request: HttpRequest, program: Program, area: str, *crumbs: tuple[str, str]
) -> dict[str, Any]:
    context = program_context(request, program, SECTION, *crumbs)
    context["cost_section"] = area
    return context


def _funding_url(program: Program) -> str:
    return reverse("pmp:funding", kwargs={"code": program.code})


def _funding_crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Funding", _funding_url(program)), *tail)


@login_required
@require_GET
def funding(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    context = _context(request, program, "funding", ("Funding", ""))
    context |= {
        "summary": funding_summary(program),
        "burn_window": BURN_MONTHS,
        "can_change": services.may_change_funding(request.user, program),
    }
    return render(request, "pmp/cost/funding.html", context)


def _document(request: HttpRequest, program: Program, pk: int) -> FundingDocument:
    rows = policy.restrict(FundingDocument.objects.filter(program=program), request.user, "view")
    document = get_object_or_404(rows, pk=pk)
    document.program = program
    return document


def _require_change(request: HttpRequest, program: Program) -> None:
    if not services.may_change_funding(request.user, program):
        raise Http404("No such page.")


@login_required
@require_http_methods(["GET", "POST"])
def document_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_costs_program(request, code)
    document = _document(request, program, pk) if pk else None
    _require_change(request, program)
    if request.method != "POST":
        initial = {f: getattr(document, f) for f in services.DOCUMENT_FIELDS} if document else {}
        form = FundingDocumentForm(initial=initial)
    else:
        form = FundingDocumentForm(request.POST)
        if form.is_valid():
            try:
                if document:
                    saved = services.document_update(
                        acting_user=acting_user(request), document=document, **form.cleaned_data
                    )
                else:
                    saved = services.document_create(
                        acting_user=acting_user(request), program=program, **form.cleaned_data
                    )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"Funding document {saved.number} is saved.")
                return redirect(saved.get_absolute_url())
    title = f"Edit funding document {document.number}" if document else "Add a funding document"
    context = _context(request, program, "funding", *_funding_crumbs(program, (title, "")))
    context |= {"form": form, "document": document, "title": title}
    return render(
        request, "pmp/cost/document_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_costs_program(request, code)
    document = _document(request, program, pk)
    _require_change(request, program)
    services.document_delete(acting_user=acting_user(request), document=document)
    messages.success(request, f"Funding document {document.number} is removed.")
    return redirect(_funding_url(program))


def _modification(
    request: HttpRequest, program: Program, document: FundingDocument, pk: int
) -> FundingModification:
    modification = get_object_or_404(FundingModification.objects.filter(document=document), pk=pk)
    modification.document = document
    return modification


@login_required
@require_http_methods(["GET", "POST"])
def modification_form(
    request: HttpRequest, code: str, pk: int, modification_pk: int | None = None
) -> HttpResponse:
    program = get_costs_program(request, code)
    document = _document(request, program, pk)
    modification = (
        _modification(request, program, document, modification_pk) if modification_pk else None
    )
    _require_change(request, program)
    if request.method != "POST":
        initial = (
            {f: getattr(modification, f) for f in services.MODIFICATION_FIELDS}
            if modification
            else {}
        )
        form = FundingModificationForm(initial=initial)
    else:
        form = FundingModificationForm(request.POST)
        if form.is_valid():
            try:
                if modification:
                    saved = services.modification_update(
                        acting_user=acting_user(request),
                        modification=modification,
                        **form.cleaned_data,
                    )
                else:
                    saved = services.modification_create(
                        acting_user=acting_user(request), document=document, **form.cleaned_data
                    )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(
                    request, f"Modification {saved.number} of {document.number} is saved."
                )
                return redirect(document.get_absolute_url())
    title = (
        f"Edit modification {modification.number} of {document.number}"
        if modification
        else f"Add a modification to {document.number}"
    )
    context = _context(request, program, "funding", *_funding_crumbs(program, (title, "")))
    context |= {"form": form, "document": document, "modification": modification, "title": title}
    return render(
        request, "pmp/cost/modification_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def modification_delete(request: HttpRequest, code: str, pk: int, modification_pk: int) -> Any:
    program = get_costs_program(request, code)
    document = _document(request, program, pk)
    modification = _modification(request, program, document, modification_pk)
    _require_change(request, program)
    try:
        services.modification_delete(acting_user=acting_user(request), modification=modification)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Modification {modification.number} of {document.number} is removed."
        )
    return redirect(document.get_absolute_url())


# -- the earned value settings ---------------------------------------------------------------


def _settings_page(
    request: HttpRequest,
    program: Program,
    *,
    form: EarnedValueSettingsForm | None = None,
    sync_error: str = "",
    status: int = 200,
) -> HttpResponse:
    found = setup.settings_for(program)
    can_change = setup.may_manage_earned_value(request.user, program)
    if form is None and can_change:
        form = EarnedValueSettingsForm(
            initial={name: getattr(found, name) for name in setup.SETTINGS_FIELDS}
        )
    context = _context(request, program, "settings", ("Earned value settings", ""))
    context |= {
        "settings": found,
        "form": form if can_change else None,
        "can_change": can_change,
        "accounts": list(
            ControlAccount.objects.filter(program=program)
            .select_related("manager__user")
            .order_by("-active", "wbs")
        ),
        "sync_error": sync_error,
    }
    return render(request, "pmp/cost/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cost_settings(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    if request.method != "POST":
        return _settings_page(request, program)
    if not setup.may_manage_earned_value(request.user, program):
        raise Http404("No such page.")
    form = EarnedValueSettingsForm(request.POST)
    if form.is_valid():
        try:
            setup.settings_update(
                acting_user=acting_user(request), program=program, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "The earned value settings are saved.")
            return redirect(reverse("pmp:cost-settings", kwargs={"code": program.code}))
    return _settings_page(request, program, form=form, status=400)


@login_required
@require_POST
def control_accounts_sync(request: HttpRequest, code: str) -> HttpResponse:
    program = get_costs_program(request, code)
    if not setup.may_manage_earned_value(request.user, program):
        raise Http404("No such page.")
    try:
        accounts = setup.control_accounts_sync(acting_user=acting_user(request), program=program)
    except DomainError as exc:
        return _settings_page(request, program, sync_error=exc.message, status=400)
    messages.success(
        request,
        f"The control accounts are those of the agreed baseline: {len(accounts)} active.",
    )
    return redirect(reverse("pmp:cost-settings", kwargs={"code": program.code}) + "#accounts")
