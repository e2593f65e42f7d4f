"""Who may do what with status reports, beyond reading them (any member of the program:
``policy.restrict(..., "view")``)."""

from __future__ import annotations

from programs import policy
from programs.choices import MEMBER_MANAGING_ROLES, Party, Role
from programs.models import Program

BUILDERS = (
    "Only the Program Managers and PMO Leads of the customer and the provider build status reports."
)


def may_build(user: policy.AnyUser, program: Program) -> bool:
    """Program Managers and PMO Leads of the customer and the provider (and portal
    administrators) build and rebuild a program's reports."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party in (Party.CUSTOMER, Party.PROVIDER)
        and membership.role in MEMBER_MANAGING_ROLES
    )


RATERS = "Only the customer's Program Manager confirms or overrides the proposed rating."


def manager_party(user: policy.AnyUser, program: Program) -> str | None:
    """The party (customer or provider) whose Program Manager or PMO Lead ``user`` is: the
    party they write narratives and approve for. None for everyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = policy.membership_of(user, program)
    if (
        membership is not None
        and membership.party in (Party.CUSTOMER, Party.PROVIDER)
        and membership.role in MEMBER_MANAGING_ROLES
    ):
        return str(membership.party)
    return None


def may_rate(user: policy.AnyUser, program: Program) -> bool:
    """The customer's Program Manager sets the rating the report carries."""
    if not user.is_authenticated or not user.is_active:
        return False
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party == Party.CUSTOMER
        and membership.role == Role.PROGRAM_MANAGER
    )
