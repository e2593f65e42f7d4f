"""Provider metrics from a file: an Excel workbook (also as LibreOffice saves it again) or a
CSV file (UTF-8 with a byte-order mark, commas or semicolons), columns in any order and case;
every problem located by row and column, nothing saved unless there are none; the template
imports once filled in."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from programs.errors import DomainError, PermissionRefused
from qasp.imports.metrics_sheet import template_workbook
from qasp.models import MetricSubmission
from qasp.services.metrics import metric_import
from qasp.standards import approved_standards
from tests.conftest import World
from tests.libreoffice import resaved_by_libreoffice

from .conftest import TODAY, record_month
from .metric_helpers import state

pytestmark = pytest.mark.usefixtures("qasp")

HEADER = [
    "Standard",
    "Period",
    "Population",
    "Sample size",
    "Defects",
    "Measured value",
    "Source",
    "Notes",
]


def workbook(rows: list[list[Any]], header: list[str] = HEADER, sheet: str = "Metrics") -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(
    world: World, data: bytes, name: str = "metrics.xlsx", user: str = "provider.pmo_lead"
) -> Any:
    return metric_import(
        acting_user=world.user(user), program=world.program, data=data, filename=name
    )


def refusal(world: World, data: bytes, name: str = "metrics.xlsx") -> DomainError:
    before = state()
    with pytest.raises(DomainError) as refused:
        run(world, data, name)
    assert state() == before
    return refused.value


def places(error: DomainError) -> list[tuple[int, str]]:
    return [(p["row"], p["column"]) for p in error.extra["problems"]]


def test_a_workbook_imports_every_row(world: World) -> None:
    data = workbook(
        [
            ["PS-1", dt.datetime(2026, 4, 1), None, None, None, 99.8, "SLR April", "Fine"],
            ["PS-1", "May 2026", None, None, None, "99.6", "SLR May", ""],
            ["PS-2", "2026-01", 5000, 200, 1, None, "Sample Q2", None],
            [None, None, None, None, None, None, None, None],
        ]
    )
    saved = run(world, data)
    assert [(s.standard_code, s.period) for s in saved] == [
        ("PS-1", dt.date(2026, 4, 1)),
        ("PS-1", dt.date(2026, 5, 1)),
        ("PS-2", dt.date(2026, 1, 1)),
    ]
    assert saved[0].measured_value == Decimal("99.8") and saved[0].file_name == "metrics.xlsx"
    assert (saved[2].population, saved[2].sample_size, saved[2].defects) == (5000, 200, 1)


def test_columns_in_any_order_and_case(world: World) -> None:
    data = workbook(
        [["99.9", "2026-05-01", "ps-1"]], header=["MEASURED VALUE", "period", "standard"]
    )
    assert [s.standard_code for s in run(world, data)] == ["PS-1"]


def test_a_workbook_resaved_by_libreoffice_imports(world: World, tmp_path: Path) -> None:
    data = workbook(
        [
            ["PS-1", dt.datetime(2026, 5, 1), None, None, None, 99.75, "SLR", "Réseau"],
            ["PS-2", "January 2026", 5000, 200, 0, None, "Sample", None],
        ]
    )
    saved = run(world, resaved_by_libreoffice(data, tmp_path, "metrics.xlsx"))
    assert [(s.standard_code, s.period) for s in saved] == [
        ("PS-1", dt.date(2026, 5, 1)),
        ("PS-2", dt.date(2026, 1, 1)),
    ]
    assert saved[0].measured_value == Decimal("99.75") and saved[0].notes == "Réseau"


def test_a_csv_with_a_byte_order_mark_and_semicolons_imports(world: World) -> None:
    text = (
        "\ufeffStandard;Period;Measured value;Source\r\n"
        "PS-1;2026-05;99,7;SLR\r\n"
        "PS-1;2026-04;99.9;\r\n"
    )
    saved = run(world, text.encode(), "metrics.csv")
    assert [s.measured_value for s in saved] == [Decimal("99.7"), Decimal("99.9")]
    assert saved[0].source == "SLR"


def test_a_csv_not_in_utf8_is_refused(world: World) -> None:
    error = refusal(world, "Standard;Period\nPS-1;Mai 2026 é\n".encode("latin-1"), "m.csv")
    assert "not UTF-8 text" in str(error)


def test_a_csv_with_commas_imports(world: World) -> None:
    data = b"standard,period,population,sample size,defects\nPS-2,2026-01-01,10,5,0\n"
    assert run(world, data, "m.csv")[0].sample_size == 5


def test_every_problem_is_located_and_nothing_saved(world: World) -> None:
    record_month(world, 3)
    data = workbook(
        [
            ["PS-9", "2026-05", None, None, None, 99, None, None],  # 2 unknown standard
            ["PS-1", "2025-11", None, None, None, 99, None, None],  # 3 outside the plan
            ["PS-2", "2026-01", 10, 20, 0, None, None, None],  # 4 sample above population
            ["PS-2", "2026-01", "many", 20, 0, None, None, None],  # 5 text in a number cell
            ["PS-1", "2026-05", None, None, None, 99.5, None, None],  # 6 fine
            ["PS-1", "2026-05", None, None, None, 99.6, None, None],  # 7 duplicate of row 6
            ["PS-1", "2026-03", None, None, None, 99.6, None, None],  # 8 recorded already
            ["PS-1", "someday", None, None, None, 99.6, None, None],  # 9 not a period
        ]
    )
    error = refusal(world, data)
    assert "7 problems; nothing was saved" in str(error)
    assert places(error) == [
        (2, "Standard"),
        (3, "Period"),
        (4, "Sample size"),
        (5, "Population"),
        (7, "Period"),
        (8, "Period"),
        (9, "Period"),
    ]
    details = [p["detail"] for p in error.extra["problems"]]
    assert details[0] == "The approved QASP has no standard PS-9."
    assert "outside the QASP's agreed surveillance period" in details[1]
    assert details[2] == "The sample (20) is larger than the population (10)."
    assert details[3] == "“many” is not a whole number."
    assert "already in row 6" in details[4]
    assert "already recorded PS-1 for March 2026" in details[5]
    assert "“someday” is not a period" in details[6]
    assert error.extra["problems"][0]["place"] == "Row 2, Standard"


def test_a_standard_already_submitted_for_the_period(world: World) -> None:
    run(world, workbook([["PS-1", "2026-05", None, None, None, 99, None, None]]))
    error = refusal(world, workbook([["PS-1", "2026-05", None, None, None, 98, None, None]]))
    assert places(error) == [(2, "Period")]
    assert "already has a submission for May 2026" in error.extra["problems"][0]["detail"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["Standard", "Measured value"], "the column Period is missing"),
        (["Standard", "Period", "Value"], "“Value” is not a column of a metrics file"),
        (["Standard", "Period", "period"], "“Period” is there twice"),
    ],
)
def test_a_header_that_names_no_metrics_is_refused(
    world: World, header: list[str], message: str
) -> None:
    error = refusal(world, workbook([["PS-1", "2026-05", 99]], header=header))
    assert message in str(error) and error.field == "file"


def test_a_file_of_another_kind_is_refused(world: World) -> None:
    error = refusal(world, b"%PDF-1.4 not a sheet", "metrics.pdf")
    assert "Excel workbook or a CSV file" in str(error)
    error = refusal(world, b"\x00\x01binary", "metrics.csv")
    assert error.field == "file"


def test_an_empty_file_is_refused(world: World) -> None:
    assert "no row of values" in str(refusal(world, workbook([]), "m.xlsx"))


@override_settings(UPLOAD_LIMITS={"metrics": 1000})
def test_a_file_over_the_limit_is_refused(world: World) -> None:
    error = refusal(world, workbook([["PS-1", "2026-05", None, None, None, 99, None, None]]))
    assert "metrics files are limited to 1 KB" in str(error)
    assert error.status_code == 413


def test_too_many_rows_are_refused(world: World) -> None:
    rows = [["PS-1", "2026-05", None, None, None, 99, None, None]] * 501
    assert "more than 500 rows" in str(refusal(world, workbook(rows)))


def test_only_the_providers_editors_import(world: World) -> None:
    with pytest.raises(PermissionRefused):
        run(
            world,
            workbook([["PS-1", "2026-05", None, None, None, 99, None, None]]),
            user="customer.program_manager",
        )
    assert not MetricSubmission.objects.exists()


def test_the_template_once_filled_in_imports(world: World) -> None:
    data = template_workbook(approved_standards(world.program), TODAY)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Metrics"]
    assert [c.value for c in sheet[1]] == HEADER
    rows = [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)]
    assert rows == [("PS-1", "2026-05"), ("PS-2", "2026-01")]
    assert book["Standards"]["E3"].value == "Population, Sample size, Defects"
    sheet["F2"] = 99.9
    out = io.BytesIO()
    book.save(out)
    assert [s.period for s in run(world, out.getvalue())] == [dt.date(2026, 5, 1)]
