"""The shared glossary (lesson 6): terms both parties agree on. A term is agreed when a
customer reviewer and a provider reviewer have accepted its current wording."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import policy, selectors
from ..concurrency import form_revision, rebase_form
from ..conditional import kept_page
from ..errors import DomainError, StaleEditError
from ..forms import GlossaryTermEditForm, GlossaryTermForm
from ..models import GlossaryTerm, Program
from ..services import glossary as glossary_services
from .idempotency import create_once
from .layout import HtmxHttpRequest, acting_user, get_program, program_context


def _glossary_url(program: Program) -> str:
    return reverse("programs:glossary", kwargs={"code": program.code})


def _may_change(request: HttpRequest, program: Program) -> bool:
    return policy.can(request.user, "change", GlossaryTerm(program=program))


def _page(
    request: HttpRequest, program: Program, add_form: GlossaryTermForm | None
) -> HttpResponse:
    can_change = _may_change(request, program)
    if add_form is None and can_change:
        add_form = GlossaryTermForm(prefix="new")
    context = program_context(request, program, "glossary", ("Glossary", ""))
    context |= {
        "rows": selectors.glossary_for(program=program, user=request.user),
        "can_change": can_change,
        "can_accept": selectors.may_accept_terms(program=program, user=request.user),
        "add_form": add_form,
    }
    return render(request, "programs/glossary.html", context)


@login_required
@require_GET
@kept_page
def glossary(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, get_program(request, code), None)


@login_required
@require_POST
def glossary_add(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not _may_change(request, program):
        raise Http404
    form = GlossaryTermForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            term = create_once(
                request,
                scope="glossary_term:create",
                create=lambda: glossary_services.glossary_term_create(
                    acting_user=acting_user(request), program=program, **form.cleaned_data
                ),
                redirect_to=lambda _term: _glossary_url(program),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(term, HttpResponse):
                return term
            messages.success(request, f"“{term}” added; both parties can now accept it.")
            return redirect(_glossary_url(program))
    return _page(request, program, form)


def _term(request: HttpRequest, program: Program, pk: int, action: policy.Action) -> GlossaryTerm:
    terms = policy.restrict(selectors.glossary_terms(program=program), request.user, action)
    term = get_object_or_404(terms, pk=pk)
    term.program = program
    return term


@login_required
@require_http_methods(["GET", "POST"])
def glossary_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    term = _term(request, program, pk, "change")
    stale: dict[str, Any] = {}
    if request.method == "POST":
        form = GlossaryTermEditForm(request.POST)
        if form.is_valid():
            revision = term.revision
            try:
                glossary_services.glossary_term_update(
                    acting_user=acting_user(request),
                    term=term,
                    new_term=form.cleaned_data["term"],
                    definition=form.cleaned_data["definition"],
                    revision=form_revision(form),
                )
            except StaleEditError as exc:
                # The form, now based on the current wording: the other person's kept where they
                # changed it, what this person typed elsewhere kept.
                term.refresh_from_db()
                stale = rebase_form(form, exc, {"term": term.term, "definition": term.definition})
            except DomainError as exc:
                form.add_domain_error(exc)
                term.refresh_from_db()
            else:
                if term.revision != revision:
                    messages.success(
                        request,
                        f"“{term}” now reads as revision {term.revision}: the customer and the "
                        "provider must accept the new wording.",
                    )
                else:
                    messages.info(request, f"“{term}” is unchanged.")
                return redirect(_glossary_url(program))
    else:
        form = GlossaryTermEditForm(
            initial={"term": term.term, "definition": term.definition, "revision": term.revision}
        )
    context = program_context(
        request,
        program,
        "glossary",
        ("Glossary", _glossary_url(program)),
        (f"Edit “{term}”", ""),
    )
    context |= {"term": term, "form": form, **stale}
    return render(request, "programs/glossary_edit.html", context, status=409 if stale else 200)


@login_required
@require_POST
def glossary_accept(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    """A customer or provider reviewer accepts the term's current wording."""
    program = get_program(request, code)
    term = _term(request, program, pk, "view")
    error = ""
    try:
        glossary_services.glossary_term_accept(acting_user=acting_user(request), term=term)
    except DomainError as exc:
        error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, f"“{term}”: {error}")
        else:
            messages.success(request, f"You accepted the wording of “{term}”.")
        return redirect(_glossary_url(program))
    fresh = selectors.glossary_terms(program=program).get(pk=term.pk)
    context = {
        "program": program,
        "row": selectors.term_row(term=fresh, user=request.user),
        "can_change": _may_change(request, program),
        "can_accept": selectors.may_accept_terms(program=program, user=request.user),
        "error": error,
    }
    return render(request, "programs/includes/glossary_row.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def glossary_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    term = _term(request, program, pk, "change")
    if request.method == "POST":
        label = str(term)
        glossary_services.glossary_term_delete(acting_user=acting_user(request), term=term)
        messages.success(request, f"“{label}” deleted from the glossary.")
        return redirect(_glossary_url(program))
    context = program_context(
        request,
        program,
        "glossary",
        ("Glossary", _glossary_url(program)),
        (f"Delete “{term}”", ""),
    )
    context |= {
        "heading": f"Delete “{term}” from the glossary?",
        "explanation": "Both parties' acceptances of the term go with it.",
        "action_url": request.path,
        "cancel_url": _glossary_url(program),
        "button_label": "Delete term",
    }
    return render(request, "programs/confirm.html", context)
