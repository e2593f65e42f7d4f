"""The exit criteria of the Phase 3 progress review (formerly the "tollgate"), as data.

Each criterion names the artifacts it needs; a criterion is met when every one of its
artifacts is ready. Each artifact says how its state is read from the portal (``read``, a
rule of ``states``) and how the review package carries it (``export``). The order here is
the order of the readiness table and of the package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from charter.definition import CHARTER
from ivv.plan import IVV_PLAN
from pmp.definitions import PROGRAM_MANAGEMENT_PLAN
from qasp.standards import QASP
from raci.definitions import RESOURCE_PLAN, ROLE_AGREEMENT

from . import states

if TYPE_CHECKING:
    from .sources import Sources
    from .states import ArtifactState

#: How the package carries an artifact: the approved version of a versioned document, an
#: existing PDF export of the app, or a page the package writes itself.
Export = Literal[
    "document", "schedule", "status_report", "raid_log", "change_log", "governance", "lessons"
]


@dataclass(frozen=True)
class Artifact:
    key: str
    #: As a heading: "Program Management Plan".
    name: str
    #: As the subject of a sentence: "The PMP".
    subject: str
    read: Callable[[Sources, Artifact], ArtifactState] = field(compare=False)
    export: Export
    #: The versioned document kind, for document artifacts.
    kind: str = ""


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    #: What meeting it takes, in words.
    rule: str
    artifacts: tuple[str, ...]


def _document(key: str, kind: str, name: str, subject: str) -> Artifact:
    return Artifact(key, name, subject, states.document_state, "document", kind)


ARTIFACTS: tuple[Artifact, ...] = (
    _document("charter", CHARTER, "Program Charter", "The Program Charter"),
    _document("role_agreement", ROLE_AGREEMENT, "PMO Role Agreement", "The PMO role agreement"),
    _document(
        "resource_plan",
        RESOURCE_PLAN,
        "Resource Management Plan (RACI)",
        "The Resource Management Plan",
    ),
    _document("pmp", PROGRAM_MANAGEMENT_PLAN, "Program Management Plan", "The PMP"),
    Artifact(
        "governance",
        "Governance bodies",
        "The governance structure",
        states.governance_state,
        "governance",
    ),
    Artifact(
        "ims",
        "Integrated Master Schedule",
        "The Integrated Master Schedule",
        states.schedule_state,
        "schedule",
    ),
    _document("ivv_plan", IVV_PLAN, "IV&V Plan", "The IV&V plan"),
    _document("qasp", QASP, "Quality Assurance Surveillance Plan", "The QASP"),
    Artifact(
        "status_report",
        "Status report",
        "Status reporting",
        states.status_report_state,
        "status_report",
    ),
    Artifact(
        "change_log",
        "Change request log",
        "The change request log",
        states.change_log_state,
        "change_log",
    ),
    Artifact("raid_log", "RAID log", "The RAID log", states.raid_log_state, "raid_log"),
    Artifact(
        "lessons",
        "Lessons-learned report",
        "The lessons-learned report",
        states.lessons_state,
        "lessons",
    ),
)

ARTIFACTS_BY_KEY = {artifact.key: artifact for artifact in ARTIFACTS}

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "charter_updated",
        "Charter updated for scope and timeline",
        "The integrated Program Charter has an approved version.",
        ("charter",),
    ),
    Criterion(
        "roles_agreed",
        "Roles agreed",
        "The PMO role agreement and the Resource Management Plan with its RACI are approved.",
        ("role_agreement", "resource_plan"),
    ),
    Criterion(
        "pmo_integrated",
        "PMO and governance processes integrated",
        "The Program Management Plan is approved and every governance body has members of "
        "both parties.",
        ("pmp", "governance"),
    ),
    Criterion(
        "ims_agreed",
        "IMS drafted and agreed",
        "The Integrated Master Schedule has a baseline both parties agreed.",
        ("ims",),
    ),
    Criterion(
        "ivv_reviewed",
        "IV&V plan reviewed",
        "The IV&V plan has an approved version after its review.",
        ("ivv_plan",),
    ),
    Criterion(
        "qasp_approved",
        "QASP approved",
        "The customer's QASP has an approved version.",
        ("qasp",),
    ),
    Criterion(
        "status_reporting",
        "Status reporting running",
        "A status report of the last ended reporting period (or a later one) is released.",
        ("status_report",),
    ),
    Criterion(
        "change_and_raid",
        "Change control and RAID in use",
        "The schedule is under change control (an agreed baseline) and the RAID log is kept "
        "up to date within the risk review interval.",
        ("change_log", "raid_log"),
    ),
    Criterion(
        "lessons_recorded",
        "Lessons learned recorded",
        "A lessons-learned report is approved.",
        ("lessons",),
    ),
)
