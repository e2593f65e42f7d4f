"""The Program Charter as a versioned document (Play 3.1, activity 2)."""

from __future__ import annotations

from django.urls import reverse

from programs.board import document_rule
from programs.choices import OwningParty
from programs.documents import Column, DocumentKind, Field, Section, Table

CHARTER = "charter"

CHARTER_KIND = DocumentKind(
    key=CHARTER,
    name="Program Charter",
    owning_party=OwningParty.SHARED,
    activity_key="update_program_charter",
    sections=(
        Section("purpose", "Purpose and vision", "Why the program exists and the end state."),
        Section(
            "justification",
            "Justification and business case",
            "The problem, the options considered, and the expected benefits.",
        ),
        Section(
            "objectives",
            "Objectives and success criteria",
            "Each objective with a measurable success criterion.",
        ),
        Section("scope_in", "Scope: in", "What the program delivers."),
        Section("scope_out", "Scope: out", "What it explicitly does not."),
        Section(
            "governance",
            "Governance and decision authority",
            "Boards, who decides what, and how issues escalate.",
        ),
        Section(
            "budget_narrative", "Budget", "How the budget is phased and controlled.", required=False
        ),
        Section("assumptions", "Assumptions"),
        Section("constraints", "Constraints"),
        Section("risks", "Initial risks", "The risks known at chartering, with owners."),
    ),
    fields=(
        Field("budget", "Budget (USD)", "money", help_text="Total budget at completion."),
        Field(
            "funding_source",
            "Funding source",
            "text",
            help_text="Appropriation, working capital fund, reimbursable agreement, ...",
        ),
    ),
    tables=(
        Table(
            "milestones",
            "Milestones",
            (Column("name", "Milestone"), Column("planned_date", "Planned date", "date")),
            min_rows=1,
        ),
    ),
    includes_stakeholders=True,
    document_url=lambda d: reverse("charter:charter", kwargs={"code": d.program.code}),
    version_url=lambda v: reverse(
        "charter:version", kwargs={"code": v.document.program.code, "number": v.number}
    ),
)

#: Activity 2 is done while a charter version made in the program's current phase is approved.
CHARTER_RULE = document_rule(
    activity_key=CHARTER_KIND.activity_key, kind=CHARTER, evidence="the Program Charter"
)
