"""The demo's status reports, built from the other apps' demo data as a person would: the
last six monthly reports of DRC Core HR (the five before the current month reviewed by both
parties and released, the fourth with the customer's override of the proposed rating and its
comment; the current month's reviewed, awaiting the customer's rating and release), and the
last three of BIW Financial Management as drafts. Each build goes through the build job."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from programs import limits
from programs.models import Program

from . import periods, selectors
from .models import StatusReport
from .services import builds, lifecycle, report_settings

HR, FM = "drc-hr", "biw-fm"
OVERRIDE_AT = 3  # the fourth of the six months
OVERRIDE_COMMENT = (
    "The Executive Steering Committee weighs the open IV&V finding on payroll parallel runs "
    "against its agreed and dated corrective action, and rates the month accordingly."
)


def _starts(program: Program, count: int) -> list[date]:
    length = selectors.settings_of(program).period_length
    recent = periods.recent_periods(
        first_day=program.start_date, today=limits.today(), length=length, limit=count
    )
    return [p.start for p in reversed(recent)]


#: drc-hr's investment as the IT Dashboard knows it (made-up identifiers).
HR_INVESTMENT = {
    "agency_code": "023",
    "agency_name": "Department of Regional Commerce",
    "current_uii": "023-000004711",
    "investment_name": "DRC Core HR and Payroll Modernization",
    "project_id": "DRC-HR-01",
    "agency_project_id": "HR-MIG-2025",
    "project_goal": "Move DRC's HR and payroll to the Federal Personnel Shared Services Center.",
}


def _identify(program: Program, user: User) -> None:
    found = selectors.settings_of(program)
    report_settings.report_settings_update(
        acting_user=user,
        program=program,
        period_length=found.period_length,
        due_business_day=found.due_business_day,
        members=list(found.distribution_members.all()) if found.pk else [],
        outside_emails=list(found.outside_emails),
        identifiers=HR_INVESTMENT,
    )


def _build(program: Program, user: User, start: date) -> StatusReport:
    job = builds.report_build_start(acting_user=user, program=program, period_start=start)
    builds.report_build_run(job_id=job.pk)  # in process; a queued delivery finds it done
    return StatusReport.objects.get(program=program, period_start=start, revision=1)


def _review(report: StatusReport, users: dict[str, User]) -> StatusReport:
    month = f"{report.period_start:%B}"
    lifecycle.report_narratives_update(
        acting_user=users["cust.pm"],
        report=report,
        values={
            "accomplishments_customer": f"Business process owners signed off the {month} "
            "fit-gap decisions; payroll history mapping reviewed with the provider.",
            "decisions_needed": "Confirm the cutover pay period with the Executive Steering "
            "Committee.",
        },
    )
    lifecycle.report_narratives_update(
        acting_user=users["prov.pm"],
        report=report,
        values={
            "accomplishments_provider": f"Configuration sprint closed in {month}; mock "
            "conversion reconciled to control totals.",
            "next_period": "System integration test cycle 1 and the second mock conversion.",
        },
    )
    lifecycle.report_approve(acting_user=users["prov.pm"], report=report)
    return lifecycle.report_approve(acting_user=users["cust.pm"], report=report)


def _seed_hr(program: Program, users: dict[str, User]) -> None:
    starts = _starts(program, 6)
    for index, start in enumerate(starts):
        report = _review(_build(program, users["cust.pm"], start), users)
        if start == starts[-1]:
            break  # the current month: reviewed, awaiting the customer's rating
        proposed = report.proposed_rating or 3
        overridden = index == OVERRIDE_AT
        report = lifecycle.report_rate(
            acting_user=users["cust.pm"],
            report=report,
            rating=(3 if proposed == 2 else 2) if overridden else proposed,
            comment=OVERRIDE_COMMENT if overridden else "",
        )
        lifecycle.report_release(acting_user=users["cust.pm"], report=report)


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` after the apps whose figures the reports read; each program
    is seeded only when it has no report yet."""
    hr = programs.get(HR)
    if hr is not None and not StatusReport.objects.filter(program=hr).exists():
        _identify(hr, users["cust.pm"])
        _seed_hr(hr, users)
    fm = programs.get(FM)
    if fm is not None and not StatusReport.objects.filter(program=fm).exists():
        for start in _starts(fm, 3):
            _build(fm, users["fin.prov.pm"], start)
