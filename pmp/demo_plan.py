"""The demo of the Program Management Plan, on DRC Core HR (drc-hr): version 1 in review,
its seven subsidiary plans written for the move of personnel actions, benefits, time and
attendance and payroll from the agency's PERSONA system to the Federal Personnel Shared
Services Center, with activities for both parties, and the live data it cites frozen into it
(the agreed IMS baseline if drc-hr has one, the approved QASP, the risk scheme, the
communications plan).

It freezes what the other demos of the program have seeded, so it is seeded after them (the
last step of ``PmpConfig.seed_demo``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from programs.models import Document, Program
from programs.services import documents as document_services

from .definitions import PROGRAM_MANAGEMENT_PLAN
from .plan.template import PLANS_BY_KEY, activity_rows

HR = "drc-hr"

SECTIONS: dict[str, str] = {
    "overview": (
        "This plan governs the DRC Core HR Migration through Phase 3 (Engagement) and "
        "Phase 4 (Migration): the move of personnel action processing, benefits "
        "administration, time and attendance and payroll for 14,200 employees from PERSONA "
        "to the Federal Personnel Shared Services Center (FPSSC).\n\n"
        "It is **one plan for both PMOs**: every activity names the party that owns it "
        "(C customer, P provider, S shared) and the role that does it. Both Program Managers "
        "keep it current; a change of scope, schedule or governance makes a new version, "
        "signed by both executive sponsors."
    ),
    "tailoring": (
        "All seven subsidiary plans apply. The plan is tailored to a single go-live: "
        "payroll parallel runs drive the schedule and risk plans, and the acquisition plan "
        "is limited to the interagency agreement and FPSSC's own data conversion tooling. "
        "Organisational change management sits in the communications plan rather than a "
        "plan of its own, as the agency's HR office runs it."
    ),
    "schedule_plan": (
        "FPSSC's scheduler maintains the Integrated Master Schedule in Microsoft Project and "
        "imports it into the portal each week; DRC's PMO keeps its own tasks (data cleansing, "
        "Fit-Gap participation, user acceptance testing) current in the same schedule.\n\n"
        "Once both sponsors agree the baseline, dates and logic change only by change "
        "request, reviewed weekly by the Change Control Board. The critical path runs "
        "through the three payroll parallel runs; a slip of more than ten working days on it "
        "goes to the Executive Steering Committee."
    ),
    "scope_plan": (
        "In scope: 41 personnel action types, FEHB and FEGLI benefits administration, time "
        "and attendance for 212 timekeepers, and biweekly payroll. Out of scope: recruiting "
        "(stays on USA Staffing) and the agency's learning management system.\n\n"
        "Fit-Gap sessions with the SMEs named in MOUs confirm each process; every gap is "
        "closed by configuration, a change in agency practice or a change request."
    ),
    "risk_plan": (
        "Both parties keep one RAID log in the portal. Each risk is scored on the program's "
        "5 x 5 scheme (cited below), owned by a named member of one party and reviewed at "
        "least every two weeks at the joint PMO meeting. Very high risks go to the Executive "
        "Steering Committee the month they are raised; payroll accuracy risks are never "
        "accepted without both sponsors' decision."
    ),
    "acquisition_plan": (
        "DRC buys the service through an interagency agreement with FPSSC; the agency's "
        "Contracting Officer keeps it and its modifications current, and the Contracting "
        "Officer's Representative monitors performance. FPSSC acquires its data conversion "
        "tooling and any temporary staff under its own contracts, and puts acquisition "
        "milestones in the IMS."
    ),
    "cost_plan": (
        "The migration is funded from DRC's FY2027 modernization line (USD 18.4 million "
        "lifecycle cost). FPSSC reports expenditure to date each month against the "
        "agreement's cost estimate; DRC's PMO tracks obligations and reports cost and "
        "schedule variance to OMB monthly. A CPI or SPI outside 0.95 to 1.05 is explained at "
        "the joint PMO meeting; outside 0.90 to 1.10 it goes to the sponsors."
    ),
    "communications_plan": (
        "The communications plan (cited below) lists what is told to whom, why, how and "
        "how often: employees and supervisors, HR specialists, timekeepers, the union, the "
        "executive sponsors and OMB. DRC's HR office leads employee communications; FPSSC "
        "leads the technical teams'. Both PMOs publish one monthly status report."
    ),
    "quality_plan": (
        "DRC surveils FPSSC's service under its QASP (payroll accuracy, timeliness of "
        "personnel actions, help desk response), sampling monthly. FPSSC keeps its own "
        "Quality Control Plan and answers corrective action requests within ten business "
        "days. The IV&V agent's findings are answered and tracked to closure by the owning "
        "party."
    ),
}

#: Activities of the program beyond the play's defaults, by subsidiary plan.
ADDED: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "schedule": (
        (
            "Import FPSSC's Microsoft Project schedule into the portal",
            "provider",
            "Weekly, Thursdays",
            "Integrated Master Schedule",
            "Provider scheduler",
        ),
        (
            "Update data cleansing, Fit-Gap and testing tasks",
            "customer",
            "Weekly",
            "Integrated Master Schedule",
            "Customer PMO Team",
        ),
    ),
    "scope": (
        (
            "Cleanse PERSONA employee records before each conversion",
            "customer",
            "Before each mock conversion",
            "Data quality report",
            "Customer PMO Team",
        ),
        (
            "Decide each Fit-Gap gap: configure, change practice or change request",
            "shared",
            "After each Fit-Gap session",
            "Gap decision log",
            "Business Owner and Provider Program Manager",
        ),
    ),
    "risk": (
        (
            "Review payroll accuracy risks before each parallel run",
            "shared",
            "Before each of three parallel runs",
            "RAID log",
            "Customer Business Owner",
        ),
    ),
    "acquisition": (
        (
            "Modify the interagency agreement for the Phase 4 services",
            "customer",
            "Once, before Phase 4",
            "Agreement modification",
            "Contracting Officer",
        ),
    ),
    "cost": (
        (
            "Reconcile FPSSC's invoices with the expenditure report",
            "customer",
            "Monthly",
            "Invoice reconciliation",
            "Contracting Officer's Representative",
        ),
    ),
    "communications": (
        (
            "Brief the union on changes to time and attendance",
            "customer",
            "Quarterly, and before go-live",
            "Union briefing",
            "Customer Business Owner",
        ),
        (
            "Publish go-live readiness to FPSSC's service desk",
            "provider",
            "Weekly in the last two months",
            "Readiness bulletin",
            "Provider PMO Lead",
        ),
    ),
    "quality": (
        (
            "Sample 50 personnel actions for accuracy",
            "customer",
            "Monthly",
            "Surveillance record",
            "Contracting Officer's Representative",
        ),
    ),
}


def _content(version_content: dict[str, Any]) -> dict[str, Any]:
    tables = dict(version_content["tables"])
    for key, rows in ADDED.items():
        plan = PLANS_BY_KEY[key]
        tables[plan.table_key] = [*tables[plan.table_key], *activity_rows(rows)]
    why = {
        "acquisition": "One interagency agreement, and FPSSC's own conversion tooling.",
        "communications": "Also carries organisational change management for 14,200 staff.",
    }
    tables["tailoring"] = [
        {**row, "why": why.get(row["plan"], row["why"])} for row in tables["tailoring"]
    ]
    return {**version_content, "sections": dict(SECTIONS), "tables": tables}


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for the programs it has just created, after the RAID log's and
    the communications plan's demos: the plan freezes what they seeded."""
    program = programs.get(HR)
    if program is None:
        return
    if Document.objects.filter(program=program, kind=PROGRAM_MANAGEMENT_PLAN).exists():
        return
    document = document_services.document_create(
        acting_user=users["prov.pmolead"], program=program, kind=PROGRAM_MANAGEMENT_PLAN
    )
    version = document.versions.get()
    version = document_services.version_update_content(
        acting_user=users["cust.pm"],
        version=version,
        content=_content(version.content),
        base_revision=version.revision,
    )
    document_services.version_submit(acting_user=users["prov.pm"], version=version)
