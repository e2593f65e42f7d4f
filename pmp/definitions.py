"""The Program Management Plan (Play 3.1 activity 6) as a versioned document, shared by both
parties and signed by a signatory of each.

Lesson 5 of the play asks for one unified plan covering both parties' activities, tailored to
the program: the plan opens with its overview and a tailoring table (each of the seven
subsidiary plans, whether it applies and why), then the seven subsidiary plans of the play,
each a narrative and a table of the activities it commits each party to. Where the portal
holds a plan's data live, the plan cites it and freezes it into each version at review, so
the signatures cover it: the agreed IMS baseline, the program's risk scoring scheme, the
communications plan and the QASP's approved version (``pmp.plan.citations``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from programs.board import document_rule
from programs.choices import OwningParty
from programs.documents import Column, DocumentKind, Extras, FrozenPart, Section, Table
from programs.errors import DomainError, ErrorCode
from programs.models import DocumentVersion

from .plan import citations, extras
from .plan.template import (
    APPLIES_CHOICES,
    OWNER_CHOICES,
    PLAN_CHOICES,
    PLANS_BY_KEY,
    SUBSIDIARY_PLANS,
    initial_content,
)

PROGRAM_MANAGEMENT_PLAN = "program_management_plan"

ACTIVITY_COLUMNS = (
    Column("activity", "Activity"),
    Column("owner", "Owner", "choice", choices=OWNER_CHOICES),
    Column("frequency", "Frequency"),
    Column("artifact", "Artifact", required=False),
    Column("responsible", "Responsible role"),
)


def _check_tailoring(version: DocumentVersion) -> None:
    """Before review: the tailoring table says of each of the seven plans whether it applies,
    once; each plan that applies has its narrative and at least one activity."""
    content = version.content
    seen: dict[str, dict[str, Any]] = {}
    for row in content["tables"].get("tailoring", []):
        plan = PLANS_BY_KEY[row["plan"]]
        if plan.key in seen:
            raise DomainError(
                f"The tailoring table names the {plan.title.lower()} twice: keep one row.",
                code=ErrorCode.INVALID_CONTENT,
                field="tables.tailoring",
            )
        seen[plan.key] = row
    for plan in SUBSIDIARY_PLANS:
        row = seen.get(plan.key)
        if row is None:
            raise DomainError(
                f"The tailoring table does not say whether the {plan.title.lower()} applies: "
                "add its row with the reason.",
                code=ErrorCode.INVALID_CONTENT,
                field="tables.tailoring",
            )
        if row["applies"] != "yes":
            continue
        if not content["sections"].get(plan.section_key, "").strip():
            raise DomainError(
                f"The {plan.title.lower()} applies, so its section is required before the "
                "Program Management Plan goes into review.",
                code=ErrorCode.REQUIRED_SECTION_EMPTY,
                field=f"sections.{plan.section_key}",
            )
        if not content["tables"].get(plan.table_key):
            raise DomainError(
                f"The {plan.title.lower()} applies, so it lists at least one activity before "
                "the Program Management Plan goes into review.",
                code=ErrorCode.REQUIRED_SECTION_EMPTY,
                field=f"tables.{plan.table_key}",
            )


PROGRAM_MANAGEMENT_PLAN_KIND = DocumentKind(
    key=PROGRAM_MANAGEMENT_PLAN,
    name="Program Management Plan",
    owning_party=OwningParty.SHARED,
    activity_key="establish_pmp",
    sections=(
        Section(
            "overview",
            "Overview",
            "The program, what this plan governs and how both parties use and update it.",
        ),
        Section(
            "tailoring",
            "Tailoring",
            "One plan for both parties' activities, tailored to the program (lesson 5): "
            "what was tailored and why. The table below says which subsidiary plans apply.",
        ),
        # A subsidiary plan's section is required only when the tailoring table says it
        # applies (checked at review).
        *(Section(p.section_key, p.title, p.help_text, required=False) for p in SUBSIDIARY_PLANS),
    ),
    tables=(
        Table(
            "tailoring",
            "Tailoring: subsidiary plans",
            (
                Column("plan", "Subsidiary plan", "choice", choices=PLAN_CHOICES),
                Column("applies", "Applies", "choice", choices=APPLIES_CHOICES),
                Column("why", "Why"),
            ),
            min_rows=len(SUBSIDIARY_PLANS),
            section="tailoring",
        ),
        # Each subsidiary plan's activities under its narrative.
        *(
            Table(p.table_key, f"{p.title}: activities", ACTIVITY_COLUMNS, section=p.section_key)
            for p in SUBSIDIARY_PLANS
        ),
    ),
    frozen_parts=(
        FrozenPart(
            "schedule_baseline",
            "Schedule: the agreed IMS baseline",
            citations.agreed_baseline,
            citations.agreed_baseline_text,
            table=citations.agreed_baseline_table,
        ),
        FrozenPart(
            "risk_scheme",
            "Risk: the scoring scheme",
            citations.risk_scheme,
            citations.risk_scheme_text,
            table=citations.risk_scheme_table,
        ),
        FrozenPart(
            "communications",
            "Communications: the communications plan",
            citations.communications,
            citations.communications_text,
            table=citations.communications_table,
        ),
        FrozenPart(
            "qasp",
            "Quality: the approved QASP",
            citations.approved_qasp,
            citations.approved_qasp_text,
            table=citations.approved_qasp_table,
        ),
    ),
    extras=Extras(
        version_template="pmp/plan/version_part.html",
        export_template="pmp/plan/export_part.html",
        editor_template="pmp/plan/editor_part.html",
        context=extras.plan_context,
    ),
    submit_check=_check_tailoring,
    initial_content=initial_content,
    document_url=lambda d: reverse("pmp:plan:home", kwargs={"code": d.program.code}),
    version_url=lambda v: reverse(
        "pmp:plan:version", kwargs={"code": v.document.program.code, "number": v.number}
    ),
)

#: Activity 6 is done while a Program Management Plan version made in the current phase is
#: approved.
PROGRAM_MANAGEMENT_PLAN_RULE = document_rule(
    activity_key=PROGRAM_MANAGEMENT_PLAN_KIND.activity_key,
    kind=PROGRAM_MANAGEMENT_PLAN,
    evidence="the Program Management Plan",
)
