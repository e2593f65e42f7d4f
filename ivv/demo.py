"""The demo of the IV&V area, on DRC Core HR (drc-hr): the IV&V plan, version 1 approved in
Phase 2 and version 2 in review with comments of both parties and the IV&V agent in several
dispositions (one critical still without one, so it cannot be approved yet); fifteen findings
across every state of their life cycle, two of them overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from programs import limits
from programs.choices import CommentType, Disposition, M3Phase, Party
from programs.models import DocumentVersion, Membership, Program
from programs.services import documents as document_services
from programs.services import reviews as review_services
from programs.services.attachments import attachment_add

from . import services
from .choices import FindingCategory, FindingResponse, FindingSource
from .models import CLOSURE_EVIDENCE, Finding
from .plan import IVV_PLAN

HR = "drc-hr"

PLAN_SECTIONS = {
    "purpose": "Independent verification and validation of the migration of DRC's core HR "
    "(personnel actions, benefits, time and attendance, payroll) to FPSSC, reporting to both "
    "executive sponsors.",
    "references": "IEEE 1012-2016; the M3 Playbook; the DRC Core HR Program Charter; the "
    "interagency agreement with FPSSC.",
    "organisation": "Meridian IV&V is contracted by DRC and independent of FPSSC "
    "technically, managerially and financially. It reports monthly to the Executive Steering "
    "Committee and files findings in the portal.",
    "schedule": "V&V activities follow the Integrated Master Schedule: requirements and "
    "Fit-Gap in Phase 3, design and data conversion in Phase 4, rehearsals and cutover "
    "before go-live.",
    "integrity_scheme": "Each HR function is given the integrity level of its worst credible "
    "failure; payroll and benefits are level 4.",
    "resources": "Two analysts full time, a data specialist from Phase 4; read access to "
    "the portal and the provider's test environments.",
    "responsibilities": "DRC owns this plan and answers customer findings; FPSSC answers "
    "provider findings; Meridian plans, performs and reports the V&V.",
    "reporting": "Findings in the portal within two working days of discovery; a monthly "
    "assessment on a five-point scale.",
    "anomaly_handling": "Each finding is answered within the days its severity allows, "
    "tracked to closure, and closed only after Meridian verifies the evidence.",
    "documentation": "Plans, reports and evidence are kept in the portal for the life of the "
    "program and six years after.",
}

ACTIVITIES = [
    {
        "activity": "Requirements traceability review",
        "stage": "requirements",
        "integrity_level": "4",
        "method": "Inspection",
        "artifacts": "Fit-Gap register, requirements matrix",
        "start": "2026-10-01",
        "finish": "2026-12-18",
    },
    {
        "activity": "Data conversion validation",
        "stage": "implementation",
        "integrity_level": "4",
        "method": "Analysis and sampling",
        "artifacts": "Conversion mappings, mock conversion results",
        "start": "2027-02-01",
        "finish": "2027-06-30",
    },
    {
        "activity": "Cutover rehearsal witness",
        "stage": "installation",
        "integrity_level": "4",
        "method": "Demonstration",
        "artifacts": "Cutover plan, rehearsal logs",
        "start": "2027-08-02",
        "finish": "2027-09-24",
    },
]

# (username, anchor, type, text, disposition or None, rationale)
COMMENTS: tuple[tuple[str, str, str, str, str | None, str], ...] = (
    (
        "ivv.agent",
        "tables.activities",
        CommentType.CRITICAL,
        "No V&V of the payroll parallel runs: a level-4 function without independent "
        "validation before go-live.",
        None,
        "",
    ),
    (
        "prov.pmolead",
        "sections.schedule",
        CommentType.SUBSTANTIVE,
        "Tie the rehearsal witness to the IMS milestones by name.",
        Disposition.ACCEPTED,
        "",
    ),
    (
        "cust.team",
        "sections.references",
        CommentType.EDITORIAL,
        "Cite the 2016 edition of IEEE 1012 throughout.",
        Disposition.ACCEPTED_WITH_MODIFICATION,
        "Cited once in References; the other sections refer to it.",
    ),
    (
        "prov.pm",
        "sections.resources",
        CommentType.SUBSTANTIVE,
        "Read access to production payroll data is not possible before the ATO.",
        Disposition.REJECTED,
        "The plan asks for test environments only; no production access is requested.",
    ),
    (
        "ivv.agent",
        "sections.reporting",
        CommentType.SUBSTANTIVE,
        "Add a quarterly assessment for OMB reporting.",
        Disposition.DEFERRED,
        "",
    ),
)

# (title, source, category, severity, party, concerns, state)
FINDINGS: tuple[tuple[str, str, str, int, str, str, str], ...] = (
    (
        "Payroll parallel runs not planned",
        FindingSource.ARTIFACT,
        FindingCategory.TESTING,
        1,
        Party.PROVIDER,
        "IMS: test phase",
        "open",
    ),
    (
        "Conversion mappings lack owners",
        FindingSource.REVIEW,
        FindingCategory.DATA,
        2,
        Party.PROVIDER,
        "Data conversion plan",
        "open_overdue",
    ),
    (
        "Fit-Gap decisions not recorded for benefits",
        FindingSource.INTERVIEW,
        FindingCategory.REQUIREMENTS,
        3,
        Party.CUSTOMER,
        "Fit-Gap sessions",
        "open",
    ),
    (
        "Schedule has tasks without successors",
        FindingSource.ARTIFACT,
        FindingCategory.SCHEDULE,
        3,
        Party.PROVIDER,
        "IMS",
        "answered",
    ),
    (
        "Change requests decided without impact analysis",
        FindingSource.REVIEW,
        FindingCategory.GOVERNANCE,
        2,
        Party.CUSTOMER,
        "Change control",
        "answered_overdue",
    ),
    (
        "Training plan omits supervisors",
        FindingSource.ARTIFACT,
        FindingCategory.ORGANISATIONAL_CHANGE,
        4,
        Party.CUSTOMER,
        "Training plan",
        "answered",
    ),
    (
        "Interface specifications out of date",
        FindingSource.ARTIFACT,
        FindingCategory.DESIGN,
        3,
        Party.PROVIDER,
        "Interface control documents",
        "in_progress",
    ),
    (
        "No rollback criteria for cutover",
        FindingSource.REVIEW,
        FindingCategory.TESTING,
        2,
        Party.PROVIDER,
        "Cutover plan",
        "in_progress",
    ),
    (
        "Privacy impact assessment not updated",
        FindingSource.ARTIFACT,
        FindingCategory.SECURITY,
        2,
        Party.CUSTOMER,
        "PIA",
        "closure_proposed",
    ),
    (
        "Risk register not reviewed every two weeks",
        FindingSource.REVIEW,
        FindingCategory.GOVERNANCE,
        3,
        Party.PROVIDER,
        "RAID log",
        "closure_proposed",
    ),
    (
        "Status report omits expenditure",
        FindingSource.ARTIFACT,
        FindingCategory.COST,
        3,
        Party.PROVIDER,
        "Weekly status report",
        "closed",
    ),
    (
        "Glossary terms disagree with the charter",
        FindingSource.ARTIFACT,
        FindingCategory.OTHER,
        5,
        Party.CUSTOMER,
        "Glossary",
        "closed",
    ),
    (
        "Test environment refresh takes three weeks",
        FindingSource.TEST,
        FindingCategory.TESTING,
        4,
        Party.PROVIDER,
        "Test environments",
        "closed",
    ),
    (
        "Legacy reports not inventoried",
        FindingSource.INTERVIEW,
        FindingCategory.REQUIREMENTS,
        4,
        Party.CUSTOMER,
        "Report inventory",
        "accepted_risk",
    ),
    (
        "Single SME for payroll rules",
        FindingSource.INTERVIEW,
        FindingCategory.ORGANISATIONAL_CHANGE,
        3,
        Party.CUSTOMER,
        "SME MOUs",
        "non_concur",
    ),
)

EVIDENCE = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


def _member(program: Program, user: User) -> Membership:
    return Membership.objects.get(program=program, user=user)


def _seed_plan(program: Program, users: dict[str, User]) -> None:
    pm = users["cust.pm"]
    document = document_services.document_create(acting_user=pm, program=program, kind=IVV_PLAN)
    first = document.versions.get()
    content: dict[str, Any] = {**first.content, "sections": PLAN_SECTIONS}
    content["tables"] = {**content["tables"], "activities": ACTIVITIES[:2]}
    first = document_services.version_update_content(
        acting_user=pm, version=first, content=content, base_revision=first.revision
    )
    first = document_services.version_submit(acting_user=pm, version=first)
    document_services.version_sign(acting_user=users["cust.sponsor"], version=first)
    # Version 1 dates from Phase 2 (Selection), like the charter's first version: Play 3.1
    # reviews and updates it in Phase 3, so activity 5 is in progress until version 2 is in.
    DocumentVersion.objects.filter(pk=first.pk).update(phase=M3Phase.SELECTION)
    second = document_services.version_create_next(
        acting_user=pm,
        document=document,
        reason="scope_change",
        reason_text="Phase 3 adds the cutover rehearsal witness to the V&V activities.",
    )
    content = {**second.content}
    content["tables"] = {**content["tables"], "activities": ACTIVITIES}
    second = document_services.version_update_content(
        acting_user=pm, version=second, content=content, base_revision=second.revision
    )
    second = document_services.version_submit(acting_user=pm, version=second)
    for username, anchor, kind, text, disposition, rationale in COMMENTS:
        comment = review_services.comment_create(
            acting_user=users[username], version=second, anchor=anchor, type=kind, text=text
        )
        if disposition is not None:
            review_services.comment_disposition_set(
                acting_user=pm,
                comment=comment,
                disposition=disposition,
                text=rationale,
                deferred_to=second.number + 1 if disposition == Disposition.DEFERRED else None,
            )


def _seed_findings(program: Program, users: dict[str, User], today: dt.date) -> None:
    agent = users["ivv.agent"]
    answerers = {Party.CUSTOMER: users["cust.pm"], Party.PROVIDER: users["prov.pm"]}
    owners = {Party.CUSTOMER: users["cust.pmolead"], Party.PROVIDER: users["prov.pmolead"]}
    for index, (title, source, category, severity, party, concerns, state) in enumerate(FINDINGS):
        # Open ones raised this week (not yet due); the two overdue ones long enough ago to be
        # past their dates; the others over the last months.
        if state == "open":
            raised = today - dt.timedelta(days=2)
        elif state.endswith("_overdue"):
            raised = today - dt.timedelta(days=75)
        else:
            raised = today - dt.timedelta(days=10 + 4 * (len(FINDINGS) - index))
        finding = services.finding_create(
            acting_user=agent,
            program=program,
            title=title,
            raised_on=raised,
            source=source,
            category=category,
            severity=severity,
            integrity_level=4 if severity <= 2 else 3,
            description=f"{title}. Found in {concerns.lower()}.",
            answering_party=party,
            impact="Go-live readiness is at risk." if severity <= 2 else "Rework later.",
            recommendation="Plan the work, name an owner and a date.",
            concerns=concerns,
        )
        if state in ("open", "open_overdue"):
            continue
        answerer = answerers[Party(party)]
        if state == "non_concur":
            services.finding_answer(
                acting_user=answerer,
                finding=finding,
                response=FindingResponse.NON_CONCUR,
                rationale="A second payroll SME joins in January under an MOU.",
            )
            continue
        target = raised + dt.timedelta(days=20 if state == "answered_overdue" else 60)
        services.finding_answer(
            acting_user=answerer,
            finding=finding,
            response=FindingResponse.CONCUR,
            corrective_action="Correct the artifact and have it reviewed.",
            action_owner=_member(program, owners[Party(party)]),
            action_target=target,
        )
        if state in ("answered", "answered_overdue"):
            continue
        if state == "accepted_risk":
            services.finding_accept_risk(
                acting_user=users["cust.sponsor"],
                finding=finding,
                rationale="The legacy reports retire with PERSONA; users were told.",
            )
            continue
        services.finding_start(acting_user=answerer, finding=finding)
        if state == "in_progress":
            continue
        attachment_add(
            acting_user=answerer,
            target=finding,
            uploaded_file=ContentFile(EVIDENCE, name=f"ivv-{finding.number:03d}-evidence.pdf"),
            purpose=CLOSURE_EVIDENCE,
        )
        services.finding_propose_closure(
            acting_user=answerer, finding=finding, evidence="The corrected artifact, reviewed."
        )
        if state == "closed":
            services.finding_close(acting_user=agent, finding=finding, note="Evidence verified.")


def _seed_report(program: Program, users: dict[str, User], today: dt.date) -> None:
    """Last month's IV&V report, written, frozen and signed by the IV&V agent: approved."""
    from .report_services import report_create

    agent = users["ivv.agent"]
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1)
    document = report_create(acting_user=agent, program=program, period_start=start, period_end=end)
    version = document.versions.get()
    content = {
        "fields": {
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "assessment": "3",
        },
        "sections": {
            "reasons": "The program met its milestones for the month and answered most "
            "findings on time, but the data conversion test plan still lacks reconciliation "
            "criteria and two high-severity findings passed their response due date.",
            "highlights": "- Payroll parallel run 1 completed with all variances explained.\n"
            "- The provider's interface control documents were baselined.",
            "concerns": "- Overdue answers on data conversion findings.\n"
            "- Cutover rehearsal dates are not yet in the IMS.",
            "recommendations": "Agree reconciliation criteria before the second mock "
            "conversion, and add the rehearsals to the IMS with their dependencies.",
        },
    }
    version = document_services.version_update_content(
        acting_user=agent, version=version, content=content, base_revision=version.revision
    )
    version = document_services.version_submit(acting_user=agent, version=version)
    document_services.version_sign(acting_user=agent, version=version)


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for the programs it has just created."""
    program = programs.get(HR)
    if program is None or Finding.objects.filter(program=program).exists():
        return
    if DocumentVersion.objects.filter(document__program=program, document__kind=IVV_PLAN):
        return
    _seed_plan(program, users)
    _seed_findings(program, users, limits.today())
    _seed_report(program, users, limits.today())
