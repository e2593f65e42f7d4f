"""A month's expenditure report as a workbook, blank or filled: what the provider fills in
offline and imports back (``imports.expenditure_sheet`` reads the same layout).

- sheet "Expenditure": WBS, Control account, Actual cost, Correction reason; a row per
  active control account (the account's name is there to read; the WBS decides);
- sheet "Hours" (optional): Resource or role, Hours;
- sheet "Report": the month in B1 (YYYY-MM) and the narrative in B2.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from programs.exports import _printable
from programs.models import Program

from ..models import ControlAccount, ExpenditureReport

EXPENDITURE = "Expenditure"
HOURS = "Hours"
REPORT = "Report"
LINE_HEADERS = ("WBS", "Control account", "Actual cost", "Correction reason")
HOURS_HEADERS = ("Resource or role", "Hours")
MONEY = '"$"#,##0.00;-"$"#,##0.00'


def _text(value: str) -> str:
    return _printable(value)


def _header(sheet: Any, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    sheet.append(list(headers))
    for cell, width in zip(sheet[1], widths, strict=True):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def _put_text(sheet: Any, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row=row, column=column, value=_text(value))
    if cell.value and str(cell.value).startswith("="):
        cell.data_type = "s"  # text is never a formula, whatever a person typed


def expenditure_workbook(
    program: Program, period: date, report: ExpenditureReport | None = None
) -> bytes:
    """The workbook of ``period``'s report: every active control account, with ``report``'s
    amounts, hours and narrative when given (to correct it)."""
    accounts = list(ControlAccount.objects.filter(program=program, active=True).order_by("wbs"))
    amounts: dict[int, tuple[Any, str]] = {}
    hours: list[tuple[str, Any]] = []
    narrative = ""
    if report is not None:
        amounts = {
            line.control_account_id: (line.amount, line.correction_reason)
            for line in report.lines.all()
        }
        hours = [(h.resource, h.hours) for h in report.hours.all()]
        narrative = report.narrative
    book = Workbook()
    sheet = book.active
    sheet.title = EXPENDITURE
    _header(sheet, LINE_HEADERS, (14, 40, 16, 50))
    for row, account in enumerate(accounts, start=2):
        amount, reason = amounts.get(account.pk, (None, ""))
        _put_text(sheet, row, 1, account.wbs)
        _put_text(sheet, row, 2, account.name)
        cell = sheet.cell(row=row, column=3, value=amount)
        cell.number_format = MONEY
        _put_text(sheet, row, 4, reason)
    hours_sheet = book.create_sheet(HOURS)
    _header(hours_sheet, HOURS_HEADERS, (40, 12))
    for row, (resource, value) in enumerate(hours, start=2):
        _put_text(hours_sheet, row, 1, resource)
        hours_sheet.cell(row=row, column=2, value=value).number_format = "0.00"
    about = book.create_sheet(REPORT)
    about["A1"] = "Month"
    about["B1"] = f"{period:%Y-%m}"
    about["B1"].data_type = "s"
    about["A2"] = "Narrative"
    _put_text(about, 2, 2, narrative)
    about["B2"].alignment = Alignment(wrap_text=True, vertical="top")
    about["A1"].font = about["A2"].font = Font(bold=True)
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 90
    about["A4"] = (
        f"The expenditure report of {program.code} for {period:%B %Y}. Give the actual cost "
        "of each control account charged (leave it empty for none); a negative cost corrects "
        "an earlier month and needs its correction reason. Hours are optional."
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_filename(program: Program, period: date) -> str:
    return f"{program.code}-expenditure-{period:%Y-%m}.xlsx"
