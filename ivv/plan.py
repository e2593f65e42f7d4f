"""The IV&V plan as a versioned document (Play 3.1, activity 5): the customer's plan, in the
sections of IEEE 1012, with its integrity-level scheme and its V&V activities by life-cycle
stage as typed tables. Both parties (and the IV&V agent) review it with comments; the
customer signs it. Activity 5 is done while a version made in the program's current phase is
approved with every comment on it dispositioned."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from programs.board import ArtifactRule
from programs.choices import ActivityStatus, DocumentStatus, OwningParty
from programs.documents import Column, DocumentKind, Section, Table
from programs.models import Document, DocumentVersion, Program

IVV_PLAN = "ivv_plan"

INTEGRITY_LEVELS = (
    ("4", "4: high (grave consequences)"),
    ("3", "3: major"),
    ("2", "2: moderate"),
    ("1", "1: low (negligible consequences)"),
)

#: The life-cycle stages of IEEE 1012 a V&V activity belongs to.
STAGES = (
    ("acquisition", "Acquisition"),
    ("concept", "Concept"),
    ("requirements", "Requirements"),
    ("design", "Design"),
    ("implementation", "Implementation"),
    ("test", "Test"),
    ("installation", "Installation and checkout"),
    ("operation", "Operation"),
    ("maintenance", "Maintenance"),
    ("disposal", "Disposal"),
)

#: The integrity-level scheme a new plan starts from (IEEE 1012's four levels).
SEEDED_LEVELS: tuple[tuple[str, str, str, str], ...] = (
    (
        "4",
        "Grave: loss of pay or benefits for employees, a breach of personal data, a missed "
        "legal deadline.",
        "Probable or occasional",
        "Independent V&V of every requirement, design element, interface and test; witness "
        "of the migration rehearsals and cutover.",
    ),
    (
        "3",
        "Major: a business process stops for more than a day; a large manual workaround.",
        "Occasional",
        "Independent review of requirements, design and test results; sample of interfaces.",
    ),
    (
        "2",
        "Moderate: a workaround exists; a report or interface is late.",
        "Remote",
        "Review of test results and of the traceability matrix.",
    ),
    (
        "1",
        "Negligible: cosmetic or convenience.",
        "Improbable",
        "Review on request.",
    ),
)


def _initial_content(program: Program) -> dict[str, Any]:
    return {
        "tables": {
            "integrity_levels": [
                {"level": level, "consequence": c, "likelihood": lk, "demands": d}
                for level, c, lk, d in SEEDED_LEVELS
            ]
        }
    }


IVV_PLAN_KIND = DocumentKind(
    key=IVV_PLAN,
    name="IV&V Plan",
    owning_party=OwningParty.CUSTOMER,
    activity_key="review_ivv_plan",
    sections=(
        Section("purpose", "Purpose", "Why the program has independent V&V and what it covers."),
        Section("references", "References", "Standards and documents the plan relies on."),
        Section("definitions", "Definitions", "Terms and abbreviations.", required=False),
        Section(
            "organisation",
            "Organisation",
            "The IV&V agent's independence (technical, managerial, financial) and its lines "
            "of reporting to both parties.",
        ),
        Section("schedule", "Master schedule", "When the V&V activities happen, against the IMS."),
        Section(
            "integrity_scheme",
            "Integrity-level scheme",
            "How integrity levels are assigned (the table below lists them).",
        ),
        Section("resources", "Resources", "People, skills, environments and data the IV&V needs."),
        Section(
            "responsibilities",
            "Responsibilities",
            "What the customer, the provider and the IV&V agent each do.",
        ),
        Section("tools", "Tools, techniques and methods", required=False),
        Section(
            "reporting",
            "Reporting",
            "Findings, monthly reports and the assessments the IV&V agent delivers.",
        ),
        Section(
            "anomaly_handling",
            "Anomaly resolution and reporting",
            "How findings are raised, answered, tracked and closed.",
        ),
        Section("documentation", "V&V documentation", "What is kept, where, and for how long."),
    ),
    tables=(
        Table(
            "integrity_levels",
            "Integrity levels",
            (
                Column("level", "Level", "choice", choices=INTEGRITY_LEVELS),
                Column("consequence", "Consequence"),
                Column("likelihood", "Likelihood"),
                Column("demands", "What it demands of V&V"),
            ),
            min_rows=1,
        ),
        Table(
            "activities",
            "V&V activities by life-cycle stage",
            (
                Column("activity", "Activity"),
                Column("stage", "Life-cycle stage", "choice", choices=STAGES),
                Column("integrity_level", "Integrity level", "choice", choices=INTEGRITY_LEVELS),
                Column("method", "Method"),
                Column("artifacts", "Artifacts reviewed", required=False),
                Column("start", "Planned start", "date", required=False),
                Column("finish", "Planned finish", "date", required=False),
            ),
            min_rows=1,
        ),
    ),
    initial_content=_initial_content,
    document_url=lambda d: reverse("ivv:plan:home", kwargs={"code": d.program.code}),
    version_url=lambda v: reverse(
        "ivv:plan:version", kwargs={"code": v.document.program.code, "number": v.number}
    ),
)


def _all_dispositioned(version: DocumentVersion) -> bool:
    from programs.services.reviews import all_dispositioned

    return all_dispositioned(version)


def plan_status(program: Program) -> str:
    """Activity 5: done while a version made in the current phase is approved with every
    comment on it dispositioned; in progress while the plan exists; not started before."""
    approved = DocumentVersion.objects.filter(
        document__program=program,
        document__kind=IVV_PLAN,
        status=DocumentStatus.APPROVED,
        phase=program.phase,
    )
    if any(_all_dispositioned(v) for v in approved):
        return ActivityStatus.DONE
    if Document.objects.filter(program=program, kind=IVV_PLAN).exists():
        return ActivityStatus.IN_PROGRESS
    return ActivityStatus.NOT_STARTED


def _findings_note(program: Program) -> str:
    from .selectors import board_note

    return board_note(program)


IVV_PLAN_RULE = ArtifactRule(
    activity_key=IVV_PLAN_KIND.activity_key,
    evidence="the IV&V Plan, approved with every comment dispositioned",
    derive=plan_status,
    links=lambda program: [
        ("IV&V findings", reverse("ivv:register", kwargs={"code": program.code}))
    ],
    note=_findings_note,
)
