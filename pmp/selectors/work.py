"""What waits on a person in the Program Management Plan: risks due for review, actions
due, expenditure reports to submit or acknowledge (``programs.work``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse

from programs.choices import Party, Role
from programs.federal_calendar import add_months, business_day_of_month
from programs.models import Membership
from programs.work import WorkItem, by_program, programs_where

from ..choices import RaidKind, RaidStatus
from ..models import EarnedValueSettings, ExpenditureReport, RaidItem
from ..models.expenditure import ReportStatus

RISK_REVIEW = "risk_review"
ACTION_DUE = "action_due"
EXPENDITURE = "expenditure"


def _ahead(today: date) -> date:
    return today + timedelta(days=settings.PMO_MY_WORK_DAYS_AHEAD)


def raid_items_due(
    *, user: AbstractBaseUser, memberships: Sequence[Membership], today: date
) -> list[WorkItem]:
    """Open risks the person owns whose next review falls within PMO_MY_WORK_DAYS_AHEAD days
    (or has passed), and open actions they own due within as long. One query."""
    ahead = _ahead(today)
    member_ids = [m.pk for m in memberships]
    rows = (
        RaidItem.objects.filter(owner_id__in=member_ids, status=RaidStatus.OPEN)
        .filter(
            Q(kind=RaidKind.RISK, next_review_on__lte=ahead)
            | Q(kind=RaidKind.ACTION, due_on__lte=ahead)
        )
        .select_related("program")
        .order_by("program__code", "kind", "number")
    )
    items = []
    for row in rows:
        risk = row.kind == RaidKind.RISK
        items.append(
            WorkItem(
                kind=RISK_REVIEW if risk else ACTION_DUE,
                program_code=row.program.code,
                program_name=row.program.name,
                title=f"{row.reference} {row.title}",
                action="Review the risk" if risk else "Complete the action",
                url=row.get_absolute_url(),
                due=row.next_review_on if risk else row.due_on,
            )
        )
    return items


def expenditure_to_act_on(
    *, user: AbstractBaseUser, memberships: Sequence[Membership], today: date
) -> list[WorkItem]:
    """For the customer's Program Managers, PMO Leads and Executive Sponsors: submitted
    reports to acknowledge (or dispute). For the provider's Program Managers and PMO Leads:
    last month's report, once the provider reports (a report of an earlier month exists) and
    none is in for last month. Three queries."""
    reviewers = programs_where(
        memberships,
        parties=(Party.CUSTOMER,),
        roles=(Role.PROGRAM_MANAGER, Role.PMO_LEAD, Role.EXECUTIVE_SPONSOR),
    )
    reporters = programs_where(
        memberships, parties=(Party.PROVIDER,), roles=(Role.PROGRAM_MANAGER, Role.PMO_LEAD)
    )
    items = []
    to_acknowledge = (
        ExpenditureReport.objects.filter(
            program_id__in=list(reviewers), status=ReportStatus.SUBMITTED
        )
        .select_related("program")
        .order_by("program__code", "period")
    )
    for report in to_acknowledge:
        items.append(
            WorkItem(
                kind=EXPENDITURE,
                program_code=report.program.code,
                program_name=report.program.name,
                title=str(report),
                action="Acknowledge or dispute",
                url=report.get_absolute_url(),
            )
        )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    reported: dict[int, set[date]] = {}
    for program_id, period in ExpenditureReport.objects.filter(
        program_id__in=list(reporters)
    ).values_list("program_id", "period"):
        reported.setdefault(program_id, set()).add(period)
    missing = [
        program_id
        for program_id, periods in sorted(reported.items())
        if last_month not in periods and min(periods) <= last_month
    ]
    # The due day as the program's settings say (``services.expenditure.due_date``), read
    # for all the programs at once; a program that never changed them has the default.
    due_days = dict(
        EarnedValueSettings.objects.filter(program_id__in=missing).values_list(
            "program_id", "report_due_business_day"
        )
    )
    default_day = EarnedValueSettings._meta.get_field("report_due_business_day").default
    memberships_by_program = by_program(memberships)
    for program_id in missing:
        program = memberships_by_program[program_id].program
        due_day = due_days.get(program_id, default_day)
        items.append(
            WorkItem(
                kind=EXPENDITURE,
                program_code=program.code,
                program_name=program.name,
                title=f"Expenditure report {last_month:%B %Y}",
                action="Submit the report",
                url=reverse("pmp:expenditure-new", kwargs={"code": program.code}),
                due=business_day_of_month(add_months(last_month, 1), due_day),
            )
        )
    return items
