"""The program a request reads, with what its reader may do there read once between two
writes to the program. Pages (``programs.views.layout``) and the API (``programs.api.base``)
both find their program here."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpRequest

from . import policy
from .models import Program


def get_program(request: HttpRequest, code: str) -> Program:
    """The program ``code`` if the user may view it; a 404 alike for missing and forbidden.
    One object needs no permission subquery: ``can`` answers from the permissions the user
    holds on it, which the rest of the request reuses. A read asking twice (a conditional
    GET's check, then the view) reads the row once, and a read takes the user's access from
    the cache while the program's revision stands (``keep_access``)."""
    program: Program | None = getattr(request, "_pmo_program", None)
    reading = request.method in ("GET", "HEAD")
    if program is None or program.code != code or not reading:
        program = Program.objects.select_related("customer", "provider").filter(code=code).first()
        if program is not None and reading:
            keep_access(request.user, program)
    if program is None or not policy.can(request.user, "view", program):
        raise Http404("No such program.")
    request._pmo_program = program  # type: ignore[attr-defined]
    return program


#: How long a person's access to a program is kept at one revision of the program.
ACCESS_SECONDS = 3600


def keep_access(user: policy.AnyUser, program: Program) -> None:
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
