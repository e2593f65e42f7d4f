"""The root of everything: organisations, programs, memberships, the Play 3.1 board,
provider onboarding, the shared glossary, versioned documents with sign-off, audit events,
background jobs with progress, and files attached to register rows.

Every program-owned model names, for the access policy, the path to its Program and the party
that owns it (``policy_program_field`` and ``policy_owning_party`` or
``policy_owning_party_field``); see ``programs.policy``.
"""

from .attachments import Attachable, Attachment, attachment_path
from .audit import AuditEvent
from .board import GlossaryAcceptance, GlossaryTerm, OnboardingItem, PlayActivity
from .core import Membership, Organisation, Program, person_name
from .documents import Document, DocumentVersion, NamedSigner, Signature
from .jobs import IdempotencyKey, Job
from .notifications import (
    DigestFrequency,
    DigestPreference,
    Notification,
    NotificationDelivery,
    NotificationPreference,
)
from .registers import RegisterCounter
from .reviews import ReviewComment

__all__ = [
    "Attachable",
    "Attachment",
    "AuditEvent",
    "DigestFrequency",
    "DigestPreference",
    "Document",
    "DocumentVersion",
    "GlossaryAcceptance",
    "GlossaryTerm",
    "IdempotencyKey",
    "Job",
    "Membership",
    "NamedSigner",
    "Notification",
    "NotificationDelivery",
    "NotificationPreference",
    "OnboardingItem",
    "Organisation",
    "PlayActivity",
    "Program",
    "RegisterCounter",
    "ReviewComment",
    "Signature",
    "attachment_path",
    "person_name",
]
