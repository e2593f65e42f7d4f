"""The comment resolution matrix in Excel: the export read back equals the page's list; the
import makes new comments, dispositions and concurrences, locates every problem at once,
changes nothing unless all is valid, refuses what is not this version's matrix; LibreOffice
re-saves it and it still imports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from programs import review_excel as excel
from programs import reviews as rules
from programs.choices import CommentType, Disposition
from programs.errors import DomainError
from programs.models import AuditEvent, DocumentVersion, ReviewComment

from ..conftest import World
from ..libreoffice import resaved_by_libreoffice
from .review_fixtures import EDITOR, REVIEWER, comment


def _book(version: DocumentVersion) -> Any:
    return load_workbook(io.BytesIO(excel.export_matrix(version)))


def _bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(book: Any) -> list[list[Any]]:
    sheet = book[excel.SHEET]
    return [
        list(r)
        for r in sheet.iter_rows(
            min_row=excel.FIRST_ROW, max_col=len(excel.HEADERS), values_only=True
        )
        if any(v is not None for v in r)
    ]


def _import(world: World, who: str, version: DocumentVersion, book: Any) -> excel.ImportResult:
    return excel.import_matrix(acting_user=world.user(who), version=version, data=_bytes(book))


@pytest.fixture
def commented(world: World, version_in_review: DocumentVersion) -> DocumentVersion:
    comment(world, version_in_review, quote="purpose and vision", proposed_change="Add 2027.")
    critical = comment(
        world, version_in_review, "provider.sme", type=CommentType.CRITICAL, anchor="fields.budget"
    )
    from programs.services import reviews

    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR),
        comment=critical,
        disposition=Disposition.REJECTED,
        text="The budget is agreed.",
    )
    return version_in_review


def test_export_header_block_validations_and_rows_equal_the_page(
    world: World, commented: DocumentVersion
) -> None:
    book = _book(commented)
    sheet = book[excel.SHEET]
    assert sheet["A1"].value == "Comment resolution matrix"
    assert sheet["B3"].value == commented.document.title
    assert sheet["B4"].value == 1
    assert [c.value for c in sheet[excel.HEADER_ROW]] == list(excel.HEADERS)
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert lists["F"] == '"Editorial,Substantive,Critical"'
    assert lists["I"] == '"Accepted,Accepted with modification,Rejected,Deferred"'
    assert lists["L"] == '"Concur,Non-concur"'
    assert lists["D"].startswith("Lists!")
    # The page's list, as the version page builds it.
    client = world.client("customer.viewer")
    page = client.get("/programs/alpha/charter/v1/")
    shown = [c.label for c in page.context["comments"].comments]
    rows = _rows(book)
    assert [r[0] for r in rows] == shown == ["C-001", "C-002"]
    titles = {a.key: a.title for a in rules.anchors(commented.document.definition)}
    assert rows == [excel.comment_row(c, titles) for c in ReviewComment.objects.order_by("number")]
    assert rows[1][8] == "Rejected" and rows[1][9] == "The budget is agreed."


def test_import_new_comments_dispositions_and_concurrence(
    world: World, commented: DocumentVersion
) -> None:
    # A reviewer writes two comments offline.
    book = _book(commented)
    sheet = book[excel.SHEET]
    row = excel.FIRST_ROW + 2
    sheet.cell(row=row, column=4, value="Scope: in")
    sheet.cell(row=row, column=6, value="critical")
    sheet.cell(row=row, column=7, value="Scope omits payroll.")
    sheet.cell(row=row + 1, column=4, value="Initial risks")
    sheet.cell(row=row + 1, column=6, value="Editorial")
    sheet.cell(row=row + 1, column=7, value="Typo.")
    result = _import(world, "provider.pmo_team", commented, book)
    assert (result.created, result.unchanged) == (2, 2)
    new = ReviewComment.objects.get(number=3)
    assert (new.anchor, new.type, new.author_party) == ("sections.scope_in", "critical", "provider")

    # The owning party writes dispositions offline; the reviewer answers.
    book = _book(commented)
    sheet = book[excel.SHEET]
    sheet.cell(row=excel.FIRST_ROW, column=9, value="Accepted")
    sheet.cell(row=excel.FIRST_ROW + 2, column=9, value="Deferred")
    sheet.cell(row=excel.FIRST_ROW + 2, column=11, value=2)
    result = _import(world, EDITOR, commented, book)
    assert result.dispositioned == 2
    assert ReviewComment.objects.get(number=3).deferred_to == 2
    book = _book(commented)
    book[excel.SHEET].cell(row=excel.FIRST_ROW + 1, column=12, value="Non-concur")
    book[excel.SHEET].cell(row=excel.FIRST_ROW + 1, column=13, value="The budget omits O&M.")
    assert _import(world, "provider.sme", commented, book).concurred == 1
    assert ReviewComment.objects.get(number=2).non_concurs
    assert AuditEvent.objects.filter(target_type__model="reviewcomment").count() == 8


def test_every_problem_located_at_once_and_nothing_changed(
    world: World, commented: DocumentVersion
) -> None:
    book = _book(commented)
    sheet = book[excel.SHEET]
    first = excel.FIRST_ROW
    sheet.cell(row=first, column=9, value="maybe")
    sheet.cell(row=first + 1, column=9, value="Rejected")
    sheet.cell(row=first + 1, column=10).value = None  # rejected without a rationale
    sheet.cell(row=first + 2, column=4, value="Nowhere")
    sheet.cell(row=first + 2, column=6, value="Editorial")
    sheet.cell(row=first + 2, column=7, value="A new one.")
    sheet.cell(row=first + 3, column=6, value="Urgent")
    sheet.cell(row=first + 3, column=4, value="Scope: in")
    sheet.cell(row=first + 3, column=7, value="Another.")
    before = (list(ReviewComment.objects.values()), AuditEvent.objects.count())
    with pytest.raises(DomainError) as refused:
        _import(world, EDITOR, commented, book)
    places = {p["place"]: p["detail"] for p in refused.value.extra["problems"]}
    assert set(places) == {
        f"Comments!I{first}",
        f"Comments!J{first + 1}",
        f"Comments!D{first + 2}",
        f"Comments!F{first + 3}",
    }
    assert places[f"Comments!I{first}"].startswith("“maybe” is not a disposition: use accepted")
    assert (list(ReviewComment.objects.values()), AuditEvent.objects.count()) == before


def test_disposition_by_a_reviewer_is_located(world: World, commented: DocumentVersion) -> None:
    book = _book(commented)
    book[excel.SHEET].cell(row=excel.FIRST_ROW, column=9, value="Accepted")
    with pytest.raises(DomainError) as refused:
        _import(world, REVIEWER, commented, book)
    assert refused.value.extra["problems"][0]["place"] == f"Comments!I{excel.FIRST_ROW}"
    assert ReviewComment.objects.get(number=1).disposition == ""


@pytest.mark.parametrize(
    "cell, value, place",
    [
        ("A1", "Risk register", "Comments!A1"),
        ("B3", "Another document", "Comments!B3"),
        ("B4", 7, "Comments!B4"),
        ("I7", "Decision", "Comments!I7"),
    ],
)
def test_not_this_matrix_is_refused_with_its_place(
    world: World, commented: DocumentVersion, cell: str, value: Any, place: str
) -> None:
    book = _book(commented)
    book[excel.SHEET][cell] = value
    with pytest.raises(DomainError) as refused:
        _import(world, EDITOR, commented, book)
    assert refused.value.extra["problems"][0]["place"] == place
    assert "not a comment resolution matrix" in refused.value.message


def test_unknown_comment_ids_and_non_workbooks_are_refused(
    world: World, commented: DocumentVersion
) -> None:
    book = _book(commented)
    book[excel.SHEET].cell(row=excel.FIRST_ROW, column=1, value="C-099")
    with pytest.raises(DomainError) as refused:
        _import(world, EDITOR, commented, book)
    assert refused.value.extra["problems"][0]["place"] == f"Comments!A{excel.FIRST_ROW}"
    assert "“C-099” is not a comment on version 1" in refused.value.extra["problems"][0]["detail"]
    with pytest.raises(DomainError) as not_xlsx:
        excel.import_matrix(acting_user=world.user(EDITOR), version=commented, data=b"plain text")
    assert "not an Excel workbook" in not_xlsx.value.message


def test_libreoffice_round_trip(world: World, commented: DocumentVersion, tmp_path: Path) -> None:
    book = _book(commented)
    sheet = book[excel.SHEET]
    sheet.cell(row=excel.FIRST_ROW, column=9, value="Accepted with modification")
    sheet.cell(row=excel.FIRST_ROW, column=10, value="Dated the end state 2027.")
    resaved = resaved_by_libreoffice(_bytes(book), tmp_path, "matrix.xlsx")
    result = excel.import_matrix(acting_user=world.user(EDITOR), version=commented, data=resaved)
    assert result.dispositioned == 1
    assert ReviewComment.objects.get(number=1).disposition == Disposition.ACCEPTED_WITH_MODIFICATION
    again = excel.import_matrix(acting_user=world.user(EDITOR), version=commented, data=resaved)
    assert (again.dispositioned, again.unchanged) == (0, 2)
