"""Writes of governance: the program's joint bodies and their meetings, and the decisions and
actions a meeting records in the RAID log. Each takes ``acting_user=``, checks the policy
(bodies and meetings are shared: the editors of either party) and the rule, writes and
records an audit event in one transaction; a refusal changes nothing.

A new meeting's agenda starts from ``governance_raid.agenda_for``; the decisions and actions
a meeting records go to the RAID log through ``governance_raid``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits, policy
from programs.choices import AuditAction, Party
from programs.errors import DomainError
from programs.models import DocumentVersion, Membership, Program
from programs.services.audit import audit_record, audit_update, snapshot
from raci.definitions import JOINT_BODIES, ROLE_AGREEMENT

from ..models import Cadence, GovernanceBody, Meeting, MeetingStatus
from .governance_raid import agenda_for
from .shared_checks import check_choice, check_texts, program_member, program_members

MAX_NAME_LENGTH = 120
MAX_PURPOSE_LENGTH = 2_000
MAX_LOCATION_LENGTH = 200
#: Agenda and minutes of one meeting (Markdown).
MAX_MINUTES_LENGTH = 50_000
MAX_DURATION_MINUTES = 24 * 60

BODY_FIELDS = ["name", "purpose", "cadence", "chair", "position"]
MEETING_FIELDS = ["starts_at", "duration_minutes", "location", "status", "agenda", "minutes"]


# -- governance bodies -----------------------------------------------------------------------


def _check_body(program: Program, body: GovernanceBody | None, name: str, cadence: str) -> None:
    if not name.strip():
        raise DomainError("A governance body needs a name.", field="name")
    check_choice(cadence, Cadence, field="cadence", what="The cadence")
    others = GovernanceBody.objects.filter(program=program, name__iexact=name.strip())
    if body is not None:
        others = others.exclude(pk=body.pk)
    if others.exists():
        raise DomainError(f"{program.name} already has a body named {name.strip()}.", field="name")


_BODY_TEXTS = {
    "name": ("The name", MAX_NAME_LENGTH),
    "purpose": ("The purpose", MAX_PURPOSE_LENGTH),
}


@transaction.atomic
def body_create(
    *,
    acting_user: User,
    program: Program,
    name: str,
    purpose: str = "",
    cadence: str = Cadence.MONTHLY,
    chair: Membership | int | None = None,
    members: Sequence[Membership | int] = (),
    position: int | None = None,
) -> GovernanceBody:
    body = GovernanceBody(program=program, name=name.strip(), purpose=purpose, cadence=cadence)
    policy.require(acting_user, "change", body)
    check_texts({"name": name, "purpose": purpose}, _BODY_TEXTS)
    _check_body(program, None, name, cadence)
    body.chair = program_member(program, chair, field="chair", what="The chair")
    people = program_members(program, members, field="members", what="Members")
    if position is None:
        position = GovernanceBody.objects.filter(program=program).count()
    body.position = min(max(position, 0), limits.MAX_POSITION)
    body.save()
    body.members.set(people)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=body,
        changes={"members": [None, sorted(m.display_name for m in people)]},
    )
    return body


@transaction.atomic
def body_update(
    *,
    acting_user: User,
    body: GovernanceBody,
    name: str,
    purpose: str,
    cadence: str,
    chair: Membership | int | None,
    members: Sequence[Membership | int],
) -> GovernanceBody:
    body = GovernanceBody.objects.select_for_update().get(pk=body.pk)
    policy.require(acting_user, "change", body)
    program = body.program
    check_texts({"name": name, "purpose": purpose}, _BODY_TEXTS)
    _check_body(program, body, name, cadence)
    new_chair = program_member(program, chair, field="chair", what="The chair")
    people = program_members(program, members, field="members", what="Members")
    before = snapshot(body, BODY_FIELDS)
    members_before = sorted(m.display_name for m in body.members.all())
    body.name, body.purpose, body.cadence, body.chair = name.strip(), purpose, cadence, new_chair
    body.save()
    body.members.set(people)
    members_after = sorted(m.display_name for m in people)
    event = audit_update(
        acting_user=acting_user, program=program, target=body, before=before, fields=BODY_FIELDS
    )
    if members_after != members_before:
        changes = {"members": [members_before, members_after]}
        if event is None:
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.UPDATE,
                target=body,
                changes=changes,
            )
        else:
            event.changes |= changes
            event.save(update_fields=["changes"])
    return body


@transaction.atomic
def body_delete(*, acting_user: User, body: GovernanceBody) -> None:
    policy.require(acting_user, "change", body)
    if body.meetings.exists():
        raise DomainError(
            f"{body.name} has meetings on record: a body with meetings is kept.", field="body"
        )
    audit_record(
        acting_user=acting_user, program=body.program, action=AuditAction.DELETE, target=body
    )
    body.delete()


def _cadence_of(text: str) -> str:
    words = (text or "").lower()
    for value, marker in (
        (Cadence.BIWEEKLY, "two weeks"),
        (Cadence.BIWEEKLY, "biweekly"),
        (Cadence.BIWEEKLY, "fortnight"),
        (Cadence.WEEKLY, "week"),
        (Cadence.QUARTERLY, "quarter"),
    ):
        if marker in words:
            return value
    return Cadence.MONTHLY


def _named(program: Program, text: str, party: str | None = None) -> list[Membership]:
    """The program's members a table cell of the role agreement names (by full name or
    username, separated by commas or semicolons)."""
    names = {n.strip().lower() for n in (text or "").replace(";", ",").split(",") if n.strip()}
    if not names:
        return []
    members = Membership.objects.filter(program=program).select_related("user")
    if party:
        members = members.filter(party=party)
    return [
        m
        for m in members
        if m.display_name.lower() in names or m.user.get_username().lower() in names
    ]


def bodies_from_agreement(program: Program) -> list[dict[str, Any]]:
    """The governance bodies table of the program's approved role agreement (the latest
    approved version), or the joint bodies a new agreement starts from."""
    version = (
        DocumentVersion.objects.filter(
            document__program=program, document__kind=ROLE_AGREEMENT, status="approved"
        )
        .order_by("-number")
        .first()
    )
    rows = (version.content.get("tables") or {}).get("governance_bodies") if version else None
    if rows:
        return [r for r in rows if (r.get("body") or "").strip()]
    return [{"body": b, "purpose": p, "cadence": c} for b, p, c in JOINT_BODIES]


@transaction.atomic
def bodies_seed(*, acting_user: User, program: Program) -> list[GovernanceBody]:
    """Make the program's governance bodies from its approved role agreement (else the
    joint bodies every agreement starts from); bodies the program already has by name are
    left as they are."""
    policy.require(acting_user, "change", GovernanceBody(program=program))
    made = []
    for row in bodies_from_agreement(program):
        name = row["body"].strip()[:MAX_NAME_LENGTH]
        if GovernanceBody.objects.filter(program=program, name__iexact=name).exists():
            continue
        chairs = _named(program, row.get("chair", ""))
        members = _named(program, row.get("customer_members", ""), Party.CUSTOMER)
        members += _named(program, row.get("provider_members", ""), Party.PROVIDER)
        made.append(
            body_create(
                acting_user=acting_user,
                program=program,
                name=name,
                purpose=(row.get("purpose") or "")[:MAX_PURPOSE_LENGTH],
                cadence=_cadence_of(row.get("cadence", "")),
                chair=chairs[0] if chairs else None,
                members=members + [c for c in chairs[:1] if c not in members],
            )
        )
    return made


# -- meetings --------------------------------------------------------------------------------

_MEETING_TEXTS = {
    "location": ("The location", MAX_LOCATION_LENGTH),
    "agenda": ("The agenda", MAX_MINUTES_LENGTH),
    "minutes": ("The minutes", MAX_MINUTES_LENGTH),
}


def _check_meeting(program: Program, values: dict[str, Any]) -> None:
    check_texts(values, _MEETING_TEXTS)
    starts_at = values["starts_at"]
    if starts_at is None:
        raise DomainError("A meeting needs a date and time.", field="starts_at")
    limits.check_program_date(program, starts_at, field="starts_at", what="The meeting date")
    duration = values.get("duration_minutes", 60)
    if not 1 <= duration <= MAX_DURATION_MINUTES:
        raise DomainError(
            f"A meeting lasts 1 to {MAX_DURATION_MINUTES} minutes.", field="duration_minutes"
        )
    status = values.get("status", MeetingStatus.PLANNED)
    check_choice(status, MeetingStatus, field="status", what="The status")
    if status == MeetingStatus.HELD and timezone.localtime(starts_at).date() > limits.today():
        raise DomainError(
            "A meeting is held on or after its date: it is still planned.", field="status"
        )


def _body_of(program: Program, body: GovernanceBody | int) -> GovernanceBody:
    pk = body.pk if isinstance(body, GovernanceBody) else body
    found = GovernanceBody.objects.filter(program=program, pk=pk).first()
    if found is None:
        raise DomainError(f"{program.name} has no governance body {pk}.", field="body")
    return found


@transaction.atomic
def meeting_create(
    *,
    acting_user: User,
    program: Program,
    body: GovernanceBody | int,
    starts_at: dt.datetime,
    duration_minutes: int = 60,
    location: str = "",
    attendees: Sequence[Membership | int] = (),
    agenda: str | None = None,
    minutes: str = "",
    status: str = MeetingStatus.PLANNED,
) -> Meeting:
    """A meeting of ``body``; without an agenda, it starts from ``agenda_for`` its date."""
    policy.require(acting_user, "change", Meeting(program=program))
    the_body = _body_of(program, body)
    values = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "location": location,
        "status": status,
        "agenda": agenda or "",
        "minutes": minutes,
    }
    _check_meeting(program, values)
    people = program_members(program, attendees, field="attendees", what="Attendees")
    if agenda is None:
        values["agenda"] = agenda_for(program, timezone.localtime(starts_at).date())
    meeting = Meeting.objects.create(
        program=program, body=the_body, created_by=acting_user, **values
    )
    meeting.attendees.set(people)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=meeting,
        changes={"attendees": [None, sorted(m.display_name for m in people)]},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    acting_user: User,
    meeting: Meeting,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str,
    status: str,
    attendees: Sequence[Membership | int],
    agenda: str,
    minutes: str,
) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("program").get(pk=meeting.pk)
    policy.require(acting_user, "change", meeting)
    program = meeting.program
    values = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "location": location,
        "status": status,
        "agenda": agenda,
        "minutes": minutes,
    }
    _check_meeting(program, values)
    people = program_members(program, attendees, field="attendees", what="Attendees")
    before = snapshot(meeting, MEETING_FIELDS)
    attendees_before = sorted(m.display_name for m in meeting.attendees.all())
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.save()
    meeting.attendees.set(people)
    attendees_after = sorted(m.display_name for m in people)
    changes: dict[str, list[Any]] = {}
    event = audit_update(
        acting_user=acting_user,
        program=program,
        target=meeting,
        before=before,
        fields=MEETING_FIELDS,
    )
    if attendees_after != attendees_before:
        changes["attendees"] = [attendees_before, attendees_after]
        if event is None:
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.UPDATE,
                target=meeting,
                changes=changes,
            )
        else:
            event.changes |= changes
            event.save(update_fields=["changes"])
    return meeting


@transaction.atomic
def meeting_delete(*, acting_user: User, meeting: Meeting) -> None:
    policy.require(acting_user, "change", meeting)
    if meeting.status == MeetingStatus.HELD:
        raise DomainError("A meeting that was held stays on record.", field="status")
    audit_record(
        acting_user=acting_user,
        program=meeting.program,
        action=AuditAction.DELETE,
        target=meeting,
    )
    meeting.delete()
