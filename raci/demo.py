"""The demo of the responsibilities area, on DRC Core HR (drc-hr): the PMO role agreement,
version 1, approved by both sponsors; a RACI matrix of 25 rows by 9 roles whose draft breaks
one rule (a row with no A) and draws one warning (a customer role accountable for a
provider-owned row), so a newcomer sees the checks; a Resource Management Plan draft; two
SME MOUs, one signed by its three signers and one awaiting the SME; and six Fit-Gap sessions
with attendance, one SME below their commitment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from programs.choices import OwningParty, Party, Role
from programs.models import DocumentVersion, Membership, Program
from programs.services import documents as document_services

from .definitions import RESOURCE_PLAN, ROLE_AGREEMENT
from .models import RaciColumn, RaciMatrix, RaciRow, RowKind, SessionKind
from .services import cells
from .services import matrix as matrix_services
from .services.mou import mou_create, session_create

HR = "drc-hr"

# Column keys of the seeded matrix, by party and role.
COLUMNS = {
    "cs": (Party.CUSTOMER, Role.EXECUTIVE_SPONSOR),
    "bo": (Party.CUSTOMER, Role.BUSINESS_OWNER),
    "cpm": (Party.CUSTOMER, Role.PROGRAM_MANAGER),
    "cpl": (Party.CUSTOMER, Role.PMO_LEAD),
    "ps": (Party.PROVIDER, Role.EXECUTIVE_SPONSOR),
    "ppm": (Party.PROVIDER, Role.PROGRAM_MANAGER),
    "ppl": (Party.PROVIDER, Role.PMO_LEAD),
    "pt": (Party.PROVIDER, Role.PMO_TEAM),
    "ivv": (Party.INDEPENDENT, Role.IVV_AGENT),
}

MIGRATION_DELIVERABLES = "Migration deliverables"
EXTRA_ROWS: tuple[tuple[str, str], ...] = (
    ("Fit-Gap analysis report", OwningParty.SHARED),
    ("Data conversion plan", OwningParty.PROVIDER),
    ("Interface control documents", OwningParty.PROVIDER),
    ("Training plan", OwningParty.SHARED),
    ("Cutover plan", OwningParty.SHARED),
    ("Lessons learned report", OwningParty.SHARED),
)

# Row title (start) to its codes: "A" one column, then R, C and I columns.
CODES: dict[str, dict[str, tuple[str, ...]]] = {
    "Onboard provider PMO": {"A": ("ps",), "R": ("ppl", "pt"), "C": ("cpl",), "I": ("cpm",)},
    "Update the Program Charter": {
        "A": ("cs",),
        "R": ("cpm", "ppm"),
        "C": ("ps", "bo"),
        "I": ("ivv",),
    },
    "Agree on the PMO role": {
        "A": ("cpm",),
        "R": ("cpl", "ppl"),
        "C": ("ppm",),
        "I": ("cs", "ps"),
    },
    "Document roles and responsibilities": {
        "A": ("ppm",),
        "R": ("ppl", "cpl"),
        "C": ("cpm",),
        "I": ("ivv",),
    },
    "Review the customer's IV&V plan": {
        "A": ("cpm",),
        "R": ("ivv", "cpl"),
        "C": ("ppm",),
        "I": ("cs",),
    },
    "Establish the Program Management Plan": {
        "A": ("ppm",),
        "R": ("ppl", "cpl"),
        "C": ("cpm",),
        "I": ("cs", "ps"),
    },
    "Develop the QASP": {"A": ("bo",), "R": ("cpm", "cpl"), "C": ("ppm",), "I": ("ivv",)},
    "Agree to the Integrated Master Schedule": {
        "A": ("cpm",),
        "R": ("ppl", "pt"),
        "C": ("cpl",),
        "I": ("cs", "ps"),
    },
    "Manage the schedule": {"A": ("ppm",), "R": ("pt", "cpl"), "C": ("cpm",), "I": ("ivv",)},
    "Schedule management": {"A": ("ppl",), "R": ("pt",), "C": ("cpl",), "I": ("cpm",)},
    "Risk and issue management": {"A": ("cpl",), "R": ("pt",), "C": ("ppl",), "I": ("ivv",)},
    # The warning: the customer's Program Manager accountable for a provider-owned report.
    "Weekly status report": {"A": ("cpm",), "R": ("ppl",), "C": ("cpl",), "I": ("cs",)},
    "Change control": {"A": ("cpm",), "R": ("ppl",), "C": ("ppm",), "I": ("ivv",)},
    "Financial reporting": {"A": ("cpl",), "R": ("cpm",), "C": ("ppm",), "I": ("bo",)},
    "Quality surveillance": {"A": ("bo",), "R": ("cpl",), "C": ("ppl",), "I": ("ivv",)},
    "Communications": {"A": ("cpl",), "R": ("pt",), "C": ("ppl",), "I": ("cs",)},
    "Onboarding of provider staff": {"A": ("ppl",), "R": ("pt",), "C": ("cpl",)},
    "Response to IV&V findings": {"A": ("ppm",), "R": ("ppl",), "C": ("ivv",), "I": ("cpm",)},
    "OMB status reporting": {"A": ("cpm",), "R": ("cpl",), "C": ("ppm",), "I": ("cs",)},
    "Fit-Gap analysis report": {"A": ("cpm",), "R": ("ppl",), "C": ("cpl",), "I": ("bo",)},
    # The error: no one is accountable for the data conversion plan yet.
    "Data conversion plan": {"R": ("pt",), "C": ("cpl",), "I": ("ivv",)},
    "Interface control documents": {"A": ("ppm",), "R": ("pt",), "C": ("cpl",)},
    "Training plan": {"A": ("cpl",), "R": ("pt",), "C": ("ppl",), "I": ("bo",)},
    "Cutover plan": {"A": ("ppm",), "R": ("ppl",), "C": ("cpm",), "I": ("cs", "ps")},
    "Lessons learned report": {"A": ("cpl",), "R": ("pt",), "C": ("ppl",), "I": ("ivv",)},
}

ROLE_AGREEMENT_SECTIONS = {
    "purpose": "DRC and FPSSC run one integrated PMO for the Core HR migration. This "
    "agreement puts in writing where each PMO sits in the governance, who decides what, and "
    "how the PMO functions split between the agency and the provider (Play 3.1, lesson 1).",
    "governance": "The Executive Steering Committee (both executive sponsors and the "
    "Business Owner) decides scope, budget and escalations. The Joint PMO (both Program "
    "Managers and PMO Leads) runs the program day to day. The Change Control Board decides "
    "changes to the agreed baseline. Both PMOs sit on every body (lesson 8).",
    "decision_rights": "- Program Managers decide within 5 working days of schedule float.\n"
    "- The Change Control Board decides changes up to 10 working days or $250,000.\n"
    "- Anything larger goes to the Executive Steering Committee within 10 working days.",
    "meeting_cadence": "Joint PMO weekly (Tuesday); Change Control Board weekly (Thursday); "
    "RAID review every two weeks; Executive Steering Committee monthly.",
    "collaboration": "The provider's PMO Lead and scheduler sit with the DRC PMO at DRC "
    "headquarters three days a week during Phase 3 (lesson 4). Both PMOs use this portal "
    "for the schedule, RAID log and reporting.",
    "goals": "One go-live for all 14,200 employees; PERSONA retired within 90 days of "
    "go-live; no payroll missed.",
    "migration_scope": "Personnel actions, benefits, time and attendance and payroll move to "
    "FPSSC. Position management and labour relations stay at DRC.",
    "close_out": "The program closes 90 days after go-live, after the first two quarterly "
    "payroll reconciliations and PERSONA's decommissioning; the lessons learned report is "
    "the last deliverable.",
}

PLAN_SECTIONS = {
    "staffing_approach": "Each party staffs its own PMO; the IV&V agent is contracted by "
    "DRC. Payroll and benefits SMEs take part under MOUs.",
    "acquisition_release": "New members get portal and network accounts within five working "
    "days; people leave the program through the PMO Lead, who removes their access the same "
    "day.",
    "training": "Portal and M3 training in the first week; Fit-Gap facilitation training for "
    "SMEs before the first session.",
    "resource_control": "Planned and actual FTE are compared monthly at the Joint PMO; a gap "
    "over 10% goes to the RAID log.",
}

MOU_CONTENT: dict[str, Any] = {
    "sections": {
        "purpose": "Formalise the SME's part in Fit-Gap sessions (Play 3.1, lesson 7).",
        "responsibilities": "Attend the Fit-Gap sessions of their area; review the gap "
        "register within three working days; sign off the area's to-be process.",
        "program_provides": "Backfill for two days a week; access to the Fit-Gap workspace.",
        "conditions": "Either signer may ask to change it; it ends with the period.",
    },
    "fields": {
        "hours_per_week": "6",
        "period_start": "2026-10-01",
        "period_end": "2027-03-31",
        "supervisor_title": "Branch Chief",
    },
    "tables": {"sessions": [{"kind": "fit_gap", "topic": "", "per_month": 3}]},
}

SESSIONS = (
    (dt.date(2026, 10, 6), "Personnel actions: hires and separations"),
    (dt.date(2026, 10, 13), "Payroll: earnings and deductions"),
    (dt.date(2026, 10, 20), "Benefits: enrolment and life events"),
    (dt.date(2026, 10, 27), "Time and attendance: leave"),
    (dt.date(2026, 11, 3), "Payroll: retro pay and corrections"),
    (dt.date(2026, 11, 10), "Benefits: open season"),
)
# Sessions (by index) the payroll SME missed: below their commitment.
MISSED_BY_PAYROLL_SME = {1, 3, 5}


def _member(program: Program, user: User) -> Membership:
    return Membership.objects.get(program=program, user=user)


def _seed_matrix(program: Program, users: dict[str, User]) -> RaciMatrix:
    pm = users["cust.pm"]
    matrix = matrix_services.matrix_get_or_create(program=program, acting_user=pm)
    group = matrix_services.group_create(
        acting_user=pm, matrix=matrix, title=MIGRATION_DELIVERABLES
    )
    for title, owner in EXTRA_ROWS:
        matrix_services.row_create(
            acting_user=pm,
            matrix=matrix,
            group=group,
            title=title,
            kind=RowKind.DELIVERABLE,
            owning_party=owner,
        )
    columns = {
        key: RaciColumn.objects.get(matrix=matrix, party=party, role=role, membership=None)
        for key, (party, role) in COLUMNS.items()
    }
    editors = {
        OwningParty.CUSTOMER: users["cust.pm"],
        OwningParty.PROVIDER: users["prov.pm"],
        OwningParty.SHARED: users["cust.pm"],
    }
    for row in RaciRow.objects.filter(matrix=matrix):
        codes = next(c for prefix, c in CODES.items() if row.title.startswith(prefix))
        edits = [
            cells.CellEdit(row, columns[key], code, 0)
            for code, keys in codes.items()
            for key in keys
        ]
        cells.cells_set(
            acting_user=editors[OwningParty(row.owning_party)],
            matrix=matrix,
            edits=edits,
            source="demo",
        )
    return matrix


def _fill(version: DocumentVersion, user: User, sections: dict[str, str]) -> DocumentVersion:
    content: dict[str, Any] = {**version.content, "sections": sections}
    return document_services.version_update_content(
        acting_user=user, version=version, content=content, base_revision=version.revision
    )


def _seed_role_agreement(program: Program, users: dict[str, User]) -> None:
    lead = users["cust.pmolead"]
    document = document_services.document_create(
        acting_user=lead, program=program, kind=ROLE_AGREEMENT
    )
    version = document.versions.get()
    content: dict[str, Any] = {**version.content, "sections": ROLE_AGREEMENT_SECTIONS}
    bodies = content["tables"]["governance_bodies"]
    bodies[0].update(
        chair="Margaret Okafor",
        customer_members="Margaret Okafor, Daniel Reyes",
        provider_members="Robert Lindqvist",
    )
    bodies[1].update(
        chair="Priya Natarajan",
        customer_members="Priya Natarajan, Thomas Becker",
        provider_members="Elena Vasquez, Kevin O'Brien",
    )
    bodies[2].update(
        chair="Elena Vasquez",
        customer_members="Priya Natarajan",
        provider_members="Elena Vasquez, Grace Kim",
    )
    version = document_services.version_update_content(
        acting_user=lead, version=version, content=content, base_revision=version.revision
    )
    version = document_services.version_submit(acting_user=lead, version=version)
    for sponsor in ("cust.sponsor", "prov.sponsor"):
        document_services.version_sign(acting_user=users[sponsor], version=version)


def _seed_resource_plan(program: Program, users: dict[str, User]) -> None:
    lead = users["cust.pmolead"]
    document = document_services.document_create(
        acting_user=lead, program=program, kind=RESOURCE_PLAN
    )
    _fill(document.versions.get(), lead, PLAN_SECTIONS)


def _seed_mous(program: Program, users: dict[str, User]) -> None:
    lead, other_pm = users["cust.pmolead"], _member(program, users["prov.pm"])
    for username, supervisor, topic in (
        ("cust.sme2", "Rosa Delgado", "Benefits administration"),
        ("cust.sme", "Alan Brooks", "Payroll"),
    ):
        content = {
            **MOU_CONTENT,
            "fields": {**MOU_CONTENT["fields"], "supervisor_name": supervisor},
            "tables": {"sessions": [{"kind": "fit_gap", "topic": topic, "per_month": 3}]},
        }
        document = mou_create(
            acting_user=lead,
            program=program,
            sme=_member(program, users[username]),
            other_pm=other_pm,
            content=content,
        )
        version = document_services.version_submit(
            acting_user=lead, version=document.versions.get()
        )
        signers = ["cust.sponsor", "prov.pm"] + ([username] if username == "cust.sme2" else [])
        for signer in signers:
            document_services.version_sign(acting_user=users[signer], version=version)


def _seed_sessions(program: Program, users: dict[str, User]) -> None:
    payroll, benefits = (_member(program, users[n]) for n in ("cust.sme", "cust.sme2"))
    for index, (day, topic) in enumerate(SESSIONS):
        session_create(
            acting_user=users["prov.pmolead"],
            program=program,
            date=day,
            kind=SessionKind.FIT_GAP,
            topic=topic,
            invited=[payroll, benefits],
            attended=[benefits] if index in MISSED_BY_PAYROLL_SME else [payroll, benefits],
        )


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for the programs it has just created."""
    program = programs.get(HR)
    if program is None or RaciMatrix.objects.filter(program=program).exists():
        return
    _seed_role_agreement(program, users)
    _seed_matrix(program, users)
    _seed_resource_plan(program, users)
    _seed_mous(program, users)
    _seed_sessions(program, users)
