"""What every program page does first: find the program the person may view (a 404
otherwise), and the context the shared layout needs (side navigation, breadcrumbs)."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.cache import cache
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
    GET's check, then the view) reads the row once, and a read takes the user's access from
    the cache while the program's revision stands (``remember_access``)."""
    program: Program | None = getattr(request, "_pmo_program", None)
    reading = request.method in ("GET", "HEAD")
    if program is None or program.code != code or not reading:
        program = Program.objects.select_related("customer", "provider").filter(code=code).first()
        if program is not None and reading:
            remember_access(request.user, program)
    if program is None or not policy.can(request.user, "view", program):
        raise Http404("No such program.")
    request._pmo_program = program  # type: ignore[attr-defined]
    return program


#: How long a person's access to a program is kept at one revision of the program.
ACCESS_SECONDS = 3600


def remember_access(user: policy.AnyUser, program: Program) -> None:
    """Every page of a program asks what its reader may do there: their permissions on the
    program (two queries of the grants) and their membership (one more). Both change only
    by audited writes, which move the program's revision on (the membership services keep
    the grants in step with the memberships), so they are kept in the cache under the
    revision and asked again only after a write. Portal administrators hold every
    permission without a query; whether a person is active or an administrator is read
    with them on every request, never kept. The person's key holds when they joined, so a
    new account that reuses a removed one's id never meets its access."""
    if not user.is_authenticated or not user.is_active or getattr(user, "is_superuser", False):
        return
    joined = int(user.date_joined.timestamp())  # type: ignore[attr-defined]
    key = f"programs:access:{program.pk}:{program.revision}:{user.pk}.{joined}"
    kept = cache.get(key)
    if kept is not None:
        permissions, membership = kept
        policy.remember_access(user, program, permissions=permissions, membership=membership)
        return
    permissions = frozenset(policy.program_permissions(user, program))
    cache.set(key, (permissions, policy.membership_of(user, program)), ACCESS_SECONDS)


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
