"""A month's expenditure report read from its workbook (the layout of
``exports.expenditure``): sheet "Expenditure" (WBS, Control account, Actual cost, Correction
reason, in that order), optional sheet "Hours" (Resource or role, Hours), optional sheet
"Report" (the month in B1, the narrative in B2).

Every problem is located by sheet and cell as the person sees them ("Expenditure!C7: the
actual cost is not a number") and all are reported at once; the caller writes nothing
unless there are none. A column the layout does not have, or one moved from its place,
refuses the sheet naming it. A row with a WBS and no actual cost charges nothing (the blank
workbook lists every account)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter

from programs import limits
from programs.errors import DomainError, ErrorCode

from ..exports.expenditure import EXPENDITURE, HOURS, HOURS_HEADERS, LINE_HEADERS, REPORT
from ..models import ControlAccount

NOT_A_REPORT = "This workbook is not an expenditure report: "
MAX_LINE_ROWS = 2_000
MAX_HOURS_ROWS = 500
MAX_PROBLEMS = 200
MAX_AMOUNT = Decimal("999999999999.99")
MAX_HOURS = Decimal("1000000")
MAX_REASON_LENGTH = 2_000
MAX_RESOURCE_LENGTH = 200
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    message: str

    @property
    def place(self) -> str:
        return f"{self.sheet}!{self.cell}"

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"place": self.place, "sheet": self.sheet, "cell": self.cell, "detail": self.message}


@dataclass
class SheetReport:
    month: dt.date | None = None
    narrative: str = ""
    #: (WBS, amount, correction reason) per charged row, in the sheet's order.
    lines: list[tuple[str, Decimal, str]] = field(default_factory=list)
    hours: list[tuple[str, Decimal]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def refused(message: str, problems: list[Problem]) -> DomainError:
    shown = problems[:MAX_PROBLEMS]
    return DomainError(
        message,
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={
            "problems": [p.as_dict() for p in shown],
            "more_problems": len(problems) - len(shown),
        },
    )


def _words(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any, *, what: str, limit: Decimal) -> Decimal:
    """A cell's number to the cent; ValueError says what is wrong."""
    if isinstance(value, bool):
        raise ValueError(f"{what} is not a number")
    if isinstance(value, float):
        rounded = round(Decimal(repr(value)), 2)
        if abs(Decimal(repr(value)) - rounded) > Decimal("0.000001"):
            raise ValueError(f"{what} is to the cent at most (two decimals)")
        amount = rounded
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace(",", "").removeprefix("$")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{what} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{what} is not a number")
    if abs(amount) > limit:
        raise ValueError(f"{what} is at most {limit:,} either way")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{what} is to the cent at most (two decimals)")
    return amount.quantize(CENT)


def _check_header(sheet: Any, name: str, expected: tuple[str, ...]) -> list[Problem]:
    row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    problems = []
    wanted = [h.casefold() for h in expected]
    for index, value in enumerate(row):
        header = _words(value)
        cell = f"{get_column_letter(index + 1)}1"
        if index < len(expected):
            if header.casefold() != wanted[index]:
                where = (
                    f" (it is column {get_column_letter(wanted.index(header.casefold()) + 1)})"
                    if header.casefold() in wanted
                    else ""
                )
                problems.append(
                    Problem(
                        name,
                        cell,
                        f"this column is “{expected[index]}”, not “{header or 'empty'}”{where}; "
                        "keep the template's columns in their places.",
                    )
                )
        elif header:
            problems.append(Problem(name, cell, f"“{header}” is not a column of the {name} sheet."))
    for index in range(len(row), len(expected)):
        problems.append(
            Problem(name, f"{get_column_letter(index + 1)}1", f"“{expected[index]}” is missing.")
        )
    return problems


def read_workbook(workbook: Any, accounts: list[ControlAccount]) -> SheetReport:
    """The report the workbook holds, its lines checked against the program's ``accounts``
    (active, one line each, a negative cost with its reason)."""
    if EXPENDITURE not in workbook.sheetnames:
        raise refused(
            NOT_A_REPORT + f"it has no sheet named “{EXPENDITURE}” (its sheets: "
            f"{', '.join(workbook.sheetnames)[:300]}).",
            [],
        )
    found = SheetReport()
    _read_lines(workbook[EXPENDITURE], {a.wbs: a for a in accounts}, found)
    if HOURS in workbook.sheetnames:
        _read_hours(workbook[HOURS], found)
    if REPORT in workbook.sheetnames:
        _read_about(workbook[REPORT], found)
    if not found.lines and not found.problems:
        found.problems.append(
            Problem(EXPENDITURE, "C2", "no row has an actual cost: a report has at least one.")
        )
    return found


def _read_lines(sheet: Any, accounts: dict[str, ControlAccount], found: SheetReport) -> None:
    header = _check_header(sheet, EXPENDITURE, LINE_HEADERS)
    if header:
        raise refused(
            f"The workbook was not imported: the {EXPENDITURE} sheet's header row has "
            f"{len(header)} problem{'s' if len(header) != 1 else ''}; nothing was changed.",
            header,
        )
    seen: dict[str, int] = {}
    rows = 0
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = tuple(cells) + (None,) * 4
        if all(_blank(v) for v in cells):
            continue
        rows += 1
        if rows > MAX_LINE_ROWS:
            raise refused(
                f"The {EXPENDITURE} sheet has more than {MAX_LINE_ROWS:,} rows; nothing was "
                "changed.",
                found.problems,
            )
        wbs, _, amount_cell, reason_cell = cells[:4]
        wbs = _words(wbs)
        reason = str(reason_cell or "").strip()
        if _blank(amount_cell):
            if reason and wbs:
                found.problems.append(
                    Problem(EXPENDITURE, f"C{number}", "a correction reason, no actual cost.")
                )
            continue
        try:
            amount = _number(amount_cell, what="the actual cost", limit=MAX_AMOUNT)
        except ValueError as exc:
            found.problems.append(Problem(EXPENDITURE, f"C{number}", f"{exc}."))
            amount = None
        account = accounts.get(wbs)
        if not wbs:
            found.problems.append(Problem(EXPENDITURE, f"A{number}", "the WBS is required."))
        elif account is None:
            found.problems.append(
                Problem(
                    EXPENDITURE,
                    f"A{number}",
                    f"{wbs[:60]} is not a control account of the program.",
                )
            )
        elif not account.active:
            found.problems.append(
                Problem(
                    EXPENDITURE,
                    f"A{number}",
                    f"control account {wbs} is no longer in the agreed baseline.",
                )
            )
        elif wbs in seen:
            found.problems.append(
                Problem(
                    EXPENDITURE,
                    f"A{number}",
                    f"control account {wbs} has a row already (row {seen[wbs]}); one per account.",
                )
            )
        if wbs and wbs not in seen:
            seen[wbs] = number
        problem = limits.text_error(reason, limit=MAX_REASON_LENGTH, what="the correction reason")
        if problem:
            found.problems.append(Problem(EXPENDITURE, f"D{number}", problem))
        if amount is not None and amount < 0 and not reason:
            found.problems.append(
                Problem(
                    EXPENDITURE,
                    f"D{number}",
                    "a negative actual cost corrects an earlier month and needs its correction "
                    "reason.",
                )
            )
        if amount is not None:
            found.lines.append((wbs, amount, reason))


def _read_hours(sheet: Any, found: SheetReport) -> None:
    header = _check_header(sheet, HOURS, HOURS_HEADERS)
    if header:
        raise refused(
            f"The workbook was not imported: the {HOURS} sheet's header row has "
            f"{len(header)} problem{'s' if len(header) != 1 else ''}; nothing was changed.",
            header,
        )
    seen: dict[str, int] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = tuple(cells) + (None,) * 2
        if all(_blank(v) for v in cells):
            continue
        if len(found.hours) >= MAX_HOURS_ROWS:
            found.problems.append(
                Problem(HOURS, f"A{number}", f"a report gives hours for {MAX_HOURS_ROWS} at most.")
            )
            return
        resource, value = _words(cells[0]), cells[1]
        if not resource:
            found.problems.append(Problem(HOURS, f"A{number}", "the resource or role is required."))
        elif len(resource) > MAX_RESOURCE_LENGTH:
            found.problems.append(
                Problem(HOURS, f"A{number}", f"at most {MAX_RESOURCE_LENGTH} characters.")
            )
        elif resource.casefold() in seen:
            found.problems.append(
                Problem(
                    HOURS,
                    f"A{number}",
                    f"{resource} has hours already (row {seen[resource.casefold()]}).",
                )
            )
        else:
            seen[resource.casefold()] = number
        if _blank(value):
            found.problems.append(Problem(HOURS, f"B{number}", "the hours are required."))
            continue
        try:
            hours = _number(value, what="the number of hours", limit=MAX_HOURS)
        except ValueError as exc:
            found.problems.append(Problem(HOURS, f"B{number}", f"{exc}."))
            continue
        if hours < 0:
            found.problems.append(Problem(HOURS, f"B{number}", "hours are not negative."))
            continue
        found.hours.append((resource, hours))


def _read_about(sheet: Any, found: SheetReport) -> None:
    month = sheet["B1"].value
    if isinstance(month, dt.datetime):
        month = month.date()
    if isinstance(month, dt.date):
        found.month = month.replace(day=1)
    elif not _blank(month):
        try:
            found.month = dt.date.fromisoformat(f"{str(month).strip()[:7]}-01")
        except ValueError:
            found.problems.append(
                Problem(REPORT, "B1", f"“{str(month)[:20]}” is not a month (YYYY-MM).")
            )
    narrative = str(sheet["B2"].value or "").strip()
    problem = limits.text_error(narrative, limit=limits.MAX_TEXT_LENGTH, what="the narrative")
    if problem:
        found.problems.append(Problem(REPORT, "B2", problem))
    found.narrative = narrative
