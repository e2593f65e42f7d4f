"""The checks of the service metrics the provider reports, for one submission or many: read
the approved QASP once, check each submission as a surveillance record is checked
(``surveillance.check_period`` and ``check_figures``) and against what is already taken (an
open submission, or the customer's own record, of the standard and period), and locate every
problem of many rows by row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from programs import limits
from programs.errors import DomainError, ErrorCode
from programs.models import Program

from .. import periods
from ..choices import MetricStatus
from ..models import SAMPLING_METHODS, MetricSubmission, SurveillanceRecord
from ..standards import Standard, approved_version, standards_of
from .surveillance import check_figures, check_period

#: A submission's values, as the page, the API and a file row give them.
VALUE_FIELDS = [
    "standard_code",
    "period",
    "population",
    "sample_size",
    "defects",
    "measured_value",
    "source",
    "notes",
]
#: The columns of a metrics file, by the field each fills (also how a problem names it).
COLUMNS = {
    "standard_code": "Standard",
    "period": "Period",
    "population": "Population",
    "sample_size": "Sample size",
    "defects": "Defects",
    "measured_value": "Measured value",
    "source": "Source",
    "notes": "Notes",
}
MAX_SOURCE_LENGTH = 200
#: Problems a refusal of many rows lists at most (the count of the others follows).
MAX_PROBLEMS = 200
AUDITED = [*VALUE_FIELDS, "status", "file_name"]


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row of many: its number as the person sees it (the sheet's row,
    or the position in an API list), the column, and what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "place": f"Row {self.row}, {self.column}",
            "row": self.row,
            "column": self.column,
            "detail": self.message,
        }


@dataclass
class MetricRow:
    """One submission of many: its row number and values (``VALUE_FIELDS``)."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)


def rows_refused(problems: list[RowProblem], *, what: str = "The metrics") -> DomainError:
    shown = problems[:MAX_PROBLEMS]
    count = len(problems)
    return DomainError(
        f"{what} were not submitted: {count} problem{'s' if count != 1 else ''}; nothing was "
        "saved.",
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={
            "problems": [p.as_dict() for p in shown],
            "more_problems": count - len(shown),
        },
    )


class MetricPlan:
    """The approved QASP's standards and agreed period, and what is already taken: read
    once for one submission or many."""

    def __init__(self, program: Program) -> None:
        version = approved_version(program)
        if version is None:
            raise DomainError(
                f"{program.name} has no approved QASP: metrics are reported against its standards.",
                field="standard_code",
            )
        self.standards = {s.code.casefold(): s for s in standards_of(version.content)}
        self.agreed = periods.agreed_period(version.content)
        self.open = set(
            MetricSubmission.objects.filter(program=program)
            .exclude(status=MetricStatus.REJECTED)
            .values_list("standard_code", "period")
        )
        self.recorded = set(
            SurveillanceRecord.objects.filter(program=program).values_list(
                "standard_code", "period"
            )
        )

    def check(self, values: dict[str, Any]) -> tuple[Standard, dict[str, Any]]:
        """The standard and the cleaned values of one submission; a DomainError naming the
        field otherwise."""
        code = " ".join(str(values.get("standard_code") or "").split())
        standard = self.standards.get(code.casefold())
        if standard is None:
            raise DomainError(
                f"The approved QASP has no standard {code or '(none given)'}.",
                field="standard_code",
            )
        if self.agreed is None:
            raise DomainError("The approved QASP states no surveillance period.", field="period")
        period = values.get("period")
        limits.check_date(period, field="period", what="The period")
        check_period(standard, self.agreed, period)
        assert period is not None
        sampling = standard.method in SAMPLING_METHODS
        cleaned = {
            "standard_code": standard.code,
            "period": period,
            "population": values.get("population") if sampling else None,
            "sample_size": values.get("sample_size") if sampling else None,
            "defects": values.get("defects") if sampling else None,
            "measured_value": None if sampling else _decimal(values.get("measured_value")),
            "source": " ".join(str(values.get("source") or "").split()),
            "notes": str(values.get("notes") or "").strip(),
        }
        check_figures(standard.method, standard.direction, cleaned)
        for name, number in (
            ("population", cleaned["population"]),
            ("sample_size", cleaned["sample_size"]),
            ("defects", cleaned["defects"]),
        ):
            if number is not None and number > limits.MAX_WHOLE_NUMBER:
                raise DomainError(
                    f"The {COLUMNS[name].lower()} is at most {limits.MAX_WHOLE_NUMBER:,}.",
                    field=name,
                )
        measured = cleaned["measured_value"]
        if measured is not None and (
            measured >= Decimal("1e8") or measured != measured.quantize(Decimal("0.0001"))
        ):
            raise DomainError(
                "The measured value is under 100,000,000, to four decimals at most.",
                field="measured_value",
            )
        limits.check_text(
            cleaned["source"], field="source", limit=MAX_SOURCE_LENGTH, what="The source"
        )
        limits.check_text(
            cleaned["notes"], field="notes", limit=limits.MAX_TEXT_LENGTH, what="The notes"
        )
        key = (standard.code, period)
        label = periods.period_label(period, standard.frequency)
        if key in self.recorded:
            raise DomainError(
                f"The customer has already recorded {standard.code} for {label}.", field="period"
            )
        if key in self.open:
            raise DomainError(
                f"{standard.code} already has a submission for {label} (awaiting validation "
                "or validated); withdraw it or wait for its rejection to submit again.",
                field="period",
            )
        return standard, cleaned


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def check_rows(
    program: Program, rows: list[MetricRow]
) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """Every row checked against the plan and against the rows before it (one per standard
    and period): the cleaned values and the problems, each located by row and column."""
    plan = MetricPlan(program)
    seen: dict[tuple[str, date], int] = {}
    cleaned_rows: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    for row in rows:
        try:
            standard, cleaned = plan.check(row.values)
        except DomainError as exc:
            column = COLUMNS.get(exc.field or "", "Standard")
            problems.append(RowProblem(row.row, column, str(exc)))
            continue
        key = (standard.code, cleaned["period"])
        if key in seen:
            label = periods.period_label(cleaned["period"], standard.frequency)
            problems.append(
                RowProblem(
                    row.row,
                    COLUMNS["period"],
                    f"{standard.code} for {label} is already in row {seen[key]}; one row per "
                    "standard and period.",
                )
            )
            continue
        seen[key] = row.row
        cleaned_rows.append(cleaned)
    return cleaned_rows, problems
