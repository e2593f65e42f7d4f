"""Who may do what with status reports, beyond reading them (any member of the program:
``policy.restrict(..., "view")``)."""

from __future__ import annotations

from programs import policy
from programs.choices import MEMBER_MANAGING_ROLES, Party
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
