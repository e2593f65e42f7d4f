"""What every program page does first: find the program the person may view (a 404
otherwise: ``programs.readers.get_program``), and the context the shared layout needs (side
navigation, breadcrumbs)."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from .. import policy
from ..models import Program
from ..readers import get_program


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def acting_user(request: HttpRequest) -> User:
    """The logged-in user (every view here requires login)."""
    return cast(User, request.user)


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
