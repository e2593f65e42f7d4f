"""Writes on programs, memberships, the Play 3.1 board, onboarding and the glossary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from guardian.shortcuts import assign_perm, remove_perm

from .. import policy
from ..choices import (
    DEFAULT_ONBOARDING_ITEMS,
    MEMBER_MANAGING_ROLES,
    PARTY_ROLES,
    PLAY_3_1_ACTIVITIES,
    ActivityStatus,
    AuditAction,
    Party,
    Role,
)
from ..errors import DomainError, ErrorCode
from ..models import (
    GlossaryAcceptance,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    Organisation,
    PlayActivity,
    Program,
)
from .audit import audit_record, audit_update, diff, snapshot


def require(user: User, action: policy.Action, obj: models.Model) -> None:
    """Services check again what views already restricted: a last line, never the first."""
    if not policy.can(user, action, obj):
        raise PermissionDenied(f"You may not {action.replace('_', ' ')} {obj}.")


# -- programs -------------------------------------------------------------------------

# Program codes are URL segments beside these pages of /programs/.
RESERVED_PROGRAM_CODES = frozenset({"new", "organisations"})

PROGRAM_FIELDS = [
    "name",
    "code",
    "customer",
    "provider",
    "phase",
    "status",
    "start_date",
    "planned_end_date",
    "status_date",
    "description",
]


@transaction.atomic
def program_create(
    *,
    acting_user: User,
    name: str,
    code: str,
    customer: Organisation,
    provider: Organisation,
    start_date: dt.date,
    planned_end_date: dt.date,
    status_date: dt.date | None = None,
    phase: int = 3,
    description: str = "",
) -> Program:
    """A new program with its Play 3.1 board and the provider's onboarding checklist."""
    if not acting_user.is_superuser:
        raise PermissionDenied("Only a portal administrator creates programs.")
    program = Program(
        name=name,
        code=code,
        customer=customer,
        provider=provider,
        start_date=start_date,
        planned_end_date=planned_end_date,
        status_date=status_date or start_date,
        phase=phase,
        description=description,
    )
    if code.lower() in RESERVED_PROGRAM_CODES:
        raise DomainError(f"“{code}” names a portal page; choose another code.", field="code")
    program.full_clean()
    program.save()
    PlayActivity.objects.bulk_create(
        PlayActivity(
            program=program,
            key=a.key,
            number=a.number,
            title=a.title,
            artifact=a.artifact,
            owning_party=a.owning_party,
        )
        for a in PLAY_3_1_ACTIVITIES
    )
    OnboardingItem.objects.bulk_create(
        OnboardingItem(
            program=program,
            title=title,
            position=i,
            due_date=start_date + dt.timedelta(days=days),
        )
        for i, (title, days) in enumerate(DEFAULT_ONBOARDING_ITEMS, start=1)
    )
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=program,
        changes=diff({}, snapshot(program, PROGRAM_FIELDS)),
    )
    return program


@transaction.atomic
def program_open(
    *,
    acting_user: User,
    customer_manager: User,
    provider_manager: User,
    **program_values: Any,
) -> Program:
    """A new program with a Program Manager for the customer and one for the provider, so
    that each party has someone to manage its members; all of it, or nothing."""
    program = program_create(acting_user=acting_user, **program_values)
    for party, manager, field in (
        (Party.CUSTOMER, customer_manager, "customer_manager"),
        (Party.PROVIDER, provider_manager, "provider_manager"),
    ):
        try:
            membership_create(
                acting_user=acting_user,
                program=program,
                user=manager,
                party=party,
                role=Role.PROGRAM_MANAGER,
            )
        except DomainError as exc:
            exc.field = field  # the form names one manager field per party
            raise
    return program


@transaction.atomic
def program_update(*, acting_user: User, program: Program, **values: Any) -> Program:
    require(acting_user, "change", program)
    before = snapshot(program, PROGRAM_FIELDS)
    for name, value in values.items():
        if name not in PROGRAM_FIELDS or name == "code":
            raise DomainError(f"{name} cannot be changed here.", field=name)
        setattr(program, name, value)
    program.full_clean()
    program.save()
    audit_update(
        acting_user=acting_user,
        program=program,
        target=program,
        before=before,
        fields=PROGRAM_FIELDS,
    )
    return program


# -- memberships ----------------------------------------------------------------------

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


# -- the Play 3.1 board ---------------------------------------------------------------

ACTIVITY_FIELDS = ["status", "due_date", "assignee"]


@transaction.atomic
def activity_update(*, acting_user: User, activity: PlayActivity, **values: Any) -> PlayActivity:
    """Change an activity's status, due date or assignee (a member of the same program)."""
    require(acting_user, "change", activity)
    before = snapshot(activity, ACTIVITY_FIELDS)
    for name, value in values.items():
        if name not in ACTIVITY_FIELDS:
            raise DomainError(f"{name} is not a field of a Play 3.1 activity.", field=name)
        setattr(activity, name, value)
    if activity.status not in ActivityStatus.values:
        raise DomainError(f"“{activity.status}” is not an activity status.", field="status")
    if activity.assignee is not None and activity.assignee.program_id != activity.program_id:
        raise DomainError("The assignee must be a member of this program.", field="assignee")
    activity.save()
    audit_update(
        acting_user=acting_user,
        program=activity.program,
        target=activity,
        before=before,
        fields=ACTIVITY_FIELDS,
    )
    return activity


def activity_record_evidence(
    *,
    acting_user: User | None,
    program: Program,
    key: str,
    evidence: models.Model,
    status: str | None = None,
) -> PlayActivity:
    """Link an artifact to the activity it evidences (and move the activity's status).
    Called inside the artifact's own service transaction."""
    activity = PlayActivity.objects.select_for_update().get(program=program, key=key)
    before = snapshot(activity, ["status", "evidence_type", "evidence_id"])
    activity.evidence_type = ContentType.objects.get_for_model(type(evidence))
    activity.evidence_id = evidence.pk
    if status is not None:
        activity.status = status
    activity.save()
    changes = diff(before, snapshot(activity, ["status", "evidence_type", "evidence_id"]))
    if changes:
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.UPDATE,
            target=activity,
            changes=changes,
        )
    return activity


# -- provider onboarding --------------------------------------------------------------

ONBOARDING_FIELDS = ["title", "owner", "due_date", "done_date", "notes", "position"]


@transaction.atomic
def onboarding_item_create(
    *,
    acting_user: User,
    program: Program,
    title: str,
    owner: Membership | None = None,
    due_date: dt.date | None = None,
    done_date: dt.date | None = None,
    notes: str = "",
) -> OnboardingItem:
    position = (program.onboarding_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = OnboardingItem(
        program=program,
        title=title,
        owner=owner,
        due_date=due_date,
        done_date=done_date,
        notes=notes,
        position=position,
    )
    require(acting_user, "change", item)
    _check_owner(program, owner)
    item.full_clean()
    item.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=item,
        changes=diff({}, snapshot(item, ONBOARDING_FIELDS)),
    )
    return item


def _check_owner(program: Program, owner: Membership | None) -> None:
    if owner is not None and owner.program_id != program.pk:
        raise DomainError("The owner must be a member of this program.", field="owner")


@transaction.atomic
def onboarding_item_update(
    *, acting_user: User, item: OnboardingItem, **values: Any
) -> OnboardingItem:
    require(acting_user, "change", item)
    before = snapshot(item, ONBOARDING_FIELDS)
    for name, value in values.items():
        if name not in ONBOARDING_FIELDS:
            raise DomainError(f"{name} is not a field of an onboarding item.", field=name)
        setattr(item, name, value)
    _check_owner(item.program, item.owner)
    item.full_clean()
    item.save()
    audit_update(
        acting_user=acting_user,
        program=item.program,
        target=item,
        before=before,
        fields=ONBOARDING_FIELDS,
    )
    return item


@transaction.atomic
def onboarding_item_delete(*, acting_user: User, item: OnboardingItem) -> None:
    require(acting_user, "change", item)
    audit_record(
        acting_user=acting_user,
        program=item.program,
        action=AuditAction.DELETE,
        target=item,
        changes=diff(snapshot(item, ONBOARDING_FIELDS), {}),
    )
    item.delete()


# -- shared glossary ------------------------------------------------------------------


@transaction.atomic
def glossary_term_create(
    *, acting_user: User, program: Program, term: str, definition: str
) -> GlossaryTerm:
    item = GlossaryTerm(program=program, term=term.strip(), definition=definition.strip())
    require(acting_user, "change", item)
    if not item.term:
        raise DomainError("The term must not be empty.", field="term")
    if not item.definition:
        raise DomainError("The definition must not be empty.", field="definition")
    if GlossaryTerm.objects.filter(program=program, term__iexact=item.term).exists():
        raise DomainError(
            f"The glossary already has “{item.term}”.", code=ErrorCode.DUPLICATE_TERM, field="term"
        )
    item.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=item,
        changes=diff({}, snapshot(item, ["term", "definition"])),
    )
    return item


@transaction.atomic
def glossary_term_update(
    *,
    acting_user: User,
    term: GlossaryTerm,
    new_term: str | None = None,
    definition: str | None = None,
) -> GlossaryTerm:
    """Change a term's wording: a new revision, which both parties must accept again."""
    require(acting_user, "change", term)
    before = snapshot(term, ["term", "definition", "revision"])
    if new_term is not None:
        new_term = new_term.strip()
        if not new_term:
            raise DomainError("The term must not be empty.", field="term")
        clash = GlossaryTerm.objects.filter(program=term.program, term__iexact=new_term)
        if clash.exclude(pk=term.pk).exists():
            raise DomainError(
                f"The glossary already has “{new_term}”.",
                code=ErrorCode.DUPLICATE_TERM,
                field="term",
            )
        term.term = new_term
    if definition is not None:
        if not definition.strip():
            raise DomainError("The definition must not be empty.", field="definition")
        term.definition = definition.strip()
    if (term.term, term.definition) != (before["term"], before["definition"]):
        term.revision += 1
        try:
            term.save()
        except IntegrityError:
            raise DomainError(
                "The glossary already has this term.", code=ErrorCode.DUPLICATE_TERM, field="term"
            ) from None
        audit_record(
            acting_user=acting_user,
            program=term.program,
            action=AuditAction.UPDATE,
            target=term,
            changes=diff(before, snapshot(term, ["term", "definition", "revision"])),
        )
    return term


@transaction.atomic
def glossary_term_delete(*, acting_user: User, term: GlossaryTerm) -> None:
    require(acting_user, "change", term)
    audit_record(
        acting_user=acting_user,
        program=term.program,
        action=AuditAction.DELETE,
        target=term,
        changes=diff(snapshot(term, ["term", "definition"]), {}),
    )
    term.delete()


@transaction.atomic
def glossary_term_accept(*, acting_user: User, term: GlossaryTerm) -> GlossaryAcceptance:
    """A reviewer of the customer or the provider accepts the current wording."""
    membership = policy.membership_of(acting_user, term.program)
    if (
        membership is None
        or membership.party not in (Party.CUSTOMER, Party.PROVIDER)
        or not (
            policy.can_change_party(acting_user, term.program, membership.party)
            or membership.is_signatory
        )
    ):
        raise DomainError(
            "Only a customer or provider member who edits or signs artifacts accepts glossary "
            "terms.",
            code=ErrorCode.NOT_A_REVIEWER,
        )
    if GlossaryAcceptance.objects.filter(
        term=term, user=acting_user, revision=term.revision
    ).exists():
        raise DomainError(
            "You have already accepted this wording.", code=ErrorCode.ALREADY_ACCEPTED
        )
    acceptance = GlossaryAcceptance.objects.create(
        term=term, user=acting_user, party=membership.party, revision=term.revision
    )
    audit_record(
        acting_user=acting_user,
        program=term.program,
        action=AuditAction.ACCEPT,
        target=term,
        changes={"accepted_revision": [None, term.revision]},
    )
    return acceptance
