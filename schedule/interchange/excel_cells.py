"""The building blocks of the portal's workbooks: sheets written row by row with XlsxWriter,
and typed reads of a sheet's cells that record every problem with its sheet, row and column."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from schedule.engine.model import WorkingTimes
from schedule.interchange.errors import FileProblem
from schedule.interchange.working_times import WorkingTimesError, parse_working_times

DATE_FORMAT = "yyyy-mm-dd hh:mm"
DAYS_FORMAT = "0.00"
HOURS_FORMAT = "0.00"
MONEY_FORMAT = "#,##0.00"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OWNER_PARTIES = ("customer", "provider", "shared")


class Sheet:
    """A sheet with a bold, frozen header row, an autofilter and set widths, written row by
    row with XlsxWriter (openpyxl, which reads the workbooks, took 1.8 times as long to write
    10,000 tasks)."""

    def __init__(
        self, workbook: Workbook, title: str, header: Sequence[str], widths: Sequence[int]
    ):
        self.workbook = workbook
        self.sheet = workbook.book.add_worksheet(title)
        for index, width in enumerate(widths):
            # XlsxWriter pads a width by 5 pixels of the 7-pixel default digit: the column
            # is stored (and read back) as exactly ``width`` characters, as before.
            self.sheet.set_column(index, index, width - 5 / 7)
        self.sheet.freeze_panes(1, 0)
        self.columns = len(header)
        self.rows = 0
        self.header(header)

    def header(self, names: Sequence[str]) -> None:
        self.sheet.write_row(self.rows, 0, list(names), self.workbook.bold)
        self.rows += 1

    def row(self, values: Iterable[Any], formats: dict[int, str] | None = None) -> None:
        write_string = self.sheet.write_string
        write_number = self.sheet.write_number
        row = self.rows
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                # A workbook cannot hold control characters: a name or note typed with one
                # is written without it. isprintable() is the cheap test that spares nearly
                # every cell the regular expression.
                if not value.isprintable():
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                write_string(row, index, value)
                continue
            number_format = formats.get(index) if formats else None
            if kind is datetime or kind is date:
                value = serial(value)
            elif kind is bool:
                value = int(value)
            elif not isinstance(value, int | float):
                write_string(row, index, str(value))
                continue
            if number_format is None:
                write_number(row, index, value)
            else:
                write_number(row, index, value, self.workbook.format(number_format))
        self.rows += 1

    def filter(self, first_row: int = 1) -> None:
        self.sheet.autofilter(first_row - 1, 0, max(self.rows, first_row) - 1, self.columns - 1)


class Workbook:
    """An XlsxWriter workbook with the few cell formats the sheets share. Constant-memory
    mode writes rows to temporary files as they come and strings inline (no shared-string
    table), which openpyxl, Excel and LibreOffice all read."""

    def __init__(self, buffer: io.BytesIO) -> None:
        self.book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
        self.bold = self.book.add_format({"bold": True})
        self.formats: dict[str, Any] = {}

    def format(self, number_format: str) -> Any:
        found = self.formats.get(number_format)
        if found is None:
            found = self.formats[number_format] = self.book.add_format(
                {"num_format": number_format}
            )
        return found


_EXCEL_EPOCH = datetime(1899, 12, 30)


def serial(value: date) -> float:
    """A date as Excel stores it: days since its epoch, the time of day as the fraction.
    Converted here, in one subtraction, rather than by openpyxl cell by cell (a schedule
    workbook carries tens of thousands of dates); the cell's date format shows it as a date
    and reads back as one."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    return (moment - _EXCEL_EPOCH) / _DAY


_DAY = timedelta(days=1)


def yes(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


def money(value: Decimal | None) -> float | None:
    """A Decimal as the number a cell holds (a workbook has no decimal type)."""
    return None if value is None else float(value)


class Cells:
    """Typed reads of one sheet's cells, each failure recorded with sheet, row and column."""

    def __init__(self, sheet: str, problems: list[FileProblem]) -> None:
        self.sheet = sheet
        self.problems = problems

    def problem(self, row: int, column: str, message: str) -> None:
        where = f"sheet {self.sheet}, row {row}" + (f", column {column}" if column else "")
        self.problems.append(FileProblem(where, message))

    @staticmethod
    def blank(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def text(self, value: Any) -> str:
        if self.blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def number(self, row: int, column: str, value: Any, what: str) -> float | None:
        if self.blank(value):
            return None
        if isinstance(value, bool):
            self.problem(row, column, f"{value!r} is not {what}")
            return None
        if isinstance(value, int | float):
            number = float(value)
        else:
            try:
                number = float(str(value).strip().replace(",", "."))
            except ValueError:
                self.problem(row, column, f"'{value}' is not {what}")
                return None
        if not math.isfinite(number):
            self.problem(row, column, f"'{value}' is not {what}")
            return None
        return number

    def whole(self, row: int, column: str, value: Any, what: str) -> int | None:
        number = self.number(row, column, value, what)
        if number is None:
            return None
        if not number.is_integer():
            self.problem(row, column, f"'{value}' is not {what} (a whole number)")
            return None
        return int(number)

    def moment(self, row: int, column: str, value: Any) -> datetime | None:
        if self.blank(value):
            return None
        if isinstance(value, datetime):
            return value.replace(microsecond=0, tzinfo=None)
        if isinstance(value, date):
            return datetime.combine(value, time())
        try:
            return datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            self.problem(row, column, f"'{value}' is not a date (like 2025-03-31 08:00)")
            return None

    def day(self, row: int, column: str, value: Any) -> date | None:
        moment = self.moment(row, column, value)
        return None if moment is None else moment.date()

    def yes_no(self, row: int, column: str, value: Any) -> bool:
        if self.blank(value):
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in {"yes", "y", "true", "1", "x"}:
            return True
        if text in {"no", "n", "false", "0"}:
            return False
        self.problem(row, column, f"'{value}' is not Yes or No")
        return False

    def working_times(self, row: int, column: str, value: Any) -> WorkingTimes:
        try:
            return parse_working_times(self.text(value))
        except WorkingTimesError as error:
            self.problem(row, column, f"'{error.part}' {error.reason}")
            return ()

    def amount(
        self, row: int, column: str, value: Any, step: Decimal = Decimal("0.01")
    ) -> Decimal | None:
        """Money (or a rate, with ``step`` 0.0001), not negative."""
        number = self.number(row, column, value, "an amount")
        if number is None:
            return None
        if number < 0:
            self.problem(row, column, "an amount cannot be negative")
            return None
        return Decimal(repr(number)).quantize(step, rounding=ROUND_HALF_UP)


def sheet_rows(workbook: Any, name: str) -> list[tuple[Any, ...]]:
    if name not in workbook.sheetnames:
        return []
    return [tuple(row) for row in workbook[name].iter_rows(values_only=True)]


def header_index(
    cells: Cells, header: tuple[Any, ...], wanted: Sequence[str], required: Sequence[str]
) -> dict[str, int]:
    found = {cells.text(v).casefold(): i for i, v in enumerate(header) if not cells.blank(v)}
    index = {name: found[name.casefold()] for name in wanted if name.casefold() in found}
    for name in required:
        if name not in index:
            cells.problem(1, name, "the column is missing from the header row")
    return index
