"""Writes of the provider's monthly expenditure reports.

The provider submits a month's report (actual cost per control account, labour hours per
resource or role, a narrative); the customer acknowledges it, or disputes lines with a
reason; the provider answers a dispute with a corrected report, a new revision that
supersedes the disputed one (kept, with its lines and disputes, as history). Only an
acknowledged report feeds earned value's actual cost (``selectors.expenditure``).

Each write takes ``acting_user=``, checks who may first, then what the content must be (a
refusal names the field or the row and the rule, and changes nothing; a row's field is
``lines.0.amount``, its position from 0 as the API's input errors say, while the message
counts from 1), writes and records
its audit events in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction, Party
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.federal_calendar import add_months, business_day_of_month, month_start
from programs.models import Program
from programs.policy import MONEY_ROLES, can, can_see_costs, membership_of
from programs.services.audit import audit_record

from ..models import (
    ControlAccount,
    ExpenditureHours,
    ExpenditureLine,
    ExpenditureReport,
    PeriodStatus,
    ReportStatus,
    StatusPeriod,
)
from .earned_value_setup import settings_for

PROVIDER_RULE = (
    "Expenditure reports are submitted and corrected by the provider's Program Managers and "
    "PMO Leads, who see costs."
)
CUSTOMER_RULE = (
    "Expenditure reports are acknowledged and disputed by the customer's Program Managers, "
    "PMO Leads and Executive Sponsors, who see costs."
)
#: The largest amount a line takes (the column's 14 digits, cents included).
MAX_AMOUNT = Decimal("999999999999.99")
MAX_HOURS = Decimal("1000000")
MAX_HOURS_ROWS = 500
MAX_REASON_LENGTH = 2_000
MAX_RESOURCE_LENGTH = 200
CENT = Decimal("0.01")

#: A line as given: the control account (or its WBS), the amount, the correction reason.
LineInput = tuple[ControlAccount | str, Any, str]
#: Hours as given: the resource or role, the hours.
HoursInput = tuple[str, Any]


def may_report(user: Any, program: Program) -> bool:
    """The provider's members who change provider-owned artifacts and see costs."""
    return can(user, "change", ExpenditureReport(program=program)) and can_see_costs(user, program)


def may_review(user: Any, program: Program) -> bool:
    """The customer's Program Managers, PMO Leads and Executive Sponsors who see costs."""
    membership = membership_of(user, program)
    return (
        membership is not None
        and membership.party == Party.CUSTOMER
        and membership.role in MONEY_ROLES
        and can_see_costs(user, program)
    )


def due_date(program: Program, period: date) -> date:
    """Business day N (the settings') of the month after ``period``."""
    return business_day_of_month(
        add_months(period, 1), settings_for(program).report_due_business_day
    )


def month_text(period: date) -> str:
    return f"{period:%B %Y}"


# -- checks ------------------------------------------------------------------------------------


def parse_amount(value: Any, *, what: str, field: str, limit: Decimal = MAX_AMOUNT) -> Decimal:
    """``value`` as an amount to the cent within ±``limit``; a refusal names ``field``."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(f"{what} is required.", field=field)
    try:
        amount = Decimal(str(value).strip().replace(",", "").removeprefix("$"))
    except InvalidOperation:
        raise DomainError(f"{what} is not a number: {str(value)[:40]!r}.", field=field) from None
    if not amount.is_finite():
        raise DomainError(f"{what} is not a number.", field=field)
    if abs(amount) > limit:
        raise DomainError(f"{what} is at most ${limit:,} either way.", field=field)
    if amount != amount.quantize(CENT):
        raise DomainError(f"{what} is to the cent at most (two decimals).", field=field)
    return amount.quantize(CENT)


def check_period(program: Program, period: date, *, field: str = "period") -> date:
    """The month (its first day) a report may be for: begun, not before the agreed
    baseline's start month, and not a closed status period."""
    if not isinstance(period, date):
        raise DomainError("The month is required (YYYY-MM).", field=field)
    limits.check_date(period, field=field, what="The month")
    period = month_start(period)
    if period > month_start(limits.today()):
        raise DomainError(
            f"{month_text(period)} has not begun: a month's actual cost is reported once it has.",
            field=field,
        )
    start = baseline_start_month(program)
    if period < start:
        raise DomainError(
            f"{month_text(period)} is before the agreed baseline starts ({month_text(start)}).",
            field=field,
        )
    if StatusPeriod.objects.filter(
        program=program, month=period, status=PeriodStatus.CLOSED
    ).exists():
        raise DomainError(
            f"{month_text(period)} is closed: correct it in the open period with a reason.",
            field=field,
        )
    return period


def baseline_start_month(program: Program) -> date:
    """The first month of the agreed IMS baseline; refused without one."""
    # The schedule sits beside this app: read it only here, as earned_value_setup does.
    from schedule.selectors.tasks import schedule_of
    from schedule.services.baselines import agreed_baseline

    schedule = schedule_of(program)
    baseline = agreed_baseline(schedule) if schedule is not None else None
    if baseline is None:
        raise DomainError(
            "Expenditure is reported against the agreed IMS baseline; the program has none yet.",
            code=ErrorCode.NO_SCHEDULE,
            field="period",
        )
    return month_start(timezone.localtime(baseline.start).date())


@dataclass(frozen=True)
class Content:
    lines: list[tuple[ControlAccount, Decimal, str]]
    hours: list[tuple[str, Decimal]]
    narrative: str


def check_content(
    program: Program, lines: Sequence[LineInput], hours: Sequence[HoursInput], narrative: str
) -> Content:
    """The lines, hours and narrative checked; the first refusal names its row."""
    accounts = {a.wbs: a for a in ControlAccount.objects.filter(program=program)}
    by_pk = {a.pk: a for a in accounts.values()}
    if not lines:
        raise DomainError("A report has at least one line.", field="lines")
    if len(lines) > len(accounts):
        raise DomainError(
            f"A report has one line per control account at most ({len(accounts)}).",
            field="lines",
        )
    checked: list[tuple[ControlAccount, Decimal, str]] = []
    seen: dict[int, int] = {}
    for number, (given, value, reason) in enumerate(lines, start=1):
        place = f"lines.{number - 1}"
        if isinstance(given, ControlAccount):
            account = by_pk.get(given.pk)
            wbs = given.wbs
        else:
            wbs = str(given or "").strip()
            account = accounts.get(wbs)
        if not wbs:
            raise DomainError(f"Line {number}: the control account is required.", field=place)
        if account is None:
            raise DomainError(
                f"Line {number}: {wbs[:60]} is not a control account of the program.",
                field=f"{place}.control_account",
            )
        if not account.active:
            raise DomainError(
                f"Line {number}: control account {account.wbs} is no longer in the agreed "
                "baseline; charge an active account.",
                field=f"{place}.control_account",
            )
        if account.pk in seen:
            raise DomainError(
                f"Line {number}: control account {account.wbs} has a line already "
                f"(line {seen[account.pk]}); one line per account.",
                field=f"{place}.control_account",
            )
        seen[account.pk] = number
        amount = parse_amount(
            value, what=f"Line {number}: the actual cost", field=f"{place}.amount"
        )
        reason = str(reason or "").strip()
        limits.check_text(
            reason,
            field=f"{place}.correction_reason",
            limit=MAX_REASON_LENGTH,
            what=f"Line {number}: the correction reason",
        )
        if amount < 0 and not reason:
            raise DomainError(
                f"Line {number} ({account.wbs}): a negative actual cost corrects an earlier "
                "month and needs its correction reason.",
                field=f"{place}.correction_reason",
            )
        checked.append((account, amount, reason))
    return Content(checked, check_hours(hours), check_narrative(narrative))


def check_hours(hours: Sequence[HoursInput]) -> list[tuple[str, Decimal]]:
    if len(hours) > MAX_HOURS_ROWS:
        raise DomainError(f"A report gives hours for {MAX_HOURS_ROWS} at most.", field="hours")
    checked: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for number, (resource, value) in enumerate(hours, start=1):
        place = f"hours.{number - 1}"
        name = " ".join(str(resource or "").split())
        if not name:
            raise DomainError(
                f"Hours row {number}: the resource or role is required.", field=f"{place}.resource"
            )
        limits.check_text(
            name,
            field=f"{place}.resource",
            limit=MAX_RESOURCE_LENGTH,
            what=f"Hours row {number}: the resource or role",
        )
        if name.casefold() in seen:
            raise DomainError(
                f"Hours row {number}: {name} has hours already; one row per resource or role.",
                field=f"{place}.resource",
            )
        seen.add(name.casefold())
        amount = parse_amount(
            value, what=f"Hours row {number}: the hours", field=f"{place}.hours", limit=MAX_HOURS
        )
        if amount < 0:
            raise DomainError(
                f"Hours row {number}: hours are not negative.", field=f"{place}.hours"
            )
        checked.append((name, amount))
    return checked


def check_narrative(narrative: str) -> str:
    narrative = str(narrative or "").strip()
    limits.check_text(
        narrative, field="narrative", limit=limits.MAX_TEXT_LENGTH, what="The narrative"
    )
    return narrative


def check_reason(reason: str) -> str:
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError("A dispute needs its reason.", field="reason")
    limits.check_text(reason, field="reason", limit=MAX_REASON_LENGTH, what="The reason")
    return reason


# -- writes ------------------------------------------------------------------------------------


def _write(
    *,
    acting_user: User,
    program: Program,
    period: date,
    content: Content,
    revision: int,
    supersedes: ExpenditureReport | None,
    due_on: date,
    late: bool,
    source_name: str,
) -> ExpenditureReport:
    try:
        with transaction.atomic():
            report = ExpenditureReport.objects.create(
                program=program,
                period=period,
                revision=revision,
                status=ReportStatus.SUBMITTED,
                narrative=content.narrative,
                supersedes=supersedes,
                due_on=due_on,
                late=late,
                submitted_by=acting_user,
                submitted_at=timezone.now(),
                source_name=source_name[:255],
            )
    except IntegrityError:  # submitted meanwhile by another request
        raise DomainError(
            f"{month_text(period)} was reported meanwhile; reload the page.", field="period"
        ) from None
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(report=report, control_account=a, amount=amount, correction_reason=r)
        for a, amount, r in content.lines
    )
    ExpenditureHours.objects.bulk_create(
        ExpenditureHours(report=report, resource=name, hours=h) for name, h in content.hours
    )
    total = sum((amount for _, amount, _ in content.lines), start=Decimal("0.00"))
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=report,
        changes={
            "period": [None, period.isoformat()],
            "revision": [None, revision],
            "total": [None, str(total)],
            "lines": [None, {a.wbs: str(amount) for a, amount, _ in content.lines}],
            "late": [None, late],
            **({"source_name": [None, source_name]} if source_name else {}),
        },
    )
    return report


def report_submit(
    *,
    acting_user: User,
    program: Program,
    period: date,
    lines: Sequence[LineInput],
    hours: Sequence[HoursInput] = (),
    narrative: str = "",
    source_name: str = "",
) -> ExpenditureReport:
    """Submit the provider's report of ``period``'s month: revision 1, due on business day
    N of the next month, late when submitted after it."""
    if not may_report(acting_user, program):
        raise PermissionRefused(PROVIDER_RULE)
    period = check_period(program, period)
    content = check_content(program, lines, hours, narrative)
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        current = current_report(program, period)
        if current is not None:
            hint = (
                " It is disputed: submit a correction of it."
                if current.status == ReportStatus.DISPUTED
                else ""
            )
            raise DomainError(
                f"{month_text(period)} has a report already (revision {current.revision}, "
                f"{current.get_status_display().lower()}).{hint}",
                field="period",
            )
        due_on = due_date(program, period)
        return _write(
            acting_user=acting_user,
            program=program,
            period=period,
            content=content,
            revision=1,
            supersedes=None,
            due_on=due_on,
            late=limits.today() > due_on,
            source_name=source_name,
        )


def current_report(program: Program, period: date) -> ExpenditureReport | None:
    """The month's revision that stands (not superseded), if any."""
    return (
        ExpenditureReport.objects.filter(program=program, period=period)
        .exclude(status=ReportStatus.SUPERSEDED)
        .order_by("-revision")
        .first()
    )


def report_correct(
    *,
    acting_user: User,
    report: ExpenditureReport,
    lines: Sequence[LineInput],
    hours: Sequence[HoursInput] = (),
    narrative: str = "",
    source_name: str = "",
) -> ExpenditureReport:
    """Answer a disputed report with a corrected revision that supersedes it. The month keeps
    its first revision's due date and lateness."""
    program = report.program
    if not may_report(acting_user, program):
        raise PermissionRefused(PROVIDER_RULE)
    check_period(program, report.period)
    content = check_content(program, lines, hours, narrative)
    with transaction.atomic():
        old = ExpenditureReport.objects.select_for_update().get(pk=report.pk)
        if old.status != ReportStatus.DISPUTED:
            raise DomainError(
                f"Only a disputed report is corrected; this one is "
                f"{old.get_status_display().lower()}.",
                code=ErrorCode.TRANSITION_NOT_ALLOWED,
                field="status",
            )
        old.status = ReportStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        corrected = _write(
            acting_user=acting_user,
            program=program,
            period=old.period,
            content=content,
            revision=old.revision + 1,
            supersedes=old,
            due_on=old.due_on,
            late=old.late,
            source_name=source_name,
        )
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.SUPERSEDE,
            target=old,
            changes={
                "status": [ReportStatus.DISPUTED.value, ReportStatus.SUPERSEDED.value],
                "superseded_by": [None, corrected.revision],
            },
        )
    report.status = ReportStatus.SUPERSEDED
    return corrected


def report_acknowledge(*, acting_user: User, report: ExpenditureReport) -> ExpenditureReport:
    """The customer acknowledges a submitted report with no disputed line: its actual cost
    then counts in earned value."""
    program = report.program
    if not may_review(acting_user, program):
        raise PermissionRefused(CUSTOMER_RULE)
    with transaction.atomic():
        found = ExpenditureReport.objects.select_for_update().get(pk=report.pk)
        if found.status != ReportStatus.SUBMITTED:
            raise DomainError(
                f"Only a submitted report is acknowledged; this one is "
                f"{found.get_status_display().lower()}.",
                code=ErrorCode.TRANSITION_NOT_ALLOWED,
                field="status",
            )
        if found.lines.exclude(dispute_reason="").exists():
            raise DomainError(
                "A report with a disputed line is not acknowledged: withdraw the dispute or "
                "wait for the correction.",
                code=ErrorCode.TRANSITION_NOT_ALLOWED,
                field="status",
            )
        found.status = ReportStatus.ACKNOWLEDGED
        found.acknowledged_by = acting_user
        found.acknowledged_at = timezone.now()
        found.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "updated_at"])
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.ACCEPT,
            target=found,
            changes={"status": [ReportStatus.SUBMITTED.value, ReportStatus.ACKNOWLEDGED.value]},
        )
    return found


def _locked_line(line: ExpenditureLine) -> tuple[ExpenditureReport, ExpenditureLine]:
    report = ExpenditureReport.objects.select_for_update().get(pk=line.report_id)
    found = ExpenditureLine.objects.select_related("control_account").get(pk=line.pk)
    return report, found


def line_dispute(*, acting_user: User, line: ExpenditureLine, reason: str) -> ExpenditureLine:
    """The customer disputes a line of a submitted report, with its reason: the report is
    disputed until the provider corrects it."""
    program = line.report.program
    if not may_review(acting_user, program):
        raise PermissionRefused(CUSTOMER_RULE)
    reason = check_reason(reason)
    with transaction.atomic():
        report, found = _locked_line(line)
        if report.status not in (ReportStatus.SUBMITTED, ReportStatus.DISPUTED):
            raise DomainError(
                f"Lines of a {report.get_status_display().lower()} report are not disputed.",
                code=ErrorCode.TRANSITION_NOT_ALLOWED,
                field="status",
            )
        if found.disputed:
            raise DomainError(
                f"The line of {found.control_account.wbs} is disputed already.", field="line"
            )
        found.dispute_reason = reason
        found.disputed_by = acting_user
        found.disputed_at = timezone.now()
        found.save(update_fields=["dispute_reason", "disputed_by", "disputed_at"])
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.UPDATE,
            target=found,
            changes={"dispute_reason": ["", reason]},
        )
        if report.status != ReportStatus.DISPUTED:
            report.status = ReportStatus.DISPUTED
            report.save(update_fields=["status", "updated_at"])
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.TRANSITION,
                target=report,
                changes={"status": [ReportStatus.SUBMITTED.value, ReportStatus.DISPUTED.value]},
            )
    line.report.status = report.status
    return found


def line_dispute_withdraw(*, acting_user: User, line: ExpenditureLine) -> ExpenditureLine:
    """The customer withdraws its dispute of a line; with none left the report is submitted
    again (and may be acknowledged)."""
    program = line.report.program
    if not may_review(acting_user, program):
        raise PermissionRefused(CUSTOMER_RULE)
    with transaction.atomic():
        report, found = _locked_line(line)
        if report.status != ReportStatus.DISPUTED or not found.disputed:
            raise DomainError("The line is not disputed.", field="line")
        before = found.dispute_reason
        found.dispute_reason = ""
        found.disputed_by = None
        found.disputed_at = None
        found.save(update_fields=["dispute_reason", "disputed_by", "disputed_at"])
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.UPDATE,
            target=found,
            changes={"dispute_reason": [before, ""]},
        )
        if not report.lines.exclude(dispute_reason="").exists():
            report.status = ReportStatus.SUBMITTED
            report.save(update_fields=["status", "updated_at"])
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.TRANSITION,
                target=report,
                changes={"status": [ReportStatus.DISPUTED.value, ReportStatus.SUBMITTED.value]},
            )
    line.report.status = report.status
    return found
