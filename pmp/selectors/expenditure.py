"""Reads of the provider's expenditure reports: the actual cost the customer has
acknowledged (what earned value's AC stands on), the months of reports with their status,
due dates and overdue months, a month's revisions, and the reconciliation of the reported
cost with the actual cost the live schedule carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from programs.federal_calendar import add_months, month_start
from programs.models import Program

from ..models import ControlAccount, ExpenditureLine, ExpenditureReport, ReportStatus


def acknowledged_actuals(program: Program) -> dict[date, dict[int, Decimal]]:
    """Per month (its first day), the actual cost per control account (by id) of the month's
    acknowledged report; one query. A month's disputed, superseded or not yet acknowledged
    revisions count for nothing."""
    found: dict[date, dict[int, Decimal]] = {}
    rows = (
        ExpenditureLine.objects.filter(
            report__program=program, report__status=ReportStatus.ACKNOWLEDGED
        )
        .values_list("report__period", "control_account_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for period, account, total in rows:
        found.setdefault(period, {})[account] = total
    return found


# -- the months of reports ---------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    """A month of the program's reports: the revision that stands (None without a report),
    when the report is due, and whether it is overdue (no report, past its due date)."""

    period: date
    report: ExpenditureReport | None
    revisions: int
    due_on: date
    overdue: bool

    @property
    def late(self) -> bool:
        return self.report is not None and self.report.late


#: The months the list shows at most (ten years of monthly reports).
MAX_MONTHS = 120


def report_months(program: Program, today: date, start: date | None) -> list[MonthRow]:
    """Every month from ``start`` (the agreed baseline's first month) to the last one that
    has begun, and any month with a report, latest first; two queries and the settings'."""
    from ..services.expenditure import due_date

    reports = list(
        ExpenditureReport.objects.filter(program=program)
        .select_related("submitted_by", "acknowledged_by")
        .annotate(disputed_lines=Count("lines", filter=~Q(lines__dispute_reason="")))
        .order_by("period", "revision")
    )
    by_month: dict[date, list[ExpenditureReport]] = {}
    for report in reports:
        by_month.setdefault(report.period, []).append(report)
    months = set(by_month)
    if start is not None:
        last = month_start(today)
        month = start
        while month <= last and len(months) < MAX_MONTHS:
            months.add(month)
            month = add_months(month, 1)
    rows = []
    for period in sorted(months, reverse=True)[:MAX_MONTHS]:
        revisions = by_month.get(period, [])
        standing = next(
            (r for r in reversed(revisions) if r.status != ReportStatus.SUPERSEDED), None
        )
        due_on = revisions[0].due_on if revisions else due_date(program, period)
        rows.append(
            MonthRow(
                period=period,
                report=standing,
                revisions=len(revisions),
                due_on=due_on,
                overdue=not revisions and today > due_on,
            )
        )
    return rows


def report_revisions(program: Program, period: date) -> list[ExpenditureReport]:
    """The month's revisions, latest first, each with its lines (and their accounts) and
    hours; three queries."""
    return list(
        ExpenditureReport.objects.filter(program=program, period=period)
        .select_related("submitted_by", "acknowledged_by", "supersedes")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=ExpenditureLine.objects.select_related("control_account", "disputed_by"),
            ),
            "hours",
        )
        .order_by("-revision")
    )


# -- reconciliation with the schedule ----------------------------------------------------------


@dataclass(frozen=True)
class ReconciliationRow:
    account: ControlAccount
    schedule: Decimal
    reported: Decimal

    @property
    def difference(self) -> Decimal:
        """What the schedule carries beyond the acknowledged reports (negative: less)."""
        return self.schedule - self.reported


@dataclass(frozen=True)
class Reconciliation:
    rows: list[ReconciliationRow]
    #: Whether the live schedule carries actual cost at all (from actual work or entered).
    schedule_carries_actuals: bool

    @property
    def schedule_total(self) -> Decimal:
        return sum((r.schedule for r in self.rows), start=Decimal("0.00"))

    @property
    def reported_total(self) -> Decimal:
        return sum((r.reported for r in self.rows), start=Decimal("0.00"))

    @property
    def difference_total(self) -> Decimal:
        return self.schedule_total - self.reported_total


def reconciliation(program: Program) -> Reconciliation:
    """Per control account, the live schedule's actual cost to date (its tasks' actual cost
    rolled up to the account's WBS element) beside the acknowledged reported cost to date,
    and the difference; three queries. Accounts no longer active show while reports
    charged them."""
    # The schedule sits beside this app: read it only here.
    from schedule.models import Task

    from ..services.earned_value_setup import account_of

    accounts = list(ControlAccount.objects.filter(program=program).order_by("wbs"))
    reported: dict[int, Decimal] = {}
    for by_account in acknowledged_actuals(program).values():
        for account, amount in by_account.items():
            reported[account] = reported.get(account, Decimal("0.00")) + amount
    active = {a.wbs for a in accounts if a.active}
    by_wbs = {a.wbs: a for a in accounts}
    carried: dict[int, Decimal] = {}
    carries = False
    leaves = Task.objects.filter(schedule__program=program, is_summary=False).values_list(
        "uid", "wbs", "computed_actual_cost", "actual_cost"
    )
    for uid, wbs, computed, entered in leaves:
        cost: Decimal | None = computed if computed is not None else entered
        if not cost:
            continue
        carries = True
        found = account_of(wbs, active) if wbs else None
        if found is None and f"UID {uid}" in by_wbs:
            found = f"UID {uid}"
        if found is not None:
            pk = by_wbs[found].pk
            carried[pk] = carried.get(pk, Decimal("0.00")) + cost
    rows = [
        ReconciliationRow(
            a, carried.get(a.pk, Decimal("0.00")), reported.get(a.pk, Decimal("0.00"))
        )
        for a in accounts
        if a.active or a.pk in reported or a.pk in carried
    ]
    return Reconciliation(rows, carries)
