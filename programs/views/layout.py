"""What every program page does first: find the program the person may view (a 404
otherwise), and the context the shared layout needs (side navigation, breadcrumbs)."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from .. import policy
from ..models import Program


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def acting_user(request: HttpRequest) -> User:
    """The logged-in user (every view here requires login)."""
    return cast(User, request.user)


def get_program(request: HttpRequest, code: str) -> Program:
    """The program ``code`` if the user may view it; a 404 alike for missing and forbidden.
    One object needs no permission subquery: ``can`` answers from the permissions the user
    holds on it, which the rest of the request reuses. A read asking twice (a conditional
    GET's check, then the view) reads the row once."""
    program: Program | None = getattr(request, "_pmo_program", None)
    if program is None or program.code != code or request.method not in ("GET", "HEAD"):
        program = Program.objects.select_related("customer", "provider").filter(code=code).first()
    if program is None or not policy.can(request.user, "view", program):
        raise Http404("No such program.")
    request._pmo_program = program  # type: ignore[attr-defined]
    return program


def get_costs_program(request: HttpRequest, code: str) -> Program:
    """The program ``code`` for a member who sees its costs (``policy.can_see_costs``), for
    pages that are all money; a 404 alike for everyone else."""
    program = get_program(request, code)
    if not policy.can_see_costs(request.user, program):
        raise Http404("No such page.")
    return program


def program_context(
    request: HttpRequest, program: Program, section: str, *crumbs: tuple[str, str]
) -> dict[str, Any]:
    """Context of the program layout: ``section`` marks the current side-navigation link,
    ``crumbs`` follow Programs > program."""
    trail = [
        ("Programs", reverse("programs:program-list")),
        (f"{program.code}: {program.name}", program.get_absolute_url()),
        *crumbs,
    ]
    return {
        "program": program,
        "program_section": section,
        "membership": policy.membership_of(request.user, program),
        # Called by the navigation only where it asks (the cost pages' link).
        "sees_costs": partial(policy.can_see_costs, request.user, program),
        "crumbs": trail,
    }
