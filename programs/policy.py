"""The access policy: who may view, change and sign what, and who manages members.

Grants are django-guardian object permissions on the Program, kept in step with memberships
by ``programs.services.memberships``. Everything else asks this module:

- ``can(user, action, obj)`` for one object;
- ``restrict(queryset, user, action)`` for a queryset (views and API viewsets start there, so
  a forbidden object is simply not found: a 404, never a 403 that confirms it exists).

Actions:
- ``view``: any member of the program.
- ``change``: an editing role of a party that owns the object (shared: either party); for
  the independent party's own artifacts (the IV&V agent's reports), its IV&V agents only.
  For memberships, ``change`` means managing the members of that party.
- ``sign``: a signatory of a party that owns the object. The independent party has no
  signatories: its artifacts are signed by the people they name (their author).
- ``manage_members``: program managers and PMO leads, for their own party.
- voiding signatures (returning a signed version to draft): program managers and PMO leads
  of an owning party (``can_void_signatures``).
- attachments (files attached to a register's rows) have their row's access: reading one
  needs ``view`` on the row; attaching and removing need what the row's register names in
  ``policy_may_attach`` (``models.Attachable``), by default ``change`` on the row
  (``can_attach``).
- review comments on a version in review (``can_comment``): every member of the customer
  and the provider but viewers, and the IV&V agent. Their disposition is ``change`` on the
  comment (the document's owning party's editors); concurrence with it (``can_concur``) is
  the commenter's, or for a comment of the customer or the provider, any member of that
  party who may comment.

Money in the schedule (``can_see_costs``, ``can_see_rates``), as the schedule's two access
settings say (both on by default):
- costs (of assignments, tasks, the WBS and the program): with "costs hidden from team members
  and viewers" on, the Program Managers, PMO Leads and Executive Sponsors of the customer and
  the provider, and the IV&V agent; off, every member;
- a resource's rates: with "rates only to the owning party's managers" on, the Program
  Managers, PMO Leads and Executive Sponsors of the party that owns the resource (the
  customer's for a shared resource); off, whoever sees costs. Changing a rate table needs
  both ``change`` on the resource and sight of its rates.

Authority is never self-granted (``grantable_roles``, ``can_change_member``):
- nobody changes their own membership's role or signatory flag;
- the signatory flag and the Executive Sponsor and Business Owner roles are granted and
  removed only by that party's Executive Sponsor or a portal administrator;
- managers grant no role ranked above their own and change no member ranked above them;
- only the roles of ``signatory_roles()`` carry the signatory flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from .choices import (
    AUTHORITY_ROLES,
    DEFAULT_SIGNATORY_ROLES,
    EDITING_ROLES,
    MEMBER_MANAGING_ROLES,
    PARTY_ROLES,
    ROLE_RANK,
    OwningParty,
    Party,
    Role,
)
from .models import Attachable, Attachment, Membership, Program

Action = Literal["view", "change", "sign", "manage_members"]
M = TypeVar("M", bound=models.Model)
AnyUser = AbstractBaseUser | AnonymousUser

VIEW = "view_program"


def _party_perm(template: str, party: str) -> str:
    return template.format(party=party)


# For each action, the permission a party's grant gives (per owning party).
CHANGE = "change_{party}_artifacts"
SIGN = "sign_{party}_artifacts"
MANAGE = "manage_{party}_members"


def member_manager_party(party: str) -> str:
    """Whose managers manage members of ``party``: the independent IV&V agent is engaged by
    the customer, so the customer's managers add and remove it."""
    return Party.CUSTOMER if party == Party.INDEPENDENT else party


def permissions_for_membership(membership: Membership) -> set[str]:
    """The object permissions on the Program that a membership grants."""
    perms = {VIEW}
    party, role = membership.party, membership.role
    if party == Party.INDEPENDENT and role == Role.IVV_AGENT:
        # The IV&V agent writes the independent party's own artifacts (its reports).
        perms.add(_party_perm(CHANGE, party))
    if party in (Party.CUSTOMER, Party.PROVIDER):
        if role in EDITING_ROLES:
            perms.add(_party_perm(CHANGE, party))
        if membership.is_signatory and role in signatory_roles():
            perms.add(_party_perm(SIGN, party))
        if role in MEMBER_MANAGING_ROLES:
            perms.add(_party_perm(MANAGE, party))
    return perms


MANAGED_PERMISSIONS = frozenset(
    {VIEW}
    | {_party_perm(t, p) for t in (CHANGE, SIGN, MANAGE) for p in (Party.CUSTOMER, Party.PROVIDER)}
    | {_party_perm(CHANGE, Party.INDEPENDENT)}
)


def _checker(user: AnyUser) -> ObjectPermissionChecker:
    """One permission checker per user object, so a request asks the database once per
    program rather than once per check."""
    checker: ObjectPermissionChecker | None = getattr(user, "_pmo_permission_checker", None)
    if checker is None:
        checker = ObjectPermissionChecker(user)  # type: ignore[arg-type]
        setattr(user, "_pmo_permission_checker", checker)  # noqa: B010
    return checker


def forget_cached_permissions(user: AnyUser) -> None:
    for cached in ("_pmo_permission_checker", "_pmo_memberships", "_pmo_program_permissions"):
        if hasattr(user, cached):
            delattr(user, cached)


def remember_access(
    user: AnyUser, program: Program, *, permissions: frozenset[str], membership: Membership | None
) -> None:
    """Take ``user``'s permissions on ``program`` and their membership of it as already read
    (kept from an earlier request at the program's current revision): ``can`` and
    ``membership_of`` then answer without asking the database."""
    held: dict[int, frozenset[str]] = getattr(user, "_pmo_program_permissions", None) or {}
    held[program.pk] = permissions
    setattr(user, "_pmo_program_permissions", held)  # noqa: B010
    memberships: dict[int, Membership | None] = getattr(user, "_pmo_memberships", None) or {}
    memberships[program.pk] = membership
    setattr(user, "_pmo_memberships", memberships)  # noqa: B010


def program_of(obj: models.Model) -> Program:
    if isinstance(obj, Program):
        return obj
    path = obj.policy_program_field  # type: ignore[attr-defined]
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part)
    return target


def owning_party_of(obj: models.Model) -> str:
    fixed = getattr(obj, "policy_owning_party", None)
    if fixed is not None:
        return str(fixed)
    target: Any = obj
    for part in obj.policy_owning_party_field.split("__"):  # type: ignore[attr-defined]
        target = getattr(target, part)
    return str(target)


def program_permissions(user: AnyUser, program: Program) -> set[str]:
    """Every permission codename ``user`` holds on ``program`` (cached per user object)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if getattr(user, "is_superuser", False):
        return set(MANAGED_PERMISSIONS)
    remembered: dict[int, frozenset[str]] = getattr(user, "_pmo_program_permissions", None) or {}
    if program.pk in remembered:
        return set(remembered[program.pk])
    return set(_checker(user).get_perms(program))


def _parties_for(action: Action, owning_party: str) -> tuple[str, ...]:
    if owning_party == OwningParty.SHARED:
        return (Party.CUSTOMER, Party.PROVIDER)
    return (owning_party,)


def _required_perms(model: type[models.Model], action: Action, owning_party: str) -> set[str]:
    """Any one of these permissions allows ``action`` on an object owned by ``owning_party``."""
    if action == "view":
        return {VIEW}
    if model is Membership or action == "manage_members":
        if action not in ("change", "manage_members"):
            return set()
        if owning_party == OwningParty.SHARED:
            return {_party_perm(MANAGE, p) for p in (Party.CUSTOMER, Party.PROVIDER)}
        return {_party_perm(MANAGE, member_manager_party(owning_party))}
    if action == "sign" and owning_party == OwningParty.INDEPENDENT:
        return set()  # signed by the named author, not for a party
    template = {"change": CHANGE, "sign": SIGN}[action]
    return {_party_perm(template, p) for p in _parties_for(action, owning_party)}


def can(user: AnyUser, action: Action, obj: models.Model) -> bool:
    """May ``user`` do ``action`` on ``obj``? ``obj`` is a Program or a program-owned object."""
    if isinstance(obj, Attachment):
        return _can_on_attachment(user, action, obj)
    program = program_of(obj)
    held = program_permissions(user, program)
    if not held:
        return False
    # The party's sponsor reaches its members to grant or remove authority; what each may
    # change of them is ``can_change_member``'s answer.
    sponsor_reach = isinstance(obj, Membership) and action == "change" and obj.pk is not None
    if sponsor_reach and can_grant_authority(user, program, obj.party):  # type: ignore[attr-defined]
        return True
    return bool(held & _required_perms(type(obj), action, owning_party_of(obj)))


def can_attach(user: AnyUser, target: models.Model) -> bool:
    """May ``user`` attach files to ``target`` and remove them? Only to an ``Attachable`` row
    they may view, and then as its register says (``policy_may_attach``), by default when
    they may change it."""
    if not isinstance(target, Attachable) or not can(user, "view", target):
        return False
    rule = target.policy_may_attach(user)
    return can(user, "change", target) if rule is None else bool(rule)


def _can_on_attachment(user: AnyUser, action: Action, attachment: Attachment) -> bool:
    """A file's access is its row's: view to read it, ``can_attach`` to remove it. A file whose
    row is gone, or in another program, is nobody's to reach."""
    target = attachment.target
    if target is None or program_of(target).pk != attachment.program_id:
        return False
    if action == "view":
        return can(user, "view", target)
    if action == "change":
        return can_attach(user, target)
    return False


def can_change_party(user: AnyUser, program: Program, party: str) -> bool:
    """May ``user`` change artifacts (or, for memberships, members) owned by ``party``?"""
    return bool(program_permissions(user, program) & _required_perms(Program, "change", party))


def can_manage_members_of(user: AnyUser, program: Program, party: str) -> bool:
    return _party_perm(MANAGE, member_manager_party(party)) in program_permissions(user, program)


def can_void_signatures(user: AnyUser, obj: models.Model) -> bool:
    """May ``user`` take back signatures given on ``obj`` (return a signed version to draft)?
    Only a Program Manager or PMO Lead of a party that owns it (shared: of either party), or a
    portal administrator: an editor's slip must not undo a sponsor's signature."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user, program_of(obj))
    return (
        membership is not None
        and membership.role in MEMBER_MANAGING_ROLES
        and membership.party in _parties_for("change", owning_party_of(obj))
    )


def can_comment(user: AnyUser, obj: models.Model) -> bool:
    """May ``user`` comment on ``obj`` (a document version) in review? Members of the
    customer and the provider but viewers, and the IV&V agent (the independent party's
    viewers read only). Whether the version is in review is the service's rule."""
    if not user.is_authenticated or not user.is_active:
        return False
    membership = membership_of(user, program_of(obj))
    return (
        membership is not None
        and membership.party in Party.values
        and membership.role != Role.VIEWER
    )


def can_concur(user: AnyUser, comment: Any) -> bool:
    """May ``user`` concur or non-concur with the disposition of ``comment``? Its author;
    for a comment of the customer or the provider, also any member of that party who may
    comment (a party answers for its reviewers). The IV&V agent's comments only the agent."""
    if not can_comment(user, comment):
        return False
    if comment.author_id is not None and comment.author_id == user.pk:
        return True
    membership = membership_of(user, program_of(comment))
    return (
        membership is not None
        and comment.author_party in (Party.CUSTOMER, Party.PROVIDER)
        and membership.party == comment.author_party
    )


#: The roles that see money when the schedule's settings restrict it (with the IV&V agent for
#: costs).
MONEY_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.PMO_LEAD, Role.EXECUTIVE_SPONSOR})
#: Whose managers see the rates of a shared resource: the customer pays for it.
SHARED_RATES_PARTY = Party.CUSTOMER


def _money_setting(program: Program, name: str) -> bool:
    """One of the schedule's money settings (on without a schedule). Read through the
    relation, so this module does not import the schedule app; cached on the program."""
    try:
        schedule = program.schedule
    except models.ObjectDoesNotExist:
        return True
    return bool(getattr(schedule, name))


def can_see_costs(user: AnyUser, program: Program) -> bool:
    """May ``user`` see costs of ``program``'s schedule (assignments, tasks, the WBS, the
    program)? Team members and viewers see work and dates, not money, unless the schedule's
    "costs hidden from team members and viewers" is off."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user, program)
    if membership is None:
        return False
    if membership.party == Party.INDEPENDENT:
        if membership.role == Role.IVV_AGENT:
            return True
    elif membership.role in MONEY_ROLES:
        return True
    # The others only when the schedule's setting shows them money (read last: a query).
    return not _money_setting(program, "costs_hidden_from_team")


def can_see_rates(user: AnyUser, program: Program, resource: models.Model) -> bool:
    """May ``user`` see ``resource``'s cost rates? Its owning party's Program Managers, PMO
    Leads and Executive Sponsors (the customer's for a shared resource), unless the schedule's
    "rates only to the owning party's managers" is off: then whoever sees costs."""
    if not _money_setting(program, "rates_to_owning_managers"):
        return can_see_costs(user, program)
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user, program)
    owner = owning_party_of(resource)
    party = SHARED_RATES_PARTY if owner == OwningParty.SHARED else owner
    return membership is not None and membership.party == party and membership.role in MONEY_ROLES


def can_change_rates(user: AnyUser, resource: models.Model) -> bool:
    """May ``user`` change ``resource``'s rate table: change the resource and see its rates."""
    program = program_of(resource)
    return can(user, "change", resource) and can_see_rates(user, program, resource)


def can_change_money_settings(user: AnyUser, program: Program) -> bool:
    """May ``user`` change who sees money in the schedule? A Program Manager of the customer
    or the provider (or a portal administrator): it decides what the other party sees."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user, program)
    return (
        membership is not None
        and membership.party in (Party.CUSTOMER, Party.PROVIDER)
        and membership.role == Role.PROGRAM_MANAGER
    )


def signing_party(user: AnyUser, obj: models.Model) -> str | None:
    """The party ``user`` signs ``obj`` for, or None when they are no signatory of its owners."""
    held = program_permissions(user, program_of(obj))
    for party in _parties_for("sign", owning_party_of(obj)):
        if _party_perm(SIGN, party) in held:
            return party
    return None


def programs_for(user: AnyUser, perms: Iterable[str] = (VIEW,)) -> models.QuerySet[Program]:
    """Programs on which ``user`` holds any of ``perms``."""
    if not user.is_authenticated or not user.is_active:
        return Program.objects.none()
    return get_objects_for_user(
        user,
        [f"programs.{p}" for p in perms],
        klass=Program,
        any_perm=True,
        accept_global_perms=False,
    )


def restrict(queryset: models.QuerySet[M], user: AnyUser, action: Action) -> models.QuerySet[M]:
    """The rows of ``queryset`` on which ``user`` may do ``action``."""
    model = queryset.model
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    path = model.policy_program_field  # type: ignore[attr-defined]
    program_lookup = "pk__in" if path == "pk" else f"{path}__in"
    if action == "view":
        return queryset.filter(**{program_lookup: programs_for(user, [VIEW]).values("pk")})

    fixed = getattr(model, "policy_owning_party", None)
    if fixed is not None:
        perms = _required_perms(model, action, str(fixed))
        if not perms:
            return queryset.none()
        return queryset.filter(**{program_lookup: programs_for(user, perms).values("pk")})

    party_field = model.policy_owning_party_field  # type: ignore[attr-defined]
    condition = Q()
    owners = Party.values if model is Membership else OwningParty.values
    for owning in owners:
        perms = _required_perms(model, action, owning)
        if perms:
            condition |= Q(
                **{party_field: owning, program_lookup: programs_for(user, perms).values("pk")}
            )
    if model is Membership and action == "change":
        # An Executive Sponsor reaches their party's members to grant or remove authority.
        for party in (Party.CUSTOMER, Party.PROVIDER):
            sponsored = Membership.objects.filter(
                user_id=user.pk, party=party, role=Role.EXECUTIVE_SPONSOR
            ).values("program")
            condition |= Q(party=party, program__in=sponsored)
    return queryset.filter(condition) if condition else queryset.none()


def membership_of(user: AnyUser, program: Program) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache: dict[int, Membership | None] = getattr(user, "_pmo_memberships", None) or {}
    if program.pk not in cache:
        cache[program.pk] = Membership.objects.filter(program=program, user_id=user.pk).first()
        setattr(user, "_pmo_memberships", cache)  # noqa: B010
    return cache[program.pk]


def remember_memberships(user: AnyUser, programs: Iterable[Program]) -> None:
    """Read ``user``'s memberships of ``programs`` in one query for ``membership_of`` (and
    what asks it, such as ``can_see_costs``): a page of many programs asks once, not once
    per program."""
    if not user.is_authenticated:
        return
    cache: dict[int, Membership | None] = getattr(user, "_pmo_memberships", None) or {}
    wanted = {program.pk for program in programs} - set(cache)
    if not wanted:
        return
    found: dict[int, Membership | None] = dict.fromkeys(wanted)
    for membership in Membership.objects.filter(program__in=wanted, user_id=user.pk).order_by(
        "-pk"
    ):
        found[membership.program_id] = membership  # the first by id, as membership_of
    cache.update(found)
    setattr(user, "_pmo_memberships", cache)  # noqa: B010


def require(user: AnyUser, action: Action, obj: models.Model) -> None:
    """Services check again what views already restricted: a last line, never the first."""
    if not can(user, action, obj):
        raise PermissionDenied(f"You may not {action.replace('_', ' ')} {obj}.")


# -- authority: who grants roles and signing power -------------------------------------


def signatory_roles() -> frozenset[str]:
    """The roles that may carry the signatory flag: the one place that says so."""
    roles = frozenset(getattr(settings, "PMO_SIGNATORY_ROLES", DEFAULT_SIGNATORY_ROLES))
    unknown = roles - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(f"PMO_SIGNATORY_ROLES names unknown roles: {sorted(unknown)}")
    return roles


def holds_authority(membership: Membership) -> bool:
    """Does the member hold a power only a sponsor grants (an authority role or the flag)?"""
    return membership.role in AUTHORITY_ROLES or membership.is_signatory


def can_grant_authority(user: AnyUser, program: Program, party: str) -> bool:
    """May ``user`` grant or remove signatory authority and the sponsor and owner roles for
    ``party``? Its Executive Sponsor and portal administrators only."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if party not in (Party.CUSTOMER, Party.PROVIDER):
        return False
    membership = membership_of(user, program)
    return (
        membership is not None
        and membership.party == party
        and membership.role == Role.EXECUTIVE_SPONSOR
    )


def _own_rank(user: AnyUser, program: Program) -> int:
    if getattr(user, "is_superuser", False):
        return max(ROLE_RANK.values())
    membership = membership_of(user, program)
    return ROLE_RANK[membership.role] if membership is not None else 0


def grantable_roles(user: AnyUser, program: Program, party: str) -> frozenset[str]:
    """The roles ``user`` may give a member of ``party``: the party's Executive Sponsor and
    administrators any; managers those up to their own rank but the authority roles."""
    roles = PARTY_ROLES[party]
    if can_grant_authority(user, program, party):
        return roles
    if not can_manage_members_of(user, program, party):
        return frozenset()
    rank = _own_rank(user, program)
    return frozenset(r for r in roles - AUTHORITY_ROLES if ROLE_RANK[r] <= rank)


def can_change_member(user: AnyUser, membership: Membership) -> bool:
    """May ``user`` change (or remove) ``membership`` at all? Never their own role; a member
    who holds authority only by the party's sponsor or an administrator; others by the
    party's managers ranked at least as high, or by the sponsor granting them authority."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if membership.user_id == user.pk:
        return False
    program = membership.program
    if can_grant_authority(user, program, membership.party):
        return True
    if holds_authority(membership) or not can_manage_members_of(user, program, membership.party):
        return False
    return ROLE_RANK[membership.role] <= _own_rank(user, program)


def first_forbidden(user: AnyUser, action: Action, objects: Iterable[M]) -> M | None:
    """The first of ``objects`` on which ``user`` may not do ``action``, or None."""
    for obj in objects:
        if not can(user, action, obj):
            return obj
    return None


def require_all(
    user: AnyUser,
    action: Action,
    objects: Iterable[models.Model],
    *,
    doing: str,
    relation: str = "it holds",
    field: str | None = None,
) -> None:
    """A write on a container (a summary task, a register item with children, a plan section)
    touches everything it holds: refuse it whole unless ``user`` may ``action`` every one of
    ``objects``, naming the first they may not, e.g. "You may not delete 1.2 Summary: it holds
    1.2.3 Payroll cutover, which the Customer owns." """
    from .errors import PermissionRefused

    blocked = first_forbidden(user, action, objects)
    if blocked is None:
        return
    owner = owning_party_of(blocked)
    whose = (
        "the customer and the provider share"
        if owner == OwningParty.SHARED
        else f"the {Party(owner).label} owns"
        if owner in Party.values
        else f"{owner} owns"
    )
    raise PermissionRefused(
        f"You may not {doing}: {relation} {blocked}, which {whose}.", field=field
    )
