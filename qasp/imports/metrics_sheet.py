"""A file of the provider's service metrics, one month's values (or several): an Excel
workbook (.xlsx, its sheet "Metrics" or else its first) or a CSV file (UTF-8, a byte-order
mark allowed, commas or semicolons). The first row names the columns, in any order and any
case: Standard, Period, Population, Sample size, Defects, Measured value, Source, Notes
(Standard and Period are required; the others may be left out).

Each row becomes a ``MetricRow`` numbered as the person sees it (the header is row 1); what
cannot be read (a text in a number cell, a period that is no date) becomes a ``RowProblem``
naming the row and the column. A row with no figure, no source and no notes is left out,
as the template lists every standard. The checks against the plan are the services'."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from programs import filetypes
from programs.errors import DomainError, ErrorCode
from programs.workbooks import open_uploaded_workbook

from .. import periods
from ..choices import SurveillanceFrequency
from ..models import SAMPLING_METHODS
from ..services.metric_checks import COLUMNS, MetricRow, RowProblem
from ..standards import Standard

SHEET = "Metrics"
NOT_IT = "This file is not a metrics file: "
MAX_ROWS = 500
REQUIRED = ("standard_code", "period")
_BY_HEADER = {label.casefold(): name for name, label in COLUMNS.items()}
_FIGURES = ("population", "sample_size", "defects", "measured_value")
_COUNTS = ("population", "sample_size", "defects")
_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%B"), dt.date(2000, number, 1).strftime("%b"))
}
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")


def _refused(message: str) -> DomainError:
    return DomainError(NOT_IT + message, code=ErrorCode.IMPORT_INVALID, field="file")


def _words(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_file(data: bytes, filename: str) -> tuple[list[MetricRow], list[RowProblem]]:
    """The rows of ``data`` (uploaded as ``filename``) and what cannot be read in them; a
    file that is neither a workbook nor a CSV file, or has no usable header, is refused
    whole."""
    kind = filetypes.identify(filename, io.BytesIO(data))
    if kind == filetypes.XLSX:
        return _parse(_workbook_rows(data))
    if kind == filetypes.CSV:
        table, delimiter = _csv_rows(data)
        return _parse(table, decimal_comma=delimiter == ";")
    raise _refused(f"“{filename}” is {kind.label}; upload an Excel workbook or a CSV file.")


def _workbook_rows(data: bytes) -> list[tuple[Any, ...]]:
    workbook = open_uploaded_workbook(data, not_it=NOT_IT, what="a metrics file", read_only=True)
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = []
    for cells in sheet.iter_rows(values_only=True):
        rows.append(tuple(cells))
        if len(rows) > MAX_ROWS + 1 + 50:  # blank rows are skipped later; stop reading soon
            break
    workbook.close()
    return rows


def _csv_rows(data: bytes) -> tuple[list[tuple[Any, ...]], str]:
    text = data.decode("utf-8-sig")  # filetypes checked it is UTF-8
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    try:
        rows = [tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise _refused(f"it cannot be read as CSV ({exc}).") from exc
    return rows, delimiter


def _header(row: tuple[Any, ...]) -> dict[int, str]:
    columns: dict[int, str] = {}
    problems = []
    for index, value in enumerate(row):
        header = _words(value)
        if not header:
            continue
        name = _BY_HEADER.get(header.casefold())
        if name is None:
            problems.append(f"“{header[:40]}” is not a column of a metrics file")
        elif name in columns.values():
            problems.append(f"“{COLUMNS[name]}” is there twice")
        else:
            columns[index] = name
    missing = [COLUMNS[name] for name in REQUIRED if name not in columns.values()]
    if missing:
        problems.append(
            f"the column{'s' if len(missing) > 1 else ''} {' and '.join(missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing"
        )
    if problems:
        raise _refused(
            "its first row names the columns (Standard, Period, Population, Sample size, "
            "Defects, Measured value, Source, Notes, in any order): " + "; ".join(problems) + "."
        )
    return columns


def _parse(
    table: list[tuple[Any, ...]], decimal_comma: bool = False
) -> tuple[list[MetricRow], list[RowProblem]]:
    """``decimal_comma``: a CSV file of semicolons writes 99,7 for 99.7."""
    if not table or all(_blank(v) for v in table[0]):
        raise _refused("its first row is empty: it names the columns.")
    columns = _header(table[0])
    rows: list[MetricRow] = []
    problems: list[RowProblem] = []
    for number, cells in enumerate(table[1:], start=2):
        raw = {name: cells[i] if i < len(cells) else None for i, name in columns.items()}
        if all(_blank(v) for v in raw.values()):
            continue
        if all(_blank(raw.get(n)) for n in (*_FIGURES, "source", "notes")):
            continue  # a template row left empty
        if len(rows) + len({p.row for p in problems}) >= MAX_ROWS:
            raise _refused(f"it has more than {MAX_ROWS} rows of values; split it.")
        unreadable: list[RowProblem] = []
        values: dict[str, Any] = {
            "standard_code": _words(raw.get("standard_code")),
            "source": _words(raw.get("source")),
            "notes": str(raw.get("notes") or "").strip(),
        }
        for name, reader in (
            ("period", _period),
            *((n, _count) for n in _COUNTS),
            ("measured_value", _decimal),
        ):
            try:
                values[name] = reader(raw.get(name), decimal_comma)
            except ValueError as exc:
                unreadable.append(RowProblem(number, COLUMNS[name], str(exc)))
        if unreadable:  # checked against the plan once it can be read
            problems.extend(unreadable)
        else:
            rows.append(MetricRow(number, values))
    return rows, problems


def _period(value: Any, decimal_comma: bool = False) -> dt.date | None:
    """A date cell, or "2026-07", "2026-07-01", "July 2026", "Jul 2026" (its first day)."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _words(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _YEAR_MONTH.fullmatch(text)
    if match and 1 <= int(match[2]) <= 12:
        return dt.date(int(match[1]), int(match[2]), 1)
    match = _MONTH_YEAR.fullmatch(text)
    if match and match[1].casefold() in _MONTHS:
        return dt.date(int(match[2]), _MONTHS[match[1].casefold()], 1)
    raise ValueError(f"“{text[:40]}” is not a period: give a date, 2026-07 or July 2026.")


def _number(value: Any, decimal_comma: bool = False) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    text = _words(value).replace(" ", "").removesuffix("%")
    if decimal_comma and "," in text:  # 99,7 in a file of semicolons
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a number")
    return number


def _count(value: Any, decimal_comma: bool = False) -> int | None:
    if _blank(value):
        return None
    try:
        number = _number(value, decimal_comma)
    except ValueError:
        raise ValueError(f"“{_words(value)[:40]}” is not a whole number.") from None
    if number != number.to_integral_value():
        raise ValueError(f"{number.normalize():f} is not a whole number.")
    return int(number)


def _decimal(value: Any, decimal_comma: bool = False) -> Decimal | None:
    if _blank(value):
        return None
    try:
        return _number(value, decimal_comma)
    except ValueError:
        raise ValueError(f"“{_words(value)[:40]}” is not a number.") from None


def template_workbook(standards: list[Standard], today: dt.date) -> bytes:
    """The file to fill in: the Metrics sheet with a row per scheduled standard for its last
    period ended by ``today`` (rows left without figures are not imported), and a Standards
    sheet saying what each standard's row needs."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS.values()))
    for standard in standards:
        if standard.frequency not in periods.SCHEDULED:
            continue
        current = periods.period_start(today, standard.frequency)
        last = periods.period_start(current - dt.timedelta(days=1), standard.frequency)
        sheet.append([standard.code, last.strftime("%Y-%m")])
    help_sheet = workbook.create_sheet("Standards")
    help_sheet.append(["Standard", "Performance standard", "AQL", "Frequency", "Give"])
    for standard in standards:
        give = (
            "Population, Sample size, Defects"
            if standard.method in SAMPLING_METHODS
            else f"Measured value ({standard.unit})"
        )
        help_sheet.append(
            [
                standard.code,
                standard.standard,
                standard.aql_text,
                str(SurveillanceFrequency(standard.frequency).label),
                give,
            ]
        )
    layout = ((sheet, (12, 12, 12, 12, 10, 16, 40, 40)), (help_sheet, (12, 50, 22, 12, 36)))
    for ws, widths in layout:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
