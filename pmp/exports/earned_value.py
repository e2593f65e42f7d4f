"""The monthly EVM report as a tagged PDF (WeasyPrint: every measure with its formula, the
lights in words, the control accounts in Format 1 and the series as tables) and as a workbook
(openpyxl): "Program" with every measure, "Format 1" by WBS with the current period,
cumulative and at-completion columns, "Periods" with the monthly series."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache

from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from programs.exports import html_to_pdf
from schedule.engine.cost import to_dollars

from .. import earned_value_display as display
from ..selectors.earned_value import Report

MONEY = '"$"#,##0.00;[Red]-"$"#,##0.00'
INDEX = "0.0000"
PERCENT = '0.00"%"'
BOLD = Font(bold=True)


def export_filename(report: Report, ext: str) -> str:
    return f"{report.basis.program.code}-evm-{report.month:%Y-%m}.{ext}"


def evm_pdf(report: Report, *, generated_by: str = "") -> bytes:
    lines = display.account_lines(report)
    context = {
        "program": report.basis.program,
        "report": report,
        "measures": display.program_measures(report),
        "lights": display.lights_summary(report.lights),
        "overall": display.light_text(report.lights.overall),
        "lines": lines,
        "totals": display.account_totals(report, lines),
        "format_1_groups": display.FORMAT_1_GROUPS,
        "format_1_headers": display.FORMAT_1_HEADERS,
        "periods": display.s_curve(report),
        "indices": display.index_chart(report),
        "generated_by": generated_by,
        "generated_on": dateformat.format(timezone.localtime(), "F j, Y"),
    }
    html = render_to_string("pmp/cost/evm_report_pdf.html", context)
    return html_to_pdf(html, _stylesheet())


@cache
def _stylesheet() -> str:
    return render_to_string("programs/exports/register.css") + render_to_string(
        "pmp/cost/evm_report_pdf.css"
    )


def _header(sheet: Worksheet, headers: list[str], row: int = 1) -> None:
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _program_sheet(sheet: Worksheet, report: Report) -> None:
    program = report.basis.program
    sheet.append([f"{program.code}: {program.name}, earned value of {report.month:%B %Y}"])
    sheet["A1"].font = BOLD
    sheet.append(
        [
            "Status date",
            report.figures.status_date,
            "Closed" if report.closed else "Open: figures as of now",
        ]
    )
    sheet["B2"].number_format = "yyyy-mm-dd"
    sheet.append([])
    _header(sheet, ["Symbol", "Measure", "Value", "Formula", "Note"], row=4)
    for measure in display.program_measures(report):
        value: Decimal | str | None = measure.raw
        if measure.key == "forecast_finish":
            value = measure.value
        sheet.append([measure.symbol, measure.name, value, measure.formula, measure.note])
        cell = sheet.cell(row=sheet.max_row, column=3)
        cell.number_format = {
            "money": MONEY,
            "index": INDEX,
            "percent": PERCENT,
            "periods": "0.0000",
        }.get(measure.unit, "General")
    sheet.append([])
    sheet.append(["Lights", display.light_text(report.lights.overall), "Overall"])
    for text in display.lights_summary(report.lights):
        sheet.append(["", text])
    for column, width in zip("ABCDE", (16, 44, 18, 70, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"


def _format_1_sheet(sheet: Worksheet, report: Report) -> None:
    groups = ["", ""]
    for name, span in display.FORMAT_1_GROUPS[1:]:
        groups += [name] + [""] * (span - 1)
    groups.append("")
    _header(sheet, groups, row=1)
    names = list(display.FORMAT_1_HEADERS)
    _header(sheet, ["WBS", "Control account", *names, "Light"], row=2)
    lines = display.account_lines(report)
    for line in lines:
        sheet.append([line.wbs, line.name, *line.raw, line.light])
        for column in range(3, 3 + len(names)):
            sheet.cell(row=sheet.max_row, column=column).number_format = MONEY
    total = [
        None
        if name in ("EAC", "VAC")
        else sum((line.raw[i] or Decimal(0) for line in lines), Decimal(0))
        for i, name in enumerate(names)
    ]
    total[names.index("EAC", 10)] = report.measures.eac
    total[names.index("VAC", 10)] = report.measures.vac
    sheet.append(["", "Program", *total, display.light_text(report.lights.overall)])
    for column in range(1, 4 + len(names)):
        sheet.cell(row=sheet.max_row, column=column).font = BOLD
        if 3 <= column < 3 + len(names):
            sheet.cell(row=sheet.max_row, column=column).number_format = MONEY
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 36
    sheet.freeze_panes = "C3"


PERIOD_HEADERS = [
    "Month",
    "Status",
    "PV planned (cumulative)",
    "PV",
    "EV",
    "AC",
    "CV",
    "SV",
    "CPI",
    "SPI",
    "EAC",
    "Light",
]


def _periods_sheet(sheet: Worksheet, report: Report) -> None:
    _header(sheet, PERIOD_HEADERS)
    for period in report.periods:
        value = period.value
        row = [f"{period.month:%Y-%m}", period.status, to_dollars(period.planned)]
        if value is not None:
            row += [
                value.pv,
                value.ev,
                value.ac,
                value.cv,
                value.sv,
                value.cpi,
                value.spi,
                period.eac,
                display.light_text(period.lights.overall) if period.lights else "",
            ]
        sheet.append(row)
        for column in (3, 4, 5, 6, 7, 8, 11):
            sheet.cell(row=sheet.max_row, column=column).number_format = MONEY
        for column in (9, 10):
            sheet.cell(row=sheet.max_row, column=column).number_format = INDEX
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["L"].width = 30


def evm_xlsx(report: Report) -> bytes:
    book = Workbook()
    program_sheet = book.active
    assert program_sheet is not None
    program_sheet.title = "Program"
    _program_sheet(program_sheet, report)
    _format_1_sheet(book.create_sheet("Format 1"), report)
    _periods_sheet(book.create_sheet("Periods"), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
