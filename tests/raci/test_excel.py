"""The matrix in Excel: export read back with openpyxl, import (only changed cells change,
audited; every bad workbook refused with its place, nothing written), a LibreOffice re-save."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from programs.errors import DomainError
from programs.models import AuditEvent
from raci import excel
from raci.models import RaciCell, RaciMatrix
from raci.services import cells
from tests.conftest import World
from tests.libreoffice import resaved_by_libreoffice

from .conftest import column, row_of

EDITOR = "customer.pmo_lead"


@pytest.fixture
def coded(world: World, matrix: RaciMatrix) -> RaciMatrix:
    row = row_of(matrix, "shared")
    cells.cell_set(
        acting_user=world.user(EDITOR),
        matrix=matrix,
        row=row,
        column=column(matrix, "Customer Program Manager"),
        code="A",
        revision=0,
    )
    return matrix


def _book(matrix: RaciMatrix):
    return load_workbook(io.BytesIO(excel.export_xlsx(matrix)))


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(world: World, matrix: RaciMatrix, data: bytes) -> excel.ImportResult:
    return excel.import_xlsx(acting_user=world.user(EDITOR), matrix=matrix, data=data)


def test_export_has_grid_validation_legend_and_rules(coded: RaciMatrix) -> None:
    book = _book(coded)
    sheet = book["RACI"]
    assert [c.value for c in sheet[1]][:4] == [
        "Group",
        "Activity or deliverable",
        "Owning party",
        "Customer Executive Sponsor",
    ]
    assert sheet.freeze_panes == "D2"
    validations = sheet.data_validations.dataValidation
    assert validations and validations[0].formula1 == '"R,A,C,I"'
    assert "D2" in str(validations[0].sqref)
    assert [r[0] for r in book["Legend"].iter_rows(min_row=2, max_row=5, values_only=True)] == [
        "R",
        "A",
        "C",
        "I",
    ]
    findings = [r[3] for r in book["Rules"].iter_rows(min_row=2, values_only=True)]
    assert any("has no R" in f for f in findings)


def test_import_changes_only_changed_cells_and_audits(world: World, coded: RaciMatrix) -> None:
    book = _book(coded)
    sheet = book["RACI"]
    sheet["G3"] = "r"  # a shared row (the charter update), Customer PMO Lead
    before = AuditEvent.objects.count()
    result = _import(world, coded, _bytes(book))
    assert result.changed == 1
    assert AuditEvent.objects.count() == before + 1
    assert (
        RaciCell.objects.filter(code="R").count() == 1
        and RaciCell.objects.filter(code="A").count() == 1
    )


@pytest.mark.parametrize(
    ("edit", "place", "words"),
    [
        (lambda s: s.__setitem__("E3", "X"), "RACI!E3", "not a code"),
        (lambda s: s.__setitem__("E3", "R/A"), "RACI!E3", "2 codes"),
        (lambda s: s.__setitem__("E3", "RA"), "RACI!E3", "2 codes"),
        (lambda s: s.__setitem__("E3", "S"), "RACI!E3", "not a code of the RACI variant"),
        (lambda s: s.__setitem__("F1", "Chief Wizard"), "RACI!F1", "not a column of this matrix"),
        (lambda s: s.merge_cells("D4:E4"), "RACI!D4:E4", "Merged cells"),
        (lambda s: s.__setitem__("B5", "Unknown activity"), "RACI!B5", "No row “Unknown activity”"),
    ],
)
def test_bad_workbooks_refused_with_the_place(
    world: World, coded: RaciMatrix, edit, place: str, words: str
) -> None:
    book = _book(coded)
    sheet = book["RACI"]
    sheet["H3"] = "I"  # a valid change beside the bad one: not written either
    edit(sheet)
    with pytest.raises(DomainError) as error:
        _import(world, coded, _bytes(book))
    problems = error.value.extra["problems"]
    assert any(p["place"] == place and words in p["detail"] for p in problems), problems
    assert not RaciCell.objects.filter(code="I").exists()


def test_not_an_export_and_renamed_fixed_header(world: World, coded: RaciMatrix) -> None:
    book = _book(coded)
    book["RACI"].title = "Sheet1"
    with pytest.raises(
        DomainError, match="This workbook is not a RACI matrix export: it has no sheet"
    ):
        _import(world, coded, _bytes(book))
    book = _book(coded)
    book["RACI"]["B1"] = "Task"
    with pytest.raises(DomainError, match=r"not a RACI matrix export: RACI!B1 reads “Task”"):
        _import(world, coded, _bytes(book))
    with pytest.raises(DomainError, match="not an Excel workbook"):
        _import(world, coded, b"plain text")


def test_provider_cannot_change_customer_rows_by_import(world: World, coded: RaciMatrix) -> None:
    book = _book(coded)
    sheet = book["RACI"]
    row = row_of(coded, "customer")
    number = next(
        i for i, r in enumerate(sheet.iter_rows(values_only=True), start=1) if r[1] == row.title
    )
    sheet[f"D{number}"] = "R"
    with pytest.raises(DomainError) as error:
        excel.import_xlsx(
            acting_user=world.user("provider.pmo_team"), matrix=coded, data=_bytes(book)
        )
    assert error.value.extra["problems"][0]["place"] == f"RACI!D{number}"
    assert RaciCell.objects.count() == 1


def test_libreoffice_round_trip(world: World, coded: RaciMatrix, tmp_path: Path) -> None:
    book = _book(coded)
    book["RACI"]["D3"] = "R"
    resaved = resaved_by_libreoffice(_bytes(book), tmp_path, "matrix.xlsx")
    result = _import(world, coded, resaved)
    assert result.changed == 1
    assert RaciCell.objects.filter(code="R").count() == 1
    # Imported again, the same workbook changes nothing.
    assert _import(world, coded, resaved).changed == 0
