"""The RACI matrix as an Excel workbook, and back.

Export: a "RACI" sheet (group, row, owning party, then one column per matrix column, the
header row frozen, a drop-down list of the variant's codes in every code cell), a "Legend"
sheet and a "Rules" sheet. Import reads the RACI sheet back: rows are matched by title within
their group and columns by their header, so a workbook re-saved by LibreOffice or Excel comes
back whole. Every problem is located by its cell ("RACI!D7") and reported at once; nothing is
written unless the whole sheet is valid, and only cells that differ change.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from programs.choices import OwningParty
from programs.errors import DomainError, ErrorCode
from programs.workbooks import open_uploaded_workbook

from . import rules
from .models import RaciMatrix, Variant
from .selectors.matrix import MatrixData, check_data, matrix_data
from .services.cells import CellEdit, Problem, plan, write

SHEET = "RACI"
FIXED_HEADERS = ("Group", "Activity or deliverable", "Owning party")
FIRST_CODE_COLUMN = len(FIXED_HEADERS) + 1
NOT_AN_EXPORT = "This workbook is not a RACI matrix export: "
PARTY_TEXT = {p.value: p.label for p in OwningParty}


def export_xlsx(matrix: RaciMatrix, data: MatrixData | None = None) -> bytes:
    data = data or matrix_data(matrix)
    codes = rules.VARIANT_CODES[matrix.variant]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    headers = [*FIXED_HEADERS, *(c.label for c in data.columns)]
    sheet.append(headers)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    group_title = {g.pk: g.title for g in data.groups}
    for row in data.rows:
        sheet.append(
            [
                group_title[row.group_id],
                row.title,
                PARTY_TEXT[row.owning_party],
                *(data.cells.get((row.pk, c.pk), ("", 0))[0] or None for c in data.columns),
            ]
        )
    sheet.freeze_panes = sheet.cell(row=2, column=FIRST_CODE_COLUMN)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 14
    last_row = max(len(data.rows) + 1, 2)
    if data.columns:
        last = get_column_letter(FIRST_CODE_COLUMN + len(data.columns) - 1)
        first = get_column_letter(FIRST_CODE_COLUMN)
        validation = DataValidation(
            type="list",
            formula1=f'"{",".join(codes)}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a RACI code",
            error=f"Enter one of {', '.join(codes)}, or leave the cell empty.",
        )
        validation.add(f"{first}2:{last}{last_row}")
        sheet.add_data_validation(validation)
        for index in range(FIRST_CODE_COLUMN, FIRST_CODE_COLUMN + len(data.columns)):
            sheet.column_dimensions[get_column_letter(index)].width = 12

    legend = workbook.create_sheet("Legend")
    legend.append(["Code", "Meaning"])
    for code in codes:
        legend.append([code, rules.CODE_WORDS[code]])
    legend.append([])
    legend.append(["Variant", Variant(matrix.variant).label])
    legend.append(["Rules", "Exactly one A per row; at least one R per row; one code per cell."])
    legend.append(["Program", f"{matrix.program.code}: {matrix.program.name}"])
    for cell in legend[1]:
        cell.font = bold
    legend.column_dimensions["B"].width = 70

    results = check_data(data)
    rules_sheet = workbook.create_sheet("Rules")
    rules_sheet.append(["Severity", "Row", "Column", "Finding"])
    for cell in rules_sheet[1]:
        cell.font = bold
    row_title = {r.pk: r.title for r in data.rows}
    column_label = {c.pk: c.label for c in data.columns}
    warn = PatternFill("solid", fgColor="FFF5C2")
    for violation in results.all():
        rules_sheet.append(
            [
                violation.severity.capitalize(),
                row_title.get(violation.row, ""),
                column_label.get(violation.column, ""),
                violation.message,
            ]
        )
        if violation.severity == rules.WARNING:
            rules_sheet.cell(row=rules_sheet.max_row, column=1).fill = warn
    if not results.all():
        rules_sheet.append(["", "", "", "No findings: every rule is met."])
    rules_sheet.column_dimensions["B"].width = 40
    rules_sheet.column_dimensions["D"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _place(row: int, column: int) -> str:
    return f"{SHEET}!{get_column_letter(column)}{row}"


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


@dataclass
class ImportResult:
    changed: int
    unchanged: int


def read_edits(
    matrix: RaciMatrix, workbook: Any, data: MatrixData
) -> tuple[list[CellEdit], list[Problem]]:
    """The edits the RACI sheet asks for (every cell that has a code or is empty), and every
    problem of its layout, headers and rows."""
    problems: list[Problem] = []
    if SHEET not in workbook.sheetnames:
        raise DomainError(
            NOT_AN_EXPORT + f"it has no sheet named “{SHEET}” (its sheets: "
            f"{', '.join(workbook.sheetnames)}).",
            code=ErrorCode.IMPORT_INVALID,
            field="file",
        )
    sheet = workbook[SHEET]
    header = [_text(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1), ())]
    for index, expected in enumerate(FIXED_HEADERS, start=1):
        found = header[index - 1] if index <= len(header) else ""
        if found != expected:
            raise DomainError(
                NOT_AN_EXPORT + f"{_place(1, index)} reads “{found}” where an export has "
                f"“{expected}”.",
                code=ErrorCode.IMPORT_INVALID,
                field="file",
                extra={"problems": [{"place": _place(1, index), "detail": "moved or renamed"}]},
            )
    for merged in sheet.merged_cells.ranges:
        problems.append(
            Problem(f"{SHEET}!{merged.coord}", "Merged cells: unmerge them, one code per cell.")
        )
    columns = {c.label: c for c in data.columns}
    by_index = {}
    seen: dict[str, str] = {}
    for index in range(FIRST_CODE_COLUMN, len(header) + 1):
        label = header[index - 1]
        place = _place(1, index)
        if not label:
            continue
        if label in seen:
            problems.append(Problem(place, f"“{label}” is already the header of {seen[label]}."))
            continue
        seen[label] = place
        column = columns.get(label)
        if column is None:
            problems.append(
                Problem(
                    place,
                    f"“{label}” is not a column of this matrix (moved or renamed header, or a "
                    "role added in the workbook: add columns in the portal).",
                )
            )
            continue
        by_index[index] = column
    group_of = {g.pk: g.title for g in data.groups}
    rows = {(group_of[r.group_id], r.title): r for r in data.rows}
    edits: list[CellEdit] = []
    matched: set[int] = set()
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        group, title = (
            _text(values[0] if values else None),
            _text(values[1] if len(values) > 1 else None),
        )
        codes = values[FIRST_CODE_COLUMN - 1 :]
        if not group and not title:
            if any(_text(v) for v in codes):
                problems.append(Problem(_place(number, 2), "Codes on a row without a title."))
            continue
        row = rows.get((group, title))
        if row is None:
            problems.append(
                Problem(
                    _place(number, 2),
                    f"No row “{title}” under “{group}” in this matrix: rows are added in the "
                    "portal.",
                )
            )
            continue
        if row.pk in matched:
            problems.append(Problem(_place(number, 2), f"“{title}” appears twice."))
            continue
        matched.add(row.pk)
        for index, column in by_index.items():
            value = values[index - 1] if index - 1 < len(values) else None
            edits.append(
                CellEdit(
                    row=row,
                    column=column,
                    code=_text(value) or None,
                    revision=None,
                    place=_place(number, index),
                )
            )
    return edits, problems


@transaction.atomic
def import_xlsx(*, acting_user: User, matrix: RaciMatrix, data: bytes) -> ImportResult:
    """Apply the workbook's codes, all or nothing; every problem located."""
    from programs import policy

    policy.require(acting_user, "view", matrix)
    workbook = open_uploaded_workbook(data, not_it=NOT_AN_EXPORT, what="a RACI matrix export")
    current = matrix_data(matrix)
    edits, problems = read_edits(matrix, workbook, current)
    planned, more = plan(acting_user=acting_user, matrix=matrix, edits=edits, check_revisions=False)
    problems += more
    if problems:
        raise DomainError(
            f"The workbook was not imported ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}); nothing was changed.",
            code=ErrorCode.IMPORT_INVALID,
            field="file",
            extra={"problems": [p.as_dict() for p in problems]},
        )
    write(acting_user=acting_user, matrix=matrix, planned=planned, source="import")
    return ImportResult(changed=len(planned), unchanged=len(edits) - len(planned))
