"""The demo of the QASP, on DRC Core HR (drc-hr): version 1, approved by the customer's
executive sponsor, surveils FPSSC's HR and payroll shared service over the first year of the
agreement (May 2026 to April 2027) against eight
performance standards (system availability, payroll accuracy, help-desk response, data
conversion accuracy, personnel action timeliness, benefits enrollment accuracy, the time and
attendance interface, security incident reporting). Activity 7 follows it: done. Six months of
surveillance follow (``demo_surveillance``).

It is seeded before the Program Management Plan's demo, which cites the approved QASP."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from programs.models import Document, Program
from programs.services import documents as document_services

from . import demo_surveillance
from .standards import QASP

HR = "drc-hr"

PERIOD = ("2026-05-01", "2027-04-30")  # the agreement's first year of performance

SECTIONS: dict[str, str] = {
    "purpose": (
        "This plan sets out how DRC surveils the HR and payroll shared service that the "
        "Federal Personnel Shared Services Center (FPSSC) provides under the interagency "
        "agreement: personnel action processing, benefits administration, time and "
        "attendance and biweekly payroll for 14,200 employees.\n\n"
        "Surveillance is **performance-based**: DRC measures outcomes against the "
        "standards of the performance requirements summary, not FPSSC's methods. FPSSC "
        "keeps its own Quality Control Plan; this plan checks that it works."
    ),
    "roles": (
        "The **Contracting Officer** alone may change the agreement, accept or reject "
        "performance and issue corrective action requests. The **Contracting Officer's "
        "Representative** (COR) carries out the surveillance in this plan, records each "
        "result and recommends action to the Contracting Officer; the COR may not direct "
        "FPSSC's work or change the agreement. FPSSC's quality control lead receives the "
        "results and answers corrective action requests."
    ),
    "performance_requirements": (
        "The eight standards below come from the service-level schedule of the agreement. "
        "Each names its acceptable quality level (AQL), the way it is read (at least or at "
        "most) and how often it is surveilled. A result that misses the AQL is a defect of "
        "the period; two consecutive misses of one standard lead to a corrective action "
        "request."
    ),
    "documentation": (
        "The COR records each surveillance in the portal: the period, the population and "
        "sample, the defects found, the observed value, the verdict against the AQL, the "
        "evaluator and the date. Supporting extracts (availability reports, sampled pay "
        "records with personal data removed) are attached to the record. Records are kept "
        "for the life of the agreement plus six years."
    ),
    "analysis": (
        "Each month the COR reports the results to both PMOs at the joint PMO meeting and to "
        "the Contracting Officer. A missed AQL is discussed with FPSSC within five business "
        "days; a corrective action request asks for the root cause and corrective action "
        "within ten business days, and the COR evaluates the answer before it is closed. "
        "The results feed FPSSC's annual performance evaluation on the CPARS scale."
    ),
}

ROLES = (
    ("contracting_officer", "Linda Park", "customer"),
    ("cor", "Aisha Johnson", "customer"),
    ("alternate_cor", "Thomas Becker", "customer"),
    ("provider_quality_lead", "Kevin O'Brien", "provider"),
)

# (code, objective, source, standard, metric, unit, direction, aql, method, frequency,
#  incentive)
STANDARDS: tuple[tuple[str, ...], ...] = (
    (
        "PS-1",
        "The HR and payroll system is available to employees and HR staff",
        "SLA 3.1",
        "System availability during service hours",
        "Minutes available / scheduled minutes x 100",
        "%",
        "at_least",
        "99.5",
        "periodic_inspection",
        "monthly",
        "Service credit of 2% of the monthly fee below the AQL",
    ),
    (
        "PS-2",
        "Employees are paid correctly",
        "PWS 4.2",
        "Payroll accuracy",
        "Pay records in error / pay records sampled x 100",
        "% of pay records",
        "at_most",
        "0.5",
        "random_sampling",
        "monthly",
        "Corrective action request on two consecutive misses",
    ),
    (
        "PS-3",
        "Help-desk tickets are answered promptly",
        "SLA 5.1",
        "Help-desk response time",
        "Hours from ticket to first response, 95th percentile",
        "hours",
        "at_most",
        "4",
        "records_review",
        "monthly",
        "",
    ),
    (
        "PS-4",
        "Employee data converts from PERSONA without loss",
        "PWS 3.4",
        "Data conversion accuracy",
        "Records converted correctly / records converted x 100",
        "%",
        "at_least",
        "99.9",
        "full_inspection",
        "per_event",
        "Go-live withheld below the AQL",
    ),
    (
        "PS-5",
        "Personnel actions take effect on time",
        "PWS 4.1",
        "Personnel action processing timeliness",
        "Actions processed by their effective date / actions received x 100",
        "%",
        "at_least",
        "98",
        "random_sampling",
        "monthly",
        "",
    ),
    (
        "PS-6",
        "Benefits elections are recorded as employees chose them",
        "PWS 4.3",
        "Benefits enrollment accuracy",
        "Enrollments matching the election form / enrollments sampled x 100",
        "%",
        "at_least",
        "99",
        "random_sampling",
        "quarterly",
        "",
    ),
    (
        "PS-7",
        "Time and attendance reaches payroll every pay period",
        "PWS 4.4",
        "Time and attendance interface success",
        "Interface runs completed without error / runs scheduled x 100",
        "%",
        "at_least",
        "99.5",
        "records_review",
        "monthly",
        "",
    ),
    (
        "PS-8",
        "Security incidents are reported to DRC promptly",
        "PWS 6.2",
        "Security incident reporting",
        "Hours from detection to report to DRC's security office",
        "hours",
        "at_most",
        "1",
        "records_review",
        "per_event",
        "Corrective action request on any miss",
    ),
)

STANDARD_COLUMNS = (
    "code",
    "objective",
    "source",
    "standard",
    "metric",
    "unit",
    "direction",
    "aql",
    "method",
    "frequency",
    "incentive",
)


def content() -> dict[str, Any]:
    return {
        "sections": dict(SECTIONS),
        "fields": {"period_start": PERIOD[0], "period_end": PERIOD[1]},
        "tables": {
            "roles": [{"role": r, "name": n, "party": p} for r, n, p in ROLES],
            "performance_requirements": [
                dict(zip(STANDARD_COLUMNS, row, strict=True)) for row in STANDARDS
            ],
        },
    }


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for the programs it has just created, before the Program
    Management Plan's demo, which cites the approved QASP; then the surveillance, each part
    seeding only what is not there yet."""
    program = programs.get(HR)
    if program is None:
        return
    if not Document.objects.filter(program=program, kind=QASP).exists():
        document = document_services.document_create(
            acting_user=users["cust.pm"], program=program, kind=QASP, content=content()
        )
        version = document.versions.get()
        version = document_services.version_submit(acting_user=users["cust.pm"], version=version)
        document_services.version_sign(acting_user=users["cust.sponsor"], version=version)
    demo_surveillance.seed(programs, users)
