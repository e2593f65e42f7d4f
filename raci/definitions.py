"""The PMO role agreement (Play 3.1 activity 3) and the Resource Management Plan (activity 4)
as versioned documents, shared by both parties and signed by a signatory of each.

The role agreement says where each PMO sits in the governance (lessons 3, 4 and 8) and splits
the PMO functions between the parties; the Resource Management Plan takes the RACI matrix and
the staffing with its named members into each version at review, so the signatures cover them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from programs.board import document_rule
from programs.choices import OwningParty, Party, Role
from programs.documents import Column, DocumentKind, Extras, FrozenPart, Section, Table
from programs.models import Document, DocumentVersion, Membership, Program

from . import plan_extras, rules, selectors

ROLE_AGREEMENT = "pmo_role_agreement"
RESOURCE_PLAN = "resource_management_plan"

#: The PMO functions a new role agreement splits between the parties (editable rows).
PMO_FUNCTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Schedule management",
        "Keeps the customer's tasks and milestones current; agrees the baseline.",
        "Maintains the Integrated Master Schedule and reports progress weekly.",
        "Change control of the agreed baseline.",
    ),
    (
        "Risk management",
        "Owns the customer's risks and mitigations.",
        "Owns the provider's risks and mitigations.",
        "One RAID log, reviewed every two weeks.",
    ),
    (
        "Status reporting",
        "Reports to OMB and the agency's executives.",
        "Reports expenditure to date and progress monthly.",
        "The monthly status report, signed by both PMOs.",
    ),
    (
        "Change control",
        "Chairs the change control board.",
        "Assesses the impact of each change request.",
        "Decides change requests at the board.",
    ),
    (
        "Financial reporting",
        "Tracks obligations and the interagency agreement.",
        "Submits the monthly expenditure report.",
        "Earned value review each month.",
    ),
    (
        "Quality",
        "Surveils the provider under the QASP.",
        "Answers corrective action requests.",
        "",
    ),
    (
        "Communications",
        "Communicates with the agency's stakeholders.",
        "Communicates with the provider's teams.",
        "The communications plan and one action-item list.",
    ),
    (
        "Onboarding",
        "Gives the provider's PMO access and introductions.",
        "Onboards its PMO staff.",
        "",
    ),
)

#: The joint bodies of the governance a new role agreement starts from (lesson 8).
JOINT_BODIES: tuple[tuple[str, str, str], ...] = (
    (
        "Executive Steering Committee",
        "Decides scope, budget and escalated issues.",
        "Monthly",
    ),
    ("Joint PMO", "Runs the program day to day: schedule, RAID, reporting.", "Weekly"),
    ("Change Control Board", "Decides change requests to the agreed baseline.", "Weekly"),
)

ROLE_AGREEMENT_KIND = DocumentKind(
    key=ROLE_AGREEMENT,
    name="PMO Role Agreement",
    owning_party=OwningParty.SHARED,
    activity_key="agree_pmo_role",
    sections=(
        Section("purpose", "Purpose", "Why the two PMOs agree their roles in writing."),
        Section(
            "governance",
            "Governance structure",
            "The governance bodies and where each party's PMO sits in them.",
        ),
        Section(
            "decision_rights",
            "Decision rights and escalation path",
            "Who decides what, and how an issue rises when it cannot be settled.",
        ),
        Section("meeting_cadence", "Meeting cadence", "Which meetings, how often, who attends."),
        Section(
            "collaboration",
            "Co-location and collaboration",
            "Where the teams sit and work together; the tools they share (lesson 4).",
        ),
        Section(
            "goals",
            "Goals agreed early",
            "The program's goals as both parties understand them (lesson 3).",
        ),
        Section(
            "migration_scope",
            "Processes and systems migrating",
            "What moves to the provider and what stays with the agency (lesson 3).",
        ),
        Section("close_out", "Program close-out", "How and when the program ends (lesson 3)."),
    ),
    tables=(
        Table(
            "governance_bodies",
            "Joint governance bodies",
            (
                Column("body", "Body"),
                Column("purpose", "Purpose and decisions"),
                Column("chair", "Chair", required=False),
                Column("customer_members", "Customer members", required=False),
                Column("provider_members", "Provider members", required=False),
                Column("cadence", "Cadence"),
            ),
            min_rows=1,
        ),
        Table(
            "responsibility_split",
            "Responsibility split",
            (
                Column("function", "PMO function"),
                Column("customer", "Customer does", required=False),
                Column("provider", "Provider does", required=False),
                Column("joint", "Joint", required=False),
            ),
            min_rows=1,
        ),
    ),
    initial_content=lambda program: {
        "tables": {
            "governance_bodies": [
                {"body": body, "purpose": purpose, "cadence": cadence}
                for body, purpose, cadence in JOINT_BODIES
            ],
            "responsibility_split": [
                {"function": f, "customer": c, "provider": p, "joint": j}
                for f, c, p, j in PMO_FUNCTIONS
            ],
        }
    },
    document_url=lambda d: reverse("raci:role-agreement:home", kwargs={"code": d.program.code}),
    version_url=lambda v: reverse(
        "raci:role-agreement:version",
        kwargs={"code": v.document.program.code, "number": v.number},
    ),
)

#: Activity 3 is done while a role agreement version made in the current phase is approved.
ROLE_AGREEMENT_RULE = document_rule(
    activity_key=ROLE_AGREEMENT_KIND.activity_key,
    kind=ROLE_AGREEMENT,
    evidence="the PMO Role Agreement",
)


# -- the Resource Management Plan -------------------------------------------------------------

PARTY_CHOICES = tuple((p.value, str(p.label)) for p in (Party.CUSTOMER, Party.PROVIDER))
ROLE_CHOICES = tuple((r.value, str(r.label)) for r in Role)

#: Authority, responsibility and competence of each role, as a new plan states them.
ROLE_DESCRIPTIONS: dict[str, tuple[str, str, str]] = {
    Role.EXECUTIVE_SPONSOR: (
        "Signs the charter, plans and baselines for the party.",
        "Sets direction, removes obstacles, decides escalated issues.",
        "Senior executive of the party.",
    ),
    Role.BUSINESS_OWNER: (
        "Signs customer artifacts (the QASP).",
        "Owns the business outcome and the service metrics.",
        "Leads the business line that migrates.",
    ),
    Role.PROGRAM_MANAGER: (
        "Approves schedule changes; edits the party's and shared artifacts.",
        "Runs the program for the party.",
        "Certified program manager (FAC-P/PM or equivalent).",
    ),
    Role.PMO_LEAD: (
        "Manages the party's PMO members; edits artifacts; builds reports.",
        "Leads the party's PMO processes.",
        "Experienced PMO practitioner.",
    ),
    Role.PMO_TEAM: (
        "Edits tasks, risks and measurements.",
        "Day-to-day PMO work.",
        "Scheduling, risk and reporting skills.",
    ),
    Role.SME: (
        "Advises within the MOU.",
        "Takes part in Fit-Gap and design sessions under an MOU.",
        "Knows the processes and systems that migrate.",
    ),
}


def fiscal_year_of(day: dt.date) -> int:
    """The federal fiscal year of ``day`` (October to September)."""
    return day.year + 1 if day.month >= 10 else day.year


def _initial_plan(program: Program) -> dict[str, Any]:
    """Roles and a staffing line per party and role the program's members hold, for the
    current fiscal year, with today's head count as the planned FTE of each quarter."""
    counts: dict[tuple[str, str], int] = {}
    for party, role in Membership.objects.filter(
        program=program, party__in=[Party.CUSTOMER, Party.PROVIDER]
    ).values_list("party", "role"):
        counts[(party, role)] = counts.get((party, role), 0) + 1
    ordered = sorted(counts, key=lambda pr: (pr[0], list(Role.values).index(pr[1])))
    year = fiscal_year_of(dt.date.today())
    return {
        "tables": {
            "roles": [
                {
                    "party": party,
                    "role": role,
                    "authority": ROLE_DESCRIPTIONS[role][0],
                    "responsibility": ROLE_DESCRIPTIONS[role][1],
                    "competence": ROLE_DESCRIPTIONS[role][2],
                }
                for party, role in ordered
                if role in ROLE_DESCRIPTIONS
            ],
            "staffing": [
                {"party": party, "role": role, "fiscal_year": f"FY{year}"}
                | {q: str(counts[(party, role)]) for q in ("q1", "q2", "q3", "q4")}
                for party, role in ordered
            ],
        }
    }


def _named_members(document: Document) -> dict[str, list[str]]:
    """The members holding each party's role, by ``party/role``, as the plan freezes them."""
    named: dict[str, list[str]] = {}
    members = Membership.objects.filter(program=document.program).select_related("user")
    for m in members.order_by("party", "role", "user__last_name", "user__username"):
        named.setdefault(f"{m.party}/{m.role}", []).append(m.display_name)
    return named


def _named_members_text(named: dict[str, list[str]]) -> str:
    lines = []
    for key, names in sorted(named.items()):
        party, role = key.split("/")
        lines.append(f"{Party(party).label} {Role(role).label}: {', '.join(names)}")
    return "\n".join(lines)


def _matrix(document: Document) -> dict[str, Any]:
    return selectors.matrix_snapshot(document.program)


def _matrix_text(snapshot: dict[str, Any]) -> str:
    return "\n".join(rules.snapshot_lines(snapshot))


def _no_rule_errors(version: DocumentVersion) -> None:
    selectors.refuse_review_on_rule_errors(version.document.program)


RESOURCE_PLAN_KIND = DocumentKind(
    key=RESOURCE_PLAN,
    name="Resource Management Plan",
    owning_party=OwningParty.SHARED,
    activity_key="document_raci",
    sections=(
        Section(
            "staffing_approach",
            "Staffing approach",
            "How each party staffs its PMO and the program's teams.",
        ),
        Section(
            "acquisition_release",
            "Acquisition and release of people",
            "How people join (clearances, accounts, onboarding) and leave the program.",
        ),
        Section("training", "Training", "What each role learns, and when."),
        Section(
            "resource_control",
            "Resource control",
            "How planned and actual staffing are compared and gaps escalated.",
        ),
    ),
    tables=(
        Table(
            "roles",
            "Roles: authority, responsibility and competence",
            (
                Column("party", "Party", "choice", choices=PARTY_CHOICES),
                Column("role", "Role", "choice", choices=ROLE_CHOICES),
                Column("authority", "Authority"),
                Column("responsibility", "Responsibility"),
                Column("competence", "Competence", required=False),
            ),
            min_rows=1,
        ),
        Table(
            "staffing",
            "Staffing: planned FTE per quarter",
            (
                Column("party", "Party", "choice", choices=PARTY_CHOICES),
                Column("role", "Role", "choice", choices=ROLE_CHOICES),
                Column("fiscal_year", "Fiscal year"),
                Column("q1", "Q1 FTE (Oct-Dec)", "decimal", required=False),
                Column("q2", "Q2 FTE (Jan-Mar)", "decimal", required=False),
                Column("q3", "Q3 FTE (Apr-Jun)", "decimal", required=False),
                Column("q4", "Q4 FTE (Jul-Sep)", "decimal", required=False),
            ),
            min_rows=1,
        ),
    ),
    frozen_parts=(
        FrozenPart("raci", "RACI matrix", _matrix, _matrix_text, table=plan_extras.matrix_table),
        FrozenPart(
            "named_members",
            "Named members",
            _named_members,
            _named_members_text,
            table=plan_extras.named_members_table,
        ),
    ),
    extras=Extras(
        version_template="raci/plan_version_part.html",
        export_template="raci/plan_export_part.html",
        editor_template="raci/plan_editor_part.html",
        context=plan_extras.plan_context,
    ),
    submit_check=_no_rule_errors,
    initial_content=_initial_plan,
    document_url=lambda d: reverse("raci:resource-plan:home", kwargs={"code": d.program.code}),
    version_url=lambda v: reverse(
        "raci:resource-plan:version",
        kwargs={"code": v.document.program.code, "number": v.number},
    ),
)

#: Activity 4 is done while a Resource Management Plan version made in the current phase is
#: approved.
RESOURCE_PLAN_RULE = document_rule(
    activity_key=RESOURCE_PLAN_KIND.activity_key,
    kind=RESOURCE_PLAN,
    evidence="the Resource Management Plan",
    links=lambda program: [("RACI matrix", reverse("raci:matrix", kwargs={"code": program.code}))],
    note=selectors.board_summary,
)
