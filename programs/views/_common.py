"""What every program page does first: find the program the person may view (a 404
otherwise), and the context the shared layout needs (side navigation, breadcrumbs)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
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
    programs = policy.restrict(Program.objects.all(), request.user, "view")
    return get_object_or_404(programs.select_related("customer", "provider"), code=code)


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
        "crumbs": trail,
    }


def render_htmx(
    request: HtmxHttpRequest,
    page: str,
    partial: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """htmx requests get the partial, others the whole page."""
    return render(request, partial if request.htmx else page, context, status=status)
