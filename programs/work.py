"""What waits on a person: the shape every app's "my work" selectors answer in.

Each app reads its own rows (``<app>`` ``work_selectors``) and returns ``WorkItem`` values;
the My work page and the digest (``reports.my_work``) put them together. A selector takes
the person's memberships, read once (``memberships_for``), so that it asks a fixed number of
queries however many programs the person belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .choices import EDITING_ROLES, MEMBER_MANAGING_ROLES, ProgramStatus
from .models import Membership


@dataclass(frozen=True)
class WorkItem:
    """One thing a person should act on, and where to act."""

    #: The kind of work (``reports.my_work.KINDS``): "sign", "review", "decide_change", ...
    kind: str
    program_code: str
    program_name: str
    #: What it is, as people read it: "CR-4: Move the cut-over", "Program Charter v2".
    title: str
    #: What to do there: "Sign for the provider", "Answer the finding".
    action: str
    url: str
    due: date | None = None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def counts_cache_key(user_id: object) -> str:
    """Where the navigation's My work counts of a person are kept for a short while; a
    person's own write forgets them (``programs.notifications.signals``)."""
    return f"my-work-counts:{user_id}"


def memberships_for(user: AbstractBaseUser | AnonymousUser) -> list[Membership]:
    """The person's memberships in active programs, with their programs: one query."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        Membership.objects.filter(user_id=user.pk)
        .exclude(program__status=ProgramStatus.CLOSED)
        .select_related("program")
    )


def by_program(memberships: Iterable[Membership]) -> dict[int, Membership]:
    return {m.program_id: m for m in memberships}


def programs_where(
    memberships: Iterable[Membership],
    *,
    parties: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    signatory: bool = False,
) -> dict[int, Membership]:
    """The memberships (by program id) of the given parties and roles."""
    party_set = set(parties) if parties is not None else None
    role_set = set(roles) if roles is not None else None
    return {
        m.program_id: m
        for m in memberships
        if (party_set is None or m.party in party_set)
        and (role_set is None or m.role in role_set)
        and (not signatory or m.is_signatory)
    }


EDITORS = EDITING_ROLES
MANAGERS = MEMBER_MANAGING_ROLES
