"""The RAID log's sheet read into rows: the header row names the columns (those of the export,
in any order, without regard to case or spacing), each following row that is not empty is an
item. A header the import does not know, one that appears twice or a required one missing
refuses the sheet whole; a cell that cannot be read is a problem of its row, located by the
row's number and the column's header, and placed in the sheet as a spreadsheet names a cell
(RAID log!F7)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from programs.errors import DomainError, ErrorCode

from ..choices import RaidKind
from .raid_columns import BY_KEY, REQUIRED, CellError, ImportColumn, Reading, key, words
from .raid_links import Target

SHEET = "RAID log"
NOT_A_LOG = "This workbook is not a RAID log: "
#: A register far larger than a program keeps; a sheet with more rows is refused unread.
MAX_ROWS = 10_000
_REFERENCE = re.compile(r"([RAID])-(\d{1,9})", re.IGNORECASE)
_KIND_OF_PREFIX = {RaidKind(k).prefix: str(k) for k in RaidKind.values}


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: the sheet's row number and the column's header (``row`` None
    for a problem of the whole sheet); once located (``Layout.locate``), the sheet's name and
    the cell's address as the spreadsheet shows them (RAID log!F7)."""

    row: int | None
    column: str
    message: str
    sheet: str = ""
    cell: str = ""

    @property
    def place(self) -> str:
        if self.cell:
            return f"{self.sheet}!{self.cell} ({self.column})"
        where = f"{self.sheet}, row" if self.sheet else "Row"
        return f"{where} {self.row}, {self.column}" if self.row else self.column

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "place": self.place,
            "detail": self.message,
        }


@dataclass(frozen=True)
class Layout:
    """The sheet's name and the letter of each column's header, to locate problems."""

    sheet: str
    letters: dict[str, str]

    def locate(self, problem: Problem) -> Problem:
        letter = self.letters.get(problem.column, "")
        cell = f"{letter}{problem.row}" if letter and problem.row else problem.cell
        return replace(problem, sheet=self.sheet, cell=cell)


@dataclass
class SheetRow:
    """One item of the sheet. ``values`` holds the fields of the columns present; ``checked``
    the status and the dates the steps of its life cycle set (done, last reviewed), which
    change only by those steps; ``links`` the references of its Links cell (None without
    that column)."""

    number: int
    reference: tuple[str, int] | None = None
    kind: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    checked: dict[str, Any] = field(default_factory=dict)
    links: tuple[Target, ...] | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def reference_text(self) -> str:
        if self.reference is None:
            return ""
        return f"{RaidKind(self.reference[0]).prefix}-{self.reference[1]}"


def _refused(message: str, problems: list[Problem] | None = None) -> DomainError:
    return DomainError(
        message,
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={"problems": [p.as_dict() for p in problems or []], "more_problems": 0},
    )


def _sheet(workbook: Any) -> Any:
    if SHEET in workbook.sheetnames:
        return workbook[SHEET]
    if len(workbook.sheetnames) == 1:
        return workbook.worksheets[0]
    raise _refused(
        NOT_A_LOG + f"it has no sheet named “{SHEET}” (its sheets: "
        f"{', '.join(workbook.sheetnames)})."
    )


def read_header(cells: tuple[Any, ...], sheet: str = SHEET) -> dict[int, ImportColumn]:
    """The column at each position of the header row; refuses unknown, repeated and missing
    headers, all of them at once."""
    problems: list[Problem] = []
    columns: dict[int, ImportColumn] = {}
    seen: dict[str, int] = {}
    for index, value in enumerate(cells):
        header = words(value)
        if not header:
            continue
        column = BY_KEY.get(key(header))
        if column is None:
            problems.append(
                Problem(
                    1,
                    header,
                    "not a column of the RAID log: give it the header of the export's column "
                    "it holds, or delete it.",
                    sheet,
                    f"{_letter(index)}1",
                )
            )
            continue
        if column.header in seen:
            problems.append(
                Problem(
                    1,
                    header,
                    f"the header of two columns ({_letter(seen[column.header])} and "
                    f"{_letter(index)}): keep one.",
                    sheet,
                    f"{_letter(index)}1",
                )
            )
            continue
        seen[column.header] = index
        columns[index] = column
    for header in REQUIRED:
        if header not in seen:
            problems.append(
                Problem(1, header, "no column has this header; the import needs it.", sheet)
            )
    if problems:
        raise _refused(
            f"The workbook was not imported: its header row has {len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}; nothing was changed.",
            problems,
        )
    return columns


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_row(
    number: int, cells: tuple[Any, ...], columns: dict[int, ImportColumn], reading: Reading
) -> SheetRow:
    row = SheetRow(number)
    for index, column in columns.items():
        value = cells[index] if index < len(cells) else None
        if column.role == "computed":
            continue
        if column.role == "reference":
            _read_reference(row, column, value)
            continue
        try:
            read = column.read(value, reading)
        except CellError as exc:
            row.problems.append(Problem(number, column.header, exc.message))
            continue
        if column.role == "kind":
            row.kind = read
        elif column.role in ("status", "workflow"):
            row.checked[column.field] = read
        elif column.role == "links":
            row.links = read
        else:
            row.values[column.field] = read
    return row


def _read_reference(row: SheetRow, column: ImportColumn, value: Any) -> None:
    text = words(value)
    if not text:
        return
    match = _REFERENCE.fullmatch(text)
    if match is None:
        row.problems.append(
            Problem(
                row.number,
                column.header,
                f"“{text}” is not a reference of the RAID log (R-12, A-40, I-7, D-3); leave "
                "it empty to record a new item.",
            )
        )
        return
    row.reference = (_KIND_OF_PREFIX[match.group(1).upper()], int(match.group(2)))


def read_sheet(workbook: Any, reading: Reading) -> tuple[Layout, list[SheetRow]]:
    """Every item row of the workbook's RAID log sheet, read; each carries its problems."""
    sheet = _sheet(workbook)
    lines = sheet.iter_rows(values_only=True)
    columns = read_header(next(lines, ()), sheet.title)
    layout = Layout(sheet.title, {c.header: _letter(i) for i, c in columns.items()})
    rows: list[SheetRow] = []
    for number, cells in enumerate(lines, start=2):
        if all(_blank(v) for v in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise _refused(
                f"The sheet has more than {MAX_ROWS:,} items; import the log in parts of at "
                "most that many rows. Nothing was changed."
            )
        rows.append(read_row(number, cells, columns, reading))
    return layout, rows


def is_empty(value: Any) -> bool:
    """A cell that says nothing: empty, or No in a yes-or-no column."""
    return value is None or value == "" or value is False
