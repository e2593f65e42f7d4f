"""The notification kinds of the versioned documents (registered by ``programs``).

Who is told, per kind:
- a version put in review, and a version returned to draft: the members who review it,
  that is who may comment on it (members of the customer and the provider but viewers, and
  the IV&V agent);
- signatures voided: the signatories of the parties that sign the document and the people
  it names as signers, whose signatures are wanted again.
"""

from __future__ import annotations

from typing import Any

from ..choices import AuditAction, DocumentStatus, Party, Role
from ..models import AuditEvent, DocumentVersion, Membership
from .recipients import members
from .registry import NotificationKind, register_notification_kind, status_change

VERSION = "programs.documentversion"


def reviewers(event: AuditEvent, version: DocumentVersion) -> Any:
    program = version.document.program
    return members(program, parties=(Party.CUSTOMER, Party.PROVIDER)).exclude(
        memberships__program=program, memberships__role=Role.VIEWER
    ) | members(program, parties=(Party.INDEPENDENT,), roles=(Role.IVV_AGENT,))


def signers(event: AuditEvent, version: DocumentVersion) -> Any:
    document = version.document
    named = [n.user_id for n in document.named_signers.all()]
    signatory_ids = Membership.objects.filter(
        program=document.program, party__in=document.signing_parties, is_signatory=True
    ).values_list("user_id", flat=True)
    return members(document.program).filter(pk__in=[*signatory_ids, *named])


def _name(version: DocumentVersion) -> str:
    return f"{version.document.title} v{version.number}"


VERSION_IN_REVIEW = NotificationKind(
    key="version_in_review",
    label="A document version is put in review",
    model=VERSION,
    actions=frozenset({AuditAction.SUBMIT}),
    recipients=reviewers,
    title=lambda event, v: f"{_name(v)} is in review: comments and signatures are open",
)
VERSION_RETURNED = NotificationKind(
    key="version_returned_to_draft",
    label="A document version is returned to draft",
    model=VERSION,
    actions=frozenset({AuditAction.UPDATE}),
    applies=status_change(DocumentStatus.IN_REVIEW, DocumentStatus.DRAFT),
    recipients=reviewers,
    title=lambda event, v: f"{_name(v)} was returned to draft by {event.actor_name}",
)
SIGNATURES_VOIDED = NotificationKind(
    key="signatures_voided",
    label="Signatures on a document are voided",
    model=VERSION,
    actions=frozenset({AuditAction.VOID_SIGNATURES}),
    recipients=signers,
    title=lambda event, v: f"Signatures on {_name(v)} were voided",
)


def register() -> None:
    for kind in (VERSION_IN_REVIEW, VERSION_RETURNED, SIGNATURES_VOIDED):
        register_notification_kind(kind)
