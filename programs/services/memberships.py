"""Memberships: who is in a program, for which party, in which role; their object
permissions on the program follow every change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from .. import policy
from ..choices import MEMBER_MANAGING_ROLES, PARTY_ROLES, AuditAction, Party, Role
from ..errors import DomainError, ErrorCode
from ..models import Membership, Program
from .audit import audit_record, audit_update, diff, snapshot

MEMBERSHIP_FIELDS = ["user", "party", "role", "is_signatory"]


def _sync_permissions(membership: Membership, *, removed: bool = False) -> None:
    """Make the user's object permissions on the program match the membership."""
    wanted = set() if removed else policy.permissions_for_membership(membership)
    held = set(policy.ObjectPermissionChecker(membership.user).get_perms(membership.program))
    for perm in policy.MANAGED_PERMISSIONS:
        if perm in wanted and perm not in held:
            assign_perm(f"programs.{perm}", membership.user, membership.program)
        elif perm in held and perm not in wanted:
            remove_perm(f"programs.{perm}", membership.user, membership.program)
    policy.forget_cached_permissions(membership.user)


def _check_role(party: str, role: str) -> None:
    if party not in Party.values:
        raise DomainError(f"“{party}” is not a party.", field="party")
    if role not in Role.values:
        raise DomainError(f"“{role}” is not a role.", field="role")
    if role not in PARTY_ROLES[party]:
        raise DomainError(
            f"A {Party(party).label} member cannot be a {Role(role).label}.",
            code=ErrorCode.ROLE_NOT_FOR_PARTY,
            field="role",
        )


def _require_manager_of(acting_user: User, program: Program, party: str) -> None:
    if not (acting_user.is_superuser or policy.can_manage_members_of(acting_user, program, party)):
        raise PermissionDenied(f"You do not manage {Party(party).label} members.")


def _check_keeps_a_manager(membership: Membership, *, leaving: bool) -> None:
    """A party must keep someone who can manage its members, or it locks itself out."""
    if membership.party == Party.INDEPENDENT or membership.role not in MEMBER_MANAGING_ROLES:
        return
    others = Membership.objects.filter(
        program=membership.program, party=membership.party, role__in=MEMBER_MANAGING_ROLES
    ).exclude(pk=membership.pk)
    if leaving and not others.exists():
        raise DomainError(
            f"The {membership.get_party_display()} must keep at least one Program Manager or "
            "PMO Lead.",
            code=ErrorCode.LAST_MANAGER,
            field="role",
        )


@transaction.atomic
def membership_create(
    *,
    acting_user: User,
    program: Program,
    user: Any,
    party: str,
    role: str,
    is_signatory: bool = False,
) -> Membership:
    _check_role(party, role)
    _require_manager_of(acting_user, program, party)
    if Membership.objects.filter(program=program, user=user).exists():
        raise DomainError(
            f"{user.get_username()} is already a member of {program.code}.",
            code=ErrorCode.MEMBER_EXISTS,
            field="user",
        )
    membership = Membership.objects.create(
        program=program,
        user=user,
        party=party,
        role=role,
        is_signatory=is_signatory and party != Party.INDEPENDENT,
    )
    _sync_permissions(membership)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=membership,
        changes=diff({}, snapshot(membership, MEMBERSHIP_FIELDS)),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    acting_user: User,
    membership: Membership,
    role: str | None = None,
    is_signatory: bool | None = None,
) -> Membership:
    """Change a member's role or signatory flag. The party of a membership never changes:
    moving to another party is leaving one and joining the other."""
    _require_manager_of(acting_user, membership.program, membership.party)
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    if role is not None and role != membership.role:
        _check_role(membership.party, role)
        if role not in MEMBER_MANAGING_ROLES:
            _check_keeps_a_manager(membership, leaving=True)
        membership.role = role
    if is_signatory is not None:
        membership.is_signatory = is_signatory and membership.party != Party.INDEPENDENT
    membership.save()
    _sync_permissions(membership)
    audit_update(
        acting_user=acting_user,
        program=membership.program,
        target=membership,
        before=before,
        fields=MEMBERSHIP_FIELDS,
    )
    return membership


@transaction.atomic
def membership_delete(*, acting_user: User, membership: Membership) -> None:
    _require_manager_of(acting_user, membership.program, membership.party)
    _check_keeps_a_manager(membership, leaving=True)
    audit_record(
        acting_user=acting_user,
        program=membership.program,
        action=AuditAction.DELETE,
        target=membership,
        changes=diff(snapshot(membership, MEMBERSHIP_FIELDS), {}),
    )
    _sync_permissions(membership, removed=True)
    membership.delete()
