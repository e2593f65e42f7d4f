"""A month's expenditure report imported from its workbook (``imports.expenditure_sheet``
reads it), all or nothing: with no report for the month it is submitted; with a disputed
one it is the correction. Every problem of the workbook is reported at once, located by
sheet and cell, and nothing is written unless there are none."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from programs.errors import DomainError, PermissionRefused
from programs.models import Program
from programs.workbooks import open_uploaded_workbook

from ..imports.expenditure_sheet import NOT_A_REPORT, REPORT, Problem, read_workbook, refused
from ..models import ControlAccount, ExpenditureReport, ReportStatus
from .expenditure import (
    PROVIDER_RULE,
    check_period,
    current_report,
    may_report,
    month_text,
    report_correct,
    report_submit,
)


def report_import(
    *,
    acting_user: User,
    program: Program,
    data: bytes,
    filename: str,
    period: date | None = None,
) -> ExpenditureReport:
    """Import the workbook ``data`` (uploaded as ``filename``) as the report of ``period``
    (the workbook's month when not given; both given, they agree)."""
    if not may_report(acting_user, program):
        raise PermissionRefused(PROVIDER_RULE)
    workbook = open_uploaded_workbook(data, not_it=NOT_A_REPORT, what="an expenditure report")
    accounts = list(ControlAccount.objects.filter(program=program))
    found = read_workbook(workbook, accounts)
    month = period or found.month
    if period is not None and found.month is not None and found.month != period:
        found.problems.insert(
            0,
            Problem(
                REPORT,
                "B1",
                f"the workbook is for {month_text(found.month)}, the import for "
                f"{month_text(period)}.",
            ),
        )
    if month is None:
        raise DomainError(
            "Give the month: the workbook's Report sheet has none in B1.", field="period"
        )
    if found.problems:
        count = len(found.problems)
        raise refused(
            f"The workbook was not imported: it has {count} problem{'s' if count != 1 else ''}; "
            "nothing was changed.",
            found.problems,
        )
    month = check_period(program, month)
    current = current_report(program, month)
    if current is not None and current.status == ReportStatus.DISPUTED:
        return report_correct(
            acting_user=acting_user,
            report=current,
            lines=found.lines,
            hours=found.hours,
            narrative=found.narrative,
            source_name=filename,
        )
    return report_submit(
        acting_user=acting_user,
        program=program,
        period=month,
        lines=found.lines,
        hours=found.hours,
        narrative=found.narrative,
        source_name=filename,
    )
