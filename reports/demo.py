"""The demo's status reports, built from the other apps' demo data as a person would: the
last six monthly reports of DRC Core HR (the five before the current month reviewed by both
parties and released, the fourth with the customer's override of the proposed rating and its
comment; the current month's reviewed, awaiting the customer's rating and release), and the
last three of BIW Financial Management as drafts. Each build goes through the build job.

Between DRC's builds the program moves on, through the owning apps' services as the demo's
people: a new risk is raised before the third report, a risk is closed before the fourth, a
change request moves the build milestone later before the fifth and the IV&V agent closes a
finding before the sixth, so each of those reports says what changed since the last one. The
dates the reports read (raised, closed, decided) are set back into the month the change
belongs to, as the other demos date their records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from ivv import services as ivv_services
from ivv.models import Finding, FindingHistory
from pmp.models import RaidHistory, RaidItem
from pmp.services import raid as raid_services
from pmp.services import raid_workflow
from programs import limits
from programs.demo import ADMIN_USERNAME
from programs.models import Program
from schedule.choices import Decision
from schedule.demo import DAY
from schedule.models import ChangeRequest, Schedule
from schedule.services.change_requests import change_request_decide, change_request_propose

from . import periods, selectors
from .models import StatusReport
from .services import builds, lifecycle, report_settings
from .services.portfolio_viewers import portfolio_viewer_set

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


# -- what happens between the builds ------------------------------------------------------

#: The risk raised in the third month.
NEW_RISK = "DRC's security office cannot review the ATO package before go-live"
#: The risk closed in the fourth month: Fit-Gap ended with the SME's knowledge captured.
CLOSED_RISK = "Key payroll SME retires before Fit-Gap ends"
#: The task the change request lengthens in the fifth month, and its new duration.
LONGER_TASK, LONGER_DAYS = "4.1", 45
#: The milestone that task moves later.
MOVED_MILESTONE = "Build complete"


def _in_month(start: date) -> date:
    """The day in the month starting ``start`` on which its change happened."""
    return min(start + timedelta(days=9), limits.today())


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _raise_risk(program: Program, users: dict[str, User], start: date) -> None:
    raised = _in_month(start)
    risk = raid_services.item_create(
        acting_user=users["cust.pm"],
        program=program,
        kind="risk",
        title=NEW_RISK,
        description="DRC's security office has a queue of authorisation packages; ours would "
        "wait its turn.",
        owner_party="customer",
        category="security",
        cause="The security office reviews packages in the order they arrive.",
        effect="Go-live waits for the authority to operate.",
        inherent_probability=3,
        inherent_impact=3,
        response_strategy="mitigate",
        trigger="The security office has not scheduled the review a month after submission.",
        raised_on=raised,
        on_status_report=True,
        next_review_on=limits.today() + timedelta(days=14),
    )
    RaidItem.objects.filter(pk=risk.pk).update(created_at=_noon(raised))


def _close_risk(program: Program, users: dict[str, User], start: date) -> None:
    risk = RaidItem.objects.get(program=program, kind="risk", title=CLOSED_RISK)
    raid_workflow.item_transition(
        acting_user=users["cust.pm"],
        item=risk,
        name="close",
        reason="Fit-Gap has ended and the gap dispositions hold what the SME knows.",
    )
    closed = _in_month(start)
    RaidItem.objects.filter(pk=risk.pk).update(closed_on=closed)
    RaidHistory.objects.filter(item=risk, action="close").update(at=_noon(closed))


def _move_milestone(program: Program, users: dict[str, User], start: date) -> None:
    schedule = Schedule.objects.get(program=program)
    task = schedule.tasks.get(wbs=LONGER_TASK)
    change = change_request_propose(
        acting_user=users["prov.pm"],
        schedule=schedule,
        title="Five more days to configure the shared-service platform",
        description=f"{task.name} takes {LONGER_DAYS} working days instead of "
        f"{task.duration // DAY}.",
        justification="The Fit-Gap dispositions added DRC's locality pay tables to the "
        "configuration.",
        changes=[{"op": "update_task", "uid": task.uid, "duration_days": LONGER_DAYS}],
    )
    for username in ("prov.pm", "cust.pm"):
        change_request_decide(
            acting_user=users[username], change_request=change, decision=Decision.APPROVE
        )
    decided = _noon(_in_month(start))
    ChangeRequest.objects.filter(pk=change.pk).update(created_at=decided, decided_at=decided)


#: The IV&V finding whose corrective action the agent verifies in the sixth month.
CLOSED_FINDING = "Risk register not reviewed every two weeks"


def _close_finding(program: Program, users: dict[str, User], start: date) -> None:
    finding = Finding.objects.get(program=program, title=CLOSED_FINDING)
    ivv_services.finding_close(
        acting_user=users["ivv.agent"],
        finding=finding,
        note="Evidence verified: the joint PMO has reviewed the RAID log every two weeks.",
    )
    closed = _in_month(start)
    Finding.objects.filter(pk=finding.pk).update(closed_on=closed)
    FindingHistory.objects.filter(item=finding, action="close").update(at=_noon(closed))


#: What happens before the report of the month at each index is built.
BEFORE_BUILD: dict[int, Callable[[Program, dict[str, User], date], None]] = {
    2: _raise_risk,
    3: _close_risk,
    4: _move_milestone,
    5: _close_finding,
}


#: The change request left awaiting the provider's decision in the current month.
PENDING_TASK, PENDING_DAYS = "5.3", 30


def _propose_third_parallel_run(program: Program, users: dict[str, User]) -> None:
    """The customer proposes a third payroll parallel run and approves it for its side; the
    provider's Program Manager has it to decide (their My work lists it)."""
    schedule = Schedule.objects.get(program=program)
    task = schedule.tasks.get(wbs=PENDING_TASK)
    change = change_request_propose(
        acting_user=users["cust.pm"],
        schedule=schedule,
        title="A third payroll parallel run before go-live",
        description=f"{task.name} takes {PENDING_DAYS} working days instead of "
        f"{task.duration // DAY}, for a third cycle.",
        justification="The second mock conversion left differences in retroactive pay that "
        "two cycles may not settle.",
        changes=[{"op": "update_task", "uid": task.uid, "duration_days": PENDING_DAYS}],
    )
    change_request_decide(
        acting_user=users["cust.pm"], change_request=change, decision=Decision.APPROVE
    )


def _seed_hr(program: Program, users: dict[str, User]) -> None:
    starts = _starts(program, 6)
    for index, start in enumerate(starts):
        happening = BEFORE_BUILD.get(index)
        if happening is not None:
            happening(program, users, start)
        report = _review(_build(program, users["cust.pm"], start), users)
        if start == starts[-1]:
            # The current month: reviewed, awaiting the customer's rating; a change request
            # proposed since waits on the provider.
            _propose_third_parallel_run(program, users)
            break
        proposed = report.proposed_rating or 3
        overridden = index == OVERRIDE_AT
        report = lifecycle.report_rate(
            acting_user=users["cust.pm"],
            report=report,
            rating=(3 if proposed == 2 else 2) if overridden else proposed,
            comment=OVERRIDE_COMMENT if overridden else "",
        )
        lifecycle.report_release(acting_user=users["cust.pm"], report=report)


#: The customer's Executive Sponsor reads the whole portfolio (granted by the administrator).
PORTFOLIO_VIEWER = "cust.sponsor"


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` after the apps whose figures the reports read; each program
    is seeded only when it has no report yet."""
    admin = User.objects.filter(username=ADMIN_USERNAME, is_superuser=True).first()
    if admin is not None and PORTFOLIO_VIEWER in users:
        portfolio_viewer_set(acting_user=admin, username=PORTFOLIO_VIEWER, viewer=True)
    hr = programs.get(HR)
    if hr is not None and not StatusReport.objects.filter(program=hr).exists():
        _identify(hr, users["cust.pm"])
        _seed_hr(hr, users)
    fm = programs.get(FM)
    if fm is not None and not StatusReport.objects.filter(program=fm).exists():
        for start in _starts(fm, 3):
            _build(fm, users["fin.prov.pm"], start)
