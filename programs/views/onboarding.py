"""The provider PMO's onboarding checklist (activity 1). Provider editors keep it; the
customer and everyone else of the program read it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import policy, selectors
from ..concurrency import changes_for_display, form_revision, rebase_form
from ..conditional import kept_page
from ..errors import DomainError, StaleEditError
from ..forms import OnboardingItemEditForm, OnboardingItemForm
from ..models import OnboardingItem, Program
from ..services import onboarding as onboarding_services
from .idempotency import create_once
from .layout import HtmxHttpRequest, acting_user, get_program, program_context


def _onboarding_url(program: Program) -> str:
    return reverse("programs:onboarding", kwargs={"code": program.code})


def _may_change(request: HttpRequest, program: Program) -> bool:
    return policy.can(request.user, "change", OnboardingItem(program=program))


def _changeable_item(request: HttpRequest, program: Program, pk: int) -> OnboardingItem:
    items = policy.restrict(selectors.onboarding_items(program=program), request.user, "change")
    item = get_object_or_404(items, pk=pk)
    item.program = program
    return item


def _form(
    request: HttpRequest,
    program: Program,
    form_class: type[OnboardingItemForm] = OnboardingItemForm,
    **kwargs: Any,
) -> OnboardingItemForm:
    owners = selectors.program_members(program=program, user=request.user)
    return form_class(owners=owners, **kwargs)


def _page(
    request: HttpRequest, program: Program, add_form: OnboardingItemForm | None
) -> HttpResponse:
    can_change = _may_change(request, program)
    if add_form is None and can_change:
        add_form = _form(request, program, prefix="new")
    context = program_context(request, program, "onboarding", ("Onboarding", ""))
    context |= {
        "checklist": selectors.onboarding_for(program=program),
        "can_change": can_change,
        "add_form": add_form,
    }
    return render(request, "programs/onboarding.html", context)


@login_required
@require_GET
@kept_page
def onboarding(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, get_program(request, code), None)


@login_required
@require_POST
def onboarding_add(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not _may_change(request, program):
        raise Http404
    form = _form(request, program, data=request.POST, prefix="new")
    if form.is_valid():
        try:
            item = create_once(
                request,
                scope="onboarding_item:create",
                create=lambda: onboarding_services.onboarding_item_create(
                    acting_user=acting_user(request), program=program, **form.cleaned_data
                ),
                redirect_to=lambda _item: _onboarding_url(program),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(item, HttpResponse):
                return item
            messages.success(request, f"“{item}” added to the onboarding checklist.")
            return redirect(_onboarding_url(program))
    return _page(request, program, form)


def _initial(item: OnboardingItem) -> dict[str, Any]:
    """The edit form's values from the item as it is stored."""
    return {
        "title": item.title,
        "owner": item.owner_id,
        "due_date": item.due_date,
        "done_date": item.done_date,
        "notes": item.notes,
        "revision": item.revision,
    }


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    item = _changeable_item(request, program, pk)
    stale: dict[str, Any] = {}
    if request.method == "POST":
        form = _form(request, program, OnboardingItemEditForm, data=request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                onboarding_services.onboarding_item_update(
                    acting_user=acting_user(request),
                    item=item,
                    revision=form_revision(form),
                    **values,
                )
            except StaleEditError as exc:
                # The form, now based on the item as it is: the other person's change shown
                # and kept, what this person typed elsewhere kept.
                item.refresh_from_db()
                stale = rebase_form(form, exc, _initial(item))
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"“{item}” saved.")
                return redirect(_onboarding_url(program))
    else:
        form = _form(
            request,
            program,
            OnboardingItemEditForm,
            initial=_initial(item),
        )
    context = program_context(
        request,
        program,
        "onboarding",
        ("Onboarding", _onboarding_url(program)),
        (item.title, ""),
    )
    context |= {"item": item, "form": form, **stale}
    status = 409 if stale else 200
    return render(request, "programs/onboarding_edit.html", context, status=status)


@login_required
@require_POST
def onboarding_done(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    """Mark an item done today, or open it again, from the row as the person saw it: when
    someone has changed the item since, nothing is written and the row shows their change."""
    program = get_program(request, code)
    item = _changeable_item(request, program, pk)
    reopen = request.POST.get("done") == "no"
    seen = request.POST.get("revision", "")
    stale: StaleEditError | None = None
    try:
        onboarding_services.onboarding_item_update(
            acting_user=acting_user(request),
            item=item,
            revision=int(seen) if seen.isdigit() else None,
            done_date=None if reopen else timezone.localdate(),
        )
    except StaleEditError as exc:
        stale = exc
    item = selectors.onboarding_items(program=program).get(pk=item.pk)
    if request.htmx:
        context = {
            "program": program,
            "row": selectors.onboarding_row(item=item),
            "can_change": True,
            "progress": selectors.onboarding_progress(program=program),
            "stale": stale,
            "changed_meanwhile": changes_for_display(stale) if stale else [],
        }
        # htmx swaps only 2xx responses: a refused change comes back as 200 with the row.
        return render(request, "programs/includes/onboarding_row.html", context)
    if stale:
        messages.warning(request, f"“{item}”: {stale.message}")
    else:
        messages.success(request, f"“{item}” {'opened again' if reopen else 'marked done'}.")
    return redirect(_onboarding_url(program))


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    item = _changeable_item(request, program, pk)
    if request.method == "POST":
        title = item.title
        onboarding_services.onboarding_item_delete(acting_user=acting_user(request), item=item)
        messages.success(request, f"“{title}” deleted from the onboarding checklist.")
        return redirect(_onboarding_url(program))
    context = program_context(
        request,
        program,
        "onboarding",
        ("Onboarding", _onboarding_url(program)),
        (f"Delete “{item.title}”", ""),
    )
    context |= {
        "heading": "Delete this onboarding item?",
        "explanation": f"“{item.title}” will be removed from the checklist.",
        "action_url": request.path,
        "cancel_url": _onboarding_url(program),
        "button_label": "Delete item",
    }
    return render(request, "programs/confirm.html", context)
