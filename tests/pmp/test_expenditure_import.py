"""A month's expenditure report imported from its workbook: the blank workbook filled in
(also after LibreOffice saved it) submits the report, or corrects a disputed one; every
problem is located by sheet and cell, and nothing is written unless all is valid."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from pmp.exports.expenditure import expenditure_workbook
from pmp.models import ExpenditureReport, ReportStatus
from pmp.services.expenditure import line_dispute
from pmp.services.expenditure_import import report_import
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import World
from tests.libreoffice import resaved_by_libreoffice
from tests.schedule.test_earned_value import PM

from .expenditure_world import CUSTOMER_PM, MARCH, costed, submit_march

__all__ = ["costed"]


def filled(world: World, cells: dict[str, dict[str, Any]], report: Any = None) -> bytes:
    """The blank (or ``report``'s) workbook with ``cells`` set, per sheet."""
    book = load_workbook(io.BytesIO(expenditure_workbook(world.program, MARCH, report)))
    for sheet, values in cells.items():
        for cell, value in values.items():
            book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(world: World, data: bytes, username: str = PM, **extra: Any) -> ExpenditureReport:
    return report_import(
        acting_user=world.user(username),
        program=world.program,
        data=data,
        filename="march.xlsx",
        **extra,
    )


def counts() -> tuple[int, int]:
    return ExpenditureReport.objects.count(), AuditEvent.objects.count()


def problems(refusal: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [f"{p['place']}: {p['detail']}" for p in refusal.value.extra["problems"]]


def test_the_blank_workbook_lists_the_accounts_and_imports_back_filled(costed: World) -> None:
    book = load_workbook(io.BytesIO(expenditure_workbook(costed.program, MARCH)))
    assert [c.value for c in book["Expenditure"][1]] == [
        "WBS",
        "Control account",
        "Actual cost",
        "Correction reason",
    ]
    assert [r[0] for r in book["Expenditure"].iter_rows(min_row=2, values_only=True)] == ["1", "2"]
    assert book["Report"]["B1"].value == "2027-03"
    data = filled(
        costed,
        {
            "Expenditure": {"C2": 1200.5, "C3": "800"},
            "Hours": {"A2": "Engineer", "B2": 40},
            "Report": {"B2": "Build and analysis."},
        },
    )
    report = run(costed, data)
    assert {line.control_account.wbs: line.amount for line in report.lines.all()} == {
        "1": Decimal("1200.50"),
        "2": Decimal("800.00"),
    }
    assert [(h.resource, h.hours) for h in report.hours.all()] == [("Engineer", Decimal("40"))]
    assert (report.narrative, report.source_name, report.period) == (
        "Build and analysis.",
        "march.xlsx",
        MARCH,
    )


def test_a_workbook_resaved_by_libreoffice_imports(costed: World, tmp_path: Path) -> None:
    data = filled(
        costed,
        {"Expenditure": {"C2": 99.99, "C3": -10, "D3": "Refund"}, "Report": {"B2": "Text"}},
    )
    report = run(costed, resaved_by_libreoffice(data, tmp_path))
    assert sorted(line.amount for line in report.lines.all()) == [
        Decimal("-10.00"),
        Decimal("99.99"),
    ]
    assert report.period == MARCH


def test_an_import_answers_a_dispute_with_the_correction(costed: World) -> None:
    report = submit_march(costed)
    line = report.lines.get(control_account__wbs="2")
    line_dispute(acting_user=costed.user(CUSTOMER_PM), line=line, reason="Too high.")
    report.refresh_from_db()
    corrected = run(costed, filled(costed, {"Expenditure": {"C3": 700}}, report))
    report.refresh_from_db()
    assert (corrected.revision, report.status) == (2, ReportStatus.SUPERSEDED)
    assert corrected.lines.get(control_account__wbs="2").amount == Decimal("700.00")


def test_every_problem_is_located_and_nothing_is_written(costed: World) -> None:
    data = filled(
        costed,
        {
            "Expenditure": {
                "C2": "lots",
                "C3": -5,
                "A4": "9.9",
                "C4": 10,
                "A5": "1",
                "C5": 1.001,
            },
            "Hours": {"A2": "Engineer", "B2": "many"},
        },
    )
    before = counts()
    with pytest.raises(DomainError) as refusal:
        run(costed, data)
    assert problems(refusal) == [
        "Expenditure!C2: the actual cost is not a number.",
        "Expenditure!D3: a negative actual cost corrects an earlier month and needs its "
        "correction reason.",
        "Expenditure!A4: 9.9 is not a control account of the program.",
        "Expenditure!C5: the actual cost is to the cent at most (two decimals).",
        "Expenditure!A5: control account 1 has a row already (row 2); one per account.",
        "Hours!B2: the number of hours is not a number.",
    ]
    assert counts() == before


def test_unknown_and_moved_columns_are_refused_naming_them(costed: World) -> None:
    moved = {"B1": "Actual cost", "C1": "Control account", "E1": "Tax"}
    data = filled(costed, {"Expenditure": moved})
    with pytest.raises(DomainError, match="header row has 3 problems") as refusal:
        run(costed, data)
    found = problems(refusal)
    assert found[0].startswith(
        "Expenditure!B1: this column is “Control account”, not “Actual cost”"
    )
    assert "(it is column C)" in found[0]
    assert found[2] == "Expenditure!E1: “Tax” is not a column of the Expenditure sheet."


def test_a_workbook_of_another_month_or_not_a_report_is_refused(costed: World) -> None:
    with pytest.raises(DomainError) as refusal:
        run(costed, filled(costed, {"Expenditure": {"C2": 1}}), period=MARCH.replace(month=2))
    assert problems(refusal) == [
        "Report!B1: the workbook is for March 2027, the import for February 2027."
    ]
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(DomainError, match="no sheet named “Expenditure”"):
        run(costed, out.getvalue())
    with pytest.raises(DomainError, match="not an Excel workbook"):
        run(costed, b"plain text")
    with pytest.raises(DomainError) as refusal:
        run(costed, filled(costed, {}))
    assert problems(refusal) == [
        "Expenditure!C2: no row has an actual cost: a report has at least one."
    ]
    assert counts()[0] == 0


def test_only_the_provider_imports(costed: World) -> None:
    data = filled(costed, {"Expenditure": {"C2": 1}})
    with pytest.raises(PermissionRefused):
        run(costed, data, username=CUSTOMER_PM)
    assert counts()[0] == 0
