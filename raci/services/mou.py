"""Writes of SME MOUs and sessions: each checks the policy, refuses bad input naming the
field and changing nothing, writes and records an audit event in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from programs import policy
from programs.choices import AuditAction, Party, Role
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.limits import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, check_program_date, check_text
from programs.models import Document, Membership, Program
from programs.services.audit import audit_record
from programs.services.documents import document_create

from ..models.sessions import Session, SessionAttendance, SessionKind
from ..mou import SME_MOU, SME_MOU_KIND, period_error

# -- MOUs ---------------------------------------------------------------------------------


def other_party(party: str) -> str:
    """The party across from ``party`` (an SME is of the customer or the provider)."""
    return Party.PROVIDER if party == Party.CUSTOMER else Party.CUSTOMER


def program_managers_of(program: Program, party: str) -> list[Membership]:
    return list(
        Membership.objects.filter(
            program=program, party=party, role=Role.PROGRAM_MANAGER
        ).select_related("user")
    )


def mou_create_refusal(user: Any, sme: Membership) -> DomainError | None:
    """Why ``user`` may not start an MOU for ``sme``, or None. The MOU is owned by the SME's
    party, so its editors start it; the other party's managers cannot, as they could not
    change the draft once started."""
    if policy.can_change_party(user, sme.program, sme.party):
        return None
    return PermissionRefused(
        f"Only an editor of the {Party(sme.party).label} (a Program Manager, PMO Lead or PMO "
        f"team member) starts {sme.display_name}'s MOU: it is the {Party(sme.party).label}'s.",
        field="sme",
    )


@transaction.atomic
def mou_create(
    *,
    acting_user: User,
    program: Program,
    sme: Membership,
    other_pm: Membership | None = None,
    content: dict[str, Any] | None = None,
) -> Document:
    """Start the MOU of an SME of the program: version 1, a draft, owned by the SME's party,
    naming the SME and a Program Manager of the other party (``other_pm``, by default the
    first of them) as signers besides a signatory of the SME's party."""
    if sme.program_id != program.pk:
        raise DomainError("The SME must be a member of this program.", field="sme")
    if sme.role != Role.SME or sme.party not in (Party.CUSTOMER, Party.PROVIDER):
        raise DomainError(
            f"{sme.display_name} is a {sme.get_role_display()}, not a subject-matter expert: "
            "an MOU is made for a member with the SME role.",
            field="sme",
        )
    refusal = mou_create_refusal(acting_user, sme)
    if refusal is not None:
        raise refusal
    if Document.objects.filter(program=program, kind=SME_MOU, subject=sme).exists():
        raise DomainError(
            f"{sme.display_name} already has an MOU: start a new version of it instead.",
            code=ErrorCode.DOCUMENT_EXISTS,
            field="sme",
        )
    across = other_party(sme.party)
    across_label = Party(across).label
    if other_pm is None:
        managers = program_managers_of(program, across)
        if not managers:
            raise DomainError(
                f"The {across_label} has no Program Manager in this program to sign the MOU.",
                field="other_pm",
            )
        other_pm = managers[0]
    elif (
        other_pm.program_id != program.pk
        or other_pm.party != across
        or other_pm.role != Role.PROGRAM_MANAGER
    ):
        raise DomainError(
            f"{other_pm.display_name} is not a Program Manager of the {across_label} in this "
            f"program: the MOU of a {Party(sme.party).label} SME is signed by one.",
            field="other_pm",
        )
    if content is not None:
        cleaned = SME_MOU_KIND.clean_content(content, program=program)
        problem = period_error(cleaned["fields"])
        if problem is not None:
            raise problem
    return document_create(
        acting_user=acting_user,
        program=program,
        kind=SME_MOU,
        content=content,
        subject=sme,
        owning_party=sme.party,
        title=f"SME MOU: {sme.display_name}",
        named_signers=[
            (sme.user, "Subject-matter expert"),
            (other_pm.user, f"Program Manager of the {across_label}"),
        ],
    )


# -- sessions -----------------------------------------------------------------------------

SESSION_FIELDS = ("date", "kind", "topic", "notes")


def _check_session(
    program: Program,
    *,
    date: dt.date,
    kind: str,
    topic: str,
    notes: str,
    invited: Sequence[Membership],
    attended: Iterable[Membership],
) -> None:
    check_program_date(program, date, field="date", what="The session date")
    if kind not in SessionKind.values:
        labels = ", ".join(str(label) for label in SessionKind.labels)
        raise DomainError(f"The session type is one of: {labels}.", field="kind")
    if not topic.strip():
        raise DomainError("Say what the session's topic or area is.", field="topic")
    check_text(topic, field="topic", limit=MAX_TITLE_LENGTH, what="The topic")
    check_text(notes, field="notes", limit=MAX_TEXT_LENGTH, what="Notes")
    for member in invited:
        if member.program_id != program.pk or member.role != Role.SME:
            raise DomainError(
                f"{member.display_name} is not a subject-matter expert of {program.name}: "
                "only SMEs are invited to sessions.",
                field="invited",
            )
    invited_ids = {m.pk for m in invited}
    for member in attended:
        if member.pk not in invited_ids:
            raise DomainError(
                f"{member.display_name} attended but was not invited: invite them too.",
                field="attended",
            )


def _attendance_text(session: Session) -> list[str]:
    return [
        f"{a.membership.user.get_username()}: {'attended' if a.attended else 'invited'}"
        for a in session.attendances.select_related("membership__user").order_by("membership_id")
    ]


def _snapshot(session: Session) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(session, f) for f in SESSION_FIELDS}
    values["date"] = session.date.isoformat()
    values["attendance"] = _attendance_text(session) if session.pk else []
    return values


def _write_attendance(
    session: Session, invited: Sequence[Membership], attended: Iterable[Membership]
) -> None:
    attended_ids = {m.pk for m in attended}
    invited_ids = {m.pk for m in invited}
    session.attendances.exclude(membership_id__in=invited_ids).delete()
    existing = {a.membership_id: a for a in session.attendances.all()}
    for member in invited:
        row = existing.get(member.pk)
        if row is None:
            SessionAttendance.objects.create(
                session=session, membership=member, attended=member.pk in attended_ids
            )
        elif row.attended != (member.pk in attended_ids):
            row.attended = member.pk in attended_ids
            row.save(update_fields=["attended"])


def _distinct(members: Iterable[Membership]) -> list[Membership]:
    seen: dict[int, Membership] = {}
    for m in members:
        seen.setdefault(m.pk, m)
    return list(seen.values())


@transaction.atomic
def session_create(
    *,
    acting_user: User,
    program: Program,
    date: dt.date,
    kind: str,
    topic: str,
    notes: str = "",
    invited: Iterable[Membership] = (),
    attended: Iterable[Membership] = (),
) -> Session:
    """Record a session with the SMEs invited and those who attended."""
    session = Session(program=program, date=date, kind=kind, topic=topic.strip(), notes=notes)
    policy.require(acting_user, "change", session)
    invited, attended = _distinct(invited), _distinct(attended)
    _check_session(
        program,
        date=date,
        kind=kind,
        topic=session.topic,
        notes=notes,
        invited=invited,
        attended=attended,
    )
    session.save()
    _write_attendance(session, invited, attended)
    after = _snapshot(session)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=session,
        changes={k: [None, v] for k, v in after.items() if v not in ("", [])},
    )
    return session


@transaction.atomic
def session_update(
    *,
    acting_user: User,
    session: Session,
    date: dt.date,
    kind: str,
    topic: str,
    notes: str = "",
    invited: Iterable[Membership] = (),
    attended: Iterable[Membership] = (),
) -> Session:
    """Change a session and its attendance as a whole (what is left out is no longer
    invited)."""
    session = Session.objects.select_for_update().select_related("program").get(pk=session.pk)
    policy.require(acting_user, "change", session)
    invited, attended = _distinct(invited), _distinct(attended)
    _check_session(
        session.program,
        date=date,
        kind=kind,
        topic=topic.strip(),
        notes=notes,
        invited=invited,
        attended=attended,
    )
    before = _snapshot(session)
    session.date, session.kind, session.topic, session.notes = date, kind, topic.strip(), notes
    session.save()
    _write_attendance(session, invited, attended)
    after = _snapshot(session)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        audit_record(
            acting_user=acting_user,
            program=session.program,
            action=AuditAction.UPDATE,
            target=session,
            changes=changes,
        )
    return session


@transaction.atomic
def session_delete(*, acting_user: User, session: Session) -> None:
    policy.require(acting_user, "change", session)
    before = _snapshot(session)
    audit_record(
        acting_user=acting_user,
        program=session.program,
        action=AuditAction.DELETE,
        target=session,
        changes={k: [v, None] for k, v in before.items() if v not in ("", [])},
    )
    session.delete()
