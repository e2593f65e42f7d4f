"""The seven subsidiary plans of Play 3.1's Program Management Plan and what a new plan starts
from: a tailoring row for each (lesson 5: one unified plan covering both parties' activities,
tailored to the program) and the activities each commits the parties to, in the playbook's
words. Plain data: the kind (``pmp.definitions``) turns it into sections and tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: How an activity row names its owning party: M3's responsibility codes.
OWNER_CHOICES = (
    ("customer", "C (customer)"),
    ("provider", "P (provider)"),
    ("shared", "S (shared)"),
)
APPLIES_CHOICES = (("yes", "Yes"), ("no", "No"))

# (activity, owner, frequency, artifact, responsible role)
Activity = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class SubsidiaryPlan:
    key: str
    title: str
    help_text: str
    why: str  # why it applies, as a new plan's tailoring row says it
    activities: tuple[Activity, ...]

    @property
    def table_key(self) -> str:
        return f"{self.key}_activities"

    @property
    def section_key(self) -> str:
        return f"{self.key}_plan"


SUBSIDIARY_PLANS: tuple[SubsidiaryPlan, ...] = (
    SubsidiaryPlan(
        "schedule",
        "Schedule management plan",
        "How the Integrated Master Schedule is built from the customer's initial schedule, "
        "baselined, updated and changed; the agreed baseline is cited below.",
        "Both parties' tasks meet in one Integrated Master Schedule with an agreed baseline.",
        (
            (
                "Update the Integrated Master Schedule: activities, dates, durations and "
                "dependencies",
                "shared",
                "Weekly",
                "Integrated Master Schedule",
                "PMO Team (schedulers of both parties)",
            ),
            (
                "Agree the IMS baseline and sign it",
                "shared",
                "Once, then at each re-baseline",
                "Agreed IMS baseline",
                "Executive Sponsors",
            ),
            (
                "Review change requests against the agreed baseline",
                "shared",
                "Weekly",
                "Change Request Log",
                "Change Control Board",
            ),
            (
                "Run the DCMA 14-point check and act on its findings",
                "provider",
                "Monthly",
                "DCMA check results",
                "Provider PMO Lead",
            ),
        ),
    ),
    SubsidiaryPlan(
        "scope",
        "Scope management plan",
        "What migrates and what stays, how requirements are confirmed (Fit-Gap) and how "
        "scope changes are decided.",
        "The processes and systems that migrate must be agreed early and changed only by "
        "change request (lesson 3).",
        (
            (
                "Confirm the processes and systems that migrate and those that stay",
                "shared",
                "At the start of Phase 3, then per change",
                "Program Charter (scope)",
                "Program Managers",
            ),
            (
                "Hold Fit-Gap sessions with the SMEs named in MOUs",
                "shared",
                "Per the Fit-Gap calendar",
                "Fit-Gap results",
                "Customer SMEs and the provider's solution lead",
            ),
            (
                "Submit scope changes on a Change Request Form",
                "shared",
                "Per change",
                "Change Request Form",
                "Program Managers",
            ),
            (
                "Trace each requirement to the provider's service offering",
                "provider",
                "Per release",
                "Requirements traceability matrix",
                "Provider PMO Lead",
            ),
        ),
    ),
    SubsidiaryPlan(
        "risk",
        "Risk management plan",
        "How risks, actions, issues and decisions are logged, scored, reviewed and escalated; "
        "the program's scoring scheme is cited below.",
        "One RAID log for both parties, reviewed at least every two weeks.",
        (
            (
                "Log risks, actions, issues and decisions in one RAID log",
                "shared",
                "As they arise",
                "RAID log",
                "PMO Team",
            ),
            (
                "Review every open risk: probability, impact and response",
                "shared",
                "Every two weeks",
                "RAID log",
                "PMO Leads",
            ),
            (
                "Own the customer's risks and work their responses",
                "customer",
                "Every two weeks",
                "RAID log",
                "Customer risk owners",
            ),
            (
                "Own the provider's risks and work their responses",
                "provider",
                "Every two weeks",
                "RAID log",
                "Provider risk owners",
            ),
            (
                "Escalate very high risks and overdue issues to the executive sponsors",
                "shared",
                "Monthly, or at once when very high",
                "Executive briefing",
                "Program Managers",
            ),
        ),
    ),
    SubsidiaryPlan(
        "acquisition",
        "Acquisition (procurement) management plan",
        "The interagency agreement and any contracts the migration needs: who acquires what, "
        "when, and how performance is monitored.",
        "The migration is bought through an interagency agreement with the provider.",
        (
            (
                "Keep the interagency agreement and its modifications current",
                "customer",
                "Per modification",
                "Interagency agreement",
                "Contracting Officer",
            ),
            (
                "Acquire the third-party products and services the migration needs",
                "provider",
                "Per acquisition",
                "Acquisition plan and awards",
                "Provider contracting lead",
            ),
            (
                "Put acquisition milestones in the Integrated Master Schedule",
                "shared",
                "Per acquisition",
                "IMS milestones",
                "Program Managers",
            ),
        ),
    ),
    SubsidiaryPlan(
        "cost",
        "Cost management plan",
        "The budget and funding, how expenditure is reported (lesson 2) and how cost is "
        "managed against the baseline (earned value).",
        "The provider reports expenditure to date regularly; costs are managed against budget.",
        (
            (
                "Report expenditure to date against the budget",
                "provider",
                "Monthly",
                "Expenditure report",
                "Provider Program Manager",
            ),
            (
                "Track obligations and funding against the interagency agreement",
                "customer",
                "Monthly",
                "Funding status",
                "Customer PMO Lead",
            ),
            (
                "Review earned value (CPI, SPI) and explain variances beyond 10%",
                "shared",
                "Monthly",
                "Earned value report",
                "PMO Leads",
            ),
            (
                "Report cost and schedule variance to OMB",
                "customer",
                "Monthly",
                "OMB status report",
                "Customer Program Manager",
            ),
        ),
    ),
    SubsidiaryPlan(
        "communications",
        "Communications management plan",
        "Who is told what, why, how and how often; the communications plan's items are cited "
        "below.",
        "Both parties' stakeholders are kept informed from one plan.",
        (
            (
                "Keep the communications plan current",
                "shared",
                "Monthly",
                "Communications plan",
                "PMO Leads",
            ),
            (
                "Publish the status report to key stakeholders",
                "shared",
                "Monthly",
                "Status report",
                "Program Managers",
            ),
            (
                "Brief both executive sponsors",
                "shared",
                "Monthly",
                "Executive briefing",
                "Program Managers",
            ),
            (
                "Keep one consolidated action-item list for both parties",
                "shared",
                "Weekly",
                "RAID log (actions)",
                "PMO Team",
            ),
        ),
    ),
    SubsidiaryPlan(
        "quality",
        "Quality management plan",
        "How the customer surveils the provider's performance (the QASP, cited below), the "
        "provider's own quality control, and how IV&V findings are answered.",
        "The customer surveils the service under its QASP; the provider controls its quality.",
        (
            (
                "Surveil the provider's performance against the QASP's standards",
                "customer",
                "Per the QASP",
                "Surveillance records",
                "Contracting Officer's Representative",
            ),
            (
                "Keep the provider's Quality Control Plan",
                "provider",
                "Reviewed yearly",
                "Quality Control Plan",
                "Provider quality lead",
            ),
            (
                "Answer corrective action requests with root cause and corrective action",
                "provider",
                "Per request",
                "Corrective action response",
                "Provider Program Manager",
            ),
            (
                "Answer IV&V findings and track them to closure",
                "shared",
                "Per finding",
                "IV&V findings register",
                "PMO Leads",
            ),
        ),
    ),
)

PLANS_BY_KEY = {p.key: p for p in SUBSIDIARY_PLANS}
PLAN_CHOICES = tuple((p.key, p.title) for p in SUBSIDIARY_PLANS)


def activity_rows(activities: tuple[Activity, ...]) -> list[dict[str, Any]]:
    return [
        {"activity": a, "owner": o, "frequency": f, "artifact": art, "responsible": r}
        for a, o, f, art, r in activities
    ]


def initial_content(program: Any) -> dict[str, Any]:
    """A new plan: every subsidiary plan applies (the editors tailor it), each with its
    default activities; the narratives are the editors' to write."""
    tables: dict[str, list[dict[str, Any]]] = {
        "tailoring": [{"plan": p.key, "applies": "yes", "why": p.why} for p in SUBSIDIARY_PLANS]
    }
    for plan in SUBSIDIARY_PLANS:
        tables[plan.table_key] = activity_rows(plan.activities)
    return {"tables": tables}
