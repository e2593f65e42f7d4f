"""Memberships: who is in a program, for which party, in which role; their object
permissions on the program follow every change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from .. import policy
from ..choices import (
    AUTHORITY_ROLES,
    MEMBER_MANAGING_ROLES,
    PARTY_ROLES,
    AuditAction,
    OrganisationKind,
    Party,
    Role,
    in_words,
)
from ..concurrency import check_revision
from ..errors import DomainError, ErrorCode
from ..models import Membership, Program, person_name
from .audit import audit_record, audit_update, diff, snapshot
from .documents import signatures_void_for_signer

MEMBERSHIP_FIELDS = ["user", "party", "role", "is_signatory", "signatory_granted_by"]


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
        raise DomainError(f"Choose a party: {in_words(Party)}.", field="party")
    if role not in Role.values:
        raise DomainError(f"Choose a role: {in_words(Role)}.", field="role")
    if role not in PARTY_ROLES[party]:
        raise DomainError(
            f"A {Party(party).label} member cannot be a {Role(role).label}.",
            code=ErrorCode.ROLE_NOT_FOR_PARTY,
            field="role",
        )


def _require_manager_of(acting_user: User, program: Program, party: str) -> None:
    if not (acting_user.is_superuser or policy.can_manage_members_of(acting_user, program, party)):
        raise PermissionDenied(f"You do not manage {Party(party).label} members.")


def _require_manager_of_or_sponsor(acting_user: User, program: Program, party: str) -> None:
    if not policy.can_grant_authority(acting_user, program, party):
        _require_manager_of(acting_user, program, party)


def _authority_error(party: str) -> DomainError:
    return DomainError(
        f"Only the {Party(party).label}'s Executive Sponsor or a portal administrator grants or "
        "removes signatory authority and the Executive Sponsor and Business Owner roles.",
        code=ErrorCode.AUTHORITY_REQUIRED,
        field="is_signatory",
    )


def _check_signatory_role(role: str, is_signatory: bool) -> None:
    if is_signatory and role not in policy.signatory_roles():
        allowed = " and ".join(sorted(str(Role(r).label) for r in policy.signatory_roles()))
        raise DomainError(
            f"A {Role(role).label} cannot be a signatory; only {allowed} members sign.",
            code=ErrorCode.SIGNATORY_ROLE,
            field="is_signatory",
        )


def _check_grant(
    acting_user: User,
    program: Program,
    party: str,
    *,
    current: Membership | None,
    role: str,
    is_signatory: bool,
) -> None:
    """May ``acting_user`` give a member of ``party`` this role and flag (``current`` is the
    membership as it stands, None for a new one)? Nobody raises their own authority."""
    policy.forget_cached_permissions(acting_user)  # authority as it is now, not as cached
    old_role = current.role if current else None
    old_flag = current.is_signatory if current else False
    changes_self = current is not None and current.user_id == acting_user.pk
    if changes_self and (role != old_role or is_signatory != old_flag):
        raise DomainError(
            "You cannot change your own role or signatory flag; another manager of your "
            "party, its Executive Sponsor or a portal administrator can.",
            code=ErrorCode.OWN_MEMBERSHIP,
            field="role" if role != old_role else "is_signatory",
        )
    grants_authority = is_signatory != old_flag or (
        role != old_role and (role in AUTHORITY_ROLES or old_role in AUTHORITY_ROLES)
    )
    sponsor = policy.can_grant_authority(acting_user, program, party)
    manager = acting_user.is_superuser or policy.can_manage_members_of(acting_user, program, party)
    if not (sponsor or manager):
        raise PermissionDenied(f"You do not manage {Party(party).label} members.")
    if grants_authority and not sponsor:
        raise _authority_error(party)
    if current is not None and policy.holds_authority(current) and not sponsor:
        raise _authority_error(party)
    if role != old_role and role not in policy.grantable_roles(acting_user, program, party):
        raise DomainError(
            f"You cannot make anyone a {Role(role).label}: nobody grants a role above their own.",
            code=ErrorCode.ROLE_ABOVE_OWN,
            field="role",
        )
    if (
        current is not None
        and role != old_role
        and not policy.can_change_member(acting_user, current)
    ):
        raise DomainError(
            f"You cannot change the role of a {current.get_role_display()}: it ranks above "
            "your own.",
            code=ErrorCode.ROLE_ABOVE_OWN,
            field="role",
        )
    _check_signatory_role(role, is_signatory)


def _record_grant(membership: Membership, *, acting_user: User, was_signatory: bool) -> None:
    if membership.is_signatory and not was_signatory:
        membership.signatory_granted_by = acting_user
        membership.signatory_granted_at = timezone.now()
    elif not membership.is_signatory:
        membership.signatory_granted_by = None
        membership.signatory_granted_at = None


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


def organisation_refusal(program: Program, user: Any, party: str) -> str | None:
    """Why ``user`` may not join ``program`` as ``party`` (None when they may): a party's
    members come from its organisation, the independent party's from an IV&V firm."""
    from accounts.selectors import organisation_of  # accounts builds on programs' models

    organisation = organisation_of(user=user)
    name = person_name(user)
    label = str(Party(party).label).lower()
    if party == Party.INDEPENDENT:
        if organisation is not None and organisation.kind == OrganisationKind.IVV_FIRM:
            return None
        expected = "an independent IV&V firm"
        rule = "only people of an IV&V firm join as the independent party."
    else:
        wanted = program.customer if party == Party.CUSTOMER else program.provider
        if organisation is not None and organisation.pk == wanted.pk:
            return None
        expected = f"the {wanted.name}"
        rule = f"only members of the {label}'s organisation join as the {label}."
    if organisation is None:
        return f"{name} has no organisation recorded; {rule}"
    return f"{name} belongs to the {organisation.name}, not {expected}; {rule}"


def _check_organisation(
    acting_user: User, program: Program, user: Any, party: str, override_reason: str
) -> str:
    """Refuse a person of another organisation, unless a portal administrator states why.
    Returns the override reason that lets them in ("" when none was needed)."""
    refusal = organisation_refusal(program, user, party)
    if refusal is None:
        return ""
    reason = override_reason.strip()
    if acting_user.is_superuser and reason:
        return reason
    if acting_user.is_superuser:
        refusal += " To add them anyway, give the reason for the exception."
    raise DomainError(refusal, code=ErrorCode.WRONG_ORGANISATION, field="user")


@transaction.atomic
def membership_create(
    *,
    acting_user: User,
    program: Program,
    user: Any,
    party: str,
    role: str,
    is_signatory: bool = False,
    override_reason: str = "",
) -> Membership:
    """Add ``user`` to ``program`` as ``party``. They must belong to the party's organisation;
    a portal administrator may add someone else with ``override_reason``, which is audited."""
    _check_role(party, role)
    _check_grant(acting_user, program, party, current=None, role=role, is_signatory=is_signatory)
    override = _check_organisation(acting_user, program, user, party, override_reason)
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
        is_signatory=is_signatory,
    )
    _record_grant(membership, acting_user=acting_user, was_signatory=False)
    membership.save(update_fields=["signatory_granted_by", "signatory_granted_at"])
    _sync_permissions(membership)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=membership,
        changes=diff({}, snapshot(membership, MEMBERSHIP_FIELDS))
        | ({"organisation_override": [None, override[:1000]]} if override else {}),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    acting_user: User,
    membership: Membership,
    role: str | None = None,
    is_signatory: bool | None = None,
    revision: int | None = None,
) -> Membership:
    """Change a member's role or signatory flag. The party of a membership never changes:
    moving to another party is leaving one and joining the other. A member whose new role
    cannot sign loses the flag with it; what they signed and is not yet approved is voided.
    ``revision`` is the membership's revision the change was made from: when another manager
    has changed the member since, nothing is written (StaleEditError with their change)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("program", "user")
        .get(pk=membership.pk)
    )
    # Who may not manage the member learns nothing of what changed meanwhile.
    policy.forget_cached_permissions(acting_user)
    _require_manager_of_or_sponsor(acting_user, membership.program, membership.party)
    check_revision(membership, revision, what=f"the membership of {membership.display_name}")
    program = membership.program
    new_role = membership.role if role is None else role
    if new_role != membership.role:
        _check_role(membership.party, new_role)
    if is_signatory is None:
        new_flag = membership.is_signatory and new_role in policy.signatory_roles()
    else:
        new_flag = is_signatory
    _check_grant(
        acting_user,
        program,
        membership.party,
        current=membership,
        role=new_role,
        is_signatory=new_flag,
    )
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    was_signatory = membership.is_signatory
    if new_role != membership.role and new_role not in MEMBER_MANAGING_ROLES:
        _check_keeps_a_manager(membership, leaving=True)
    membership.role = new_role
    membership.is_signatory = new_flag
    _record_grant(membership, acting_user=acting_user, was_signatory=was_signatory)
    membership.save()
    _sync_permissions(membership)
    audit_update(
        acting_user=acting_user,
        program=program,
        target=membership,
        before=before,
        fields=MEMBERSHIP_FIELDS,
    )
    if was_signatory and not new_flag:
        signatures_void_for_signer(
            acting_user=acting_user,
            program=program,
            signer=membership.user,
            reason=f"{membership.user.get_username()} lost signatory authority before approval.",
        )
    return membership


@transaction.atomic
def membership_delete(*, acting_user: User, membership: Membership) -> None:
    """Remove a member. Anyone may leave; removing someone else takes a manager ranked at
    least as high, or for a member who holds authority, the party's sponsor. What the member
    signed and is not yet approved is voided."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("program", "user")
        .get(pk=membership.pk)
    )
    program = membership.program
    if membership.user_id != acting_user.pk:
        policy.forget_cached_permissions(acting_user)
        _require_manager_of_or_sponsor(acting_user, program, membership.party)
        if not policy.can_change_member(acting_user, membership):
            if policy.holds_authority(membership):
                raise _authority_error(membership.party)
            raise DomainError(
                f"You cannot remove a {membership.get_role_display()}: it ranks above your own.",
                code=ErrorCode.ROLE_ABOVE_OWN,
                field="role",
            )
    _check_keeps_a_manager(membership, leaving=True)
    signatures_void_for_signer(
        acting_user=acting_user,
        program=program,
        signer=membership.user,
        reason=f"{membership.user.get_username()} left the program before approval.",
        leaving=True,
    )
    audit_record(
        acting_user=acting_user,
        program=membership.program,
        action=AuditAction.DELETE,
        target=membership,
        changes=diff(snapshot(membership, MEMBERSHIP_FIELDS), {}),
    )
    _sync_permissions(membership, removed=True)
    membership.delete()
