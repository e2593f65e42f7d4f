"""A program's members by party. Program managers and PMO leads manage their own party's
members (the customer's also the independent party's); everyone else reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import policy, selectors
from ..choices import Party
from ..concurrency import form_revision, rebase_form
from ..conditional import kept_page
from ..errors import DomainError, StaleEditError
from ..forms import MemberAddForm, MemberEditForm
from ..models import Membership, Program
from ..services import memberships as membership_services
from .idempotency import create_once
from .layout import HtmxHttpRequest, acting_user, get_program, program_context


def _members_url(program: Program) -> str:
    return reverse("programs:members", kwargs={"code": program.code})


def _add_form(
    request: HttpRequest, program: Program, parties: list[str], data: Any = None
) -> MemberAddForm:
    roles = set().union(*(policy.grantable_roles(request.user, program, p) for p in parties))
    grants = any(policy.can_grant_authority(request.user, program, p) for p in parties)
    return MemberAddForm(
        data,
        parties=parties,
        roles=roles,
        grants_authority=grants,
        overrides_organisation=request.user.is_superuser,
    )


def _edit_form(
    request: HttpRequest, membership: Membership, prefix: str, data: Any = None
) -> MemberEditForm:
    program, party = membership.program, membership.party
    return MemberEditForm(
        data,
        membership=membership,
        roles=policy.grantable_roles(request.user, program, party),
        grants_authority=policy.can_grant_authority(request.user, program, party),
        prefix=prefix,
    )


def _page(
    request: HttpRequest, program: Program, add_form: MemberAddForm | None, status: int = 200
) -> HttpResponse:
    parties = selectors.managed_parties(program=program, user=request.user)
    if add_form is None and parties:
        add_form = _add_form(request, program, parties)
    context = program_context(request, program, "members", ("Members", ""))
    context |= {
        "groups": selectors.members_by_party(program=program, user=request.user),
        "add_form": add_form,
    }
    return render(request, "programs/members.html", context, status=status)


@login_required
@require_GET
@kept_page
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, get_program(request, code), None)


@login_required
@require_POST
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    parties = selectors.managed_parties(program=program, user=request.user)
    party = request.POST.get("party", "")
    # Adding to a party one does not manage is refused like a missing page, as everywhere.
    if not parties or (party in Party.values and party not in parties):
        raise Http404
    form = _add_form(request, program, parties, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = create_once(
                request,
                scope="membership:create",
                create=lambda: membership_services.membership_create(
                    acting_user=acting_user(request),
                    program=program,
                    user=data["user"],
                    party=data["party"],
                    role=data["role"],
                    is_signatory=data.get("is_signatory", False),
                    override_reason=data.get("override_reason", ""),
                ),
                redirect_to=lambda _membership: _members_url(program),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(membership, HttpResponse):
                return membership
            policy.forget_cached_permissions(request.user)
            messages.success(request, f"{membership} added to {program.code}.")
            return redirect(_members_url(program))
    return _page(request, program, form)


def _managed_membership(request: HttpRequest, program: Program, pk: int) -> Membership:
    memberships = policy.restrict(program.memberships.all(), request.user, "change")
    membership = get_object_or_404(
        memberships.select_related("user", "signatory_granted_by"), pk=pk
    )
    membership.program = program
    return membership


def _row_context(request: HttpRequest, program: Program, membership: Membership) -> dict[str, Any]:
    return {
        "program": program,
        "member": membership,
        "can_manage": policy.can_manage_members_of(request.user, program, membership.party)
        or policy.can_grant_authority(request.user, program, membership.party),
        "can_change": policy.can_change_member(request.user, membership),
    }


@login_required
@require_GET
def member_row(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    if not request.htmx:
        return redirect(_members_url(program))
    memberships = policy.restrict(program.memberships.all(), request.user, "view")
    membership = get_object_or_404(
        memberships.select_related("user", "signatory_granted_by"), pk=pk
    )
    membership.program = program
    return render(
        request,
        "programs/includes/member_row.html",
        _row_context(request, program, membership),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    """Role and signatory flag of a member: inline with htmx, or a page of its own."""
    program = get_program(request, code)
    membership = _managed_membership(request, program, pk)
    prefix = f"member-{membership.pk}"
    stale: dict[str, Any] = {}
    if request.method == "POST":
        form = _edit_form(request, membership, prefix, request.POST)
        if form.is_valid():
            try:
                # A form without the flag (who may not grant it) leaves it as it is.
                membership = membership_services.membership_update(
                    acting_user=acting_user(request),
                    membership=membership,
                    role=form.cleaned_data["role"],
                    is_signatory=form.cleaned_data.get("is_signatory"),
                    revision=form_revision(form),
                )
            except StaleEditError as exc:
                # The form, now based on the member as they are: the other manager's change shown
                # and kept, the rest of this manager's choice kept.
                membership.refresh_from_db()
                stale = rebase_form(
                    form,
                    exc,
                    {"role": membership.role, "is_signatory": membership.is_signatory},
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                membership.refresh_from_db()
            else:
                policy.forget_cached_permissions(request.user)
                if request.htmx:
                    return render(
                        request,
                        "programs/includes/member_row.html",
                        _row_context(request, program, membership),
                    )
                messages.success(request, f"{membership} saved.")
                return redirect(_members_url(program))
    else:
        form = _edit_form(request, membership, prefix)
    context = program_context(
        request,
        program,
        "members",
        ("Members", _members_url(program)),
        (membership.display_name, ""),
    )
    context |= {"member": membership, "form": form, **stale}
    template = (
        "programs/includes/member_edit_row.html" if request.htmx else "programs/member_edit.html"
    )
    # A refused change: the page answers 400 (409 when someone changed the member
    # meanwhile); the inline row 200, so that htmx swaps it in.
    refused = request.method == "POST" and not request.htmx
    status = (409 if stale else 400) if refused else 200
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Asks first; removing takes the person's access to the program with it."""
    program = get_program(request, code)
    membership = _managed_membership(request, program, pk)
    error = ""
    if request.method == "POST":
        leaving_self = membership.user_id == request.user.pk
        label = str(membership)
        try:
            membership_services.membership_delete(
                acting_user=acting_user(request), membership=membership
            )
        except DomainError as exc:
            error = exc.message
        else:
            policy.forget_cached_permissions(request.user)
            messages.success(request, f"{label} removed from {program.code}.")
            if leaving_self:
                return redirect("programs:program-list")
            return redirect(_members_url(program))
    context = program_context(
        request,
        program,
        "members",
        ("Members", _members_url(program)),
        (f"Remove {membership.display_name}", ""),
    )
    context |= {
        "heading": f"Remove {membership.display_name} from {program.code}?",
        "explanation": (
            f"{membership} will no longer see or change anything of {program.name}. "
            "The audit trail keeps what they did."
        ),
        "error": error,
        "action_url": request.path,
        "cancel_url": _members_url(program),
        "button_label": "Remove member",
    }
    return render(request, "programs/confirm.html", context, status=400 if error else 200)
