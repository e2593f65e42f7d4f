"""The surveillance log's exports: the (filtered) records as a workbook with typed cells and
as a PDF saying what it is filtered by, for every member; the outsider gets a 404."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import record_month

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


def _url(name: str) -> str:
    return reverse(f"qasp:surveillance:{name}", kwargs={"code": "alpha"})


@pytest.fixture
def months(world: World, qasp: Any) -> None:
    record_month(world, 3, "98")
    record_month(world, 4, "99.9")
    record_month(world, 5, "99.7")


def _rows(content: bytes) -> list[dict[str, Any]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]


def _text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_workbook_reads_back_typed(world: World, months: None) -> None:
    response = world.client("provider.program_manager").get(_url("log-xlsx"))
    assert response.status_code == 200
    assert "alpha-surveillance-log-" in response["Content-Disposition"]
    rows = _rows(response.content)
    assert [(r["Standard"], r["Period"].date(), r["Verdict"]) for r in rows] == [
        ("PS-1", date(2026, 5, 1), "Acceptable"),
        ("PS-1", date(2026, 4, 1), "Acceptable"),
        ("PS-1", date(2026, 3, 1), "Not acceptable"),
    ]
    march = rows[-1]
    assert Decimal(str(march["Observed value"])) == Decimal("98")
    assert march["AQL"] == "At least 99.5 %"
    assert march["Evaluator"] and march["Surveillance method"] == "Periodic inspection"


def test_the_workbook_holds_only_the_filtered_records(world: World, months: None) -> None:
    response = world.client("customer.viewer").get(
        _url("log-xlsx"), {"verdict": "not_acceptable", "page": "2"}
    )
    assert [r["Period"].date() for r in _rows(response.content)] == [date(2026, 3, 1)]


def test_the_pdf_says_what_it_is_filtered_by(world: World, months: None) -> None:
    response = world.client("independent.ivv_agent").get(
        _url("log-pdf"), {"period_from": "2026-04-01"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Surveillance log" in text
    assert "Filtered by Periods from: 2026-04-01." in text
    assert "2026-04-01" in text and "2026-05-01" in text and "2026-03-01" not in text
    assert "99.9 %" in text and "Acceptable" in text


@pytest.mark.parametrize("username", USERS)
def test_every_member_exports_the_log_and_the_outsider_nothing(
    world: World, months: None, username: str
) -> None:
    client = world.client(username)
    expected = 404 if username == OUTSIDER else 200
    assert client.get(_url("log-xlsx")).status_code == expected
    assert client.get(_url("log-pdf")).status_code == expected


def test_the_log_links_its_exports_with_its_filters(world: World, months: None) -> None:
    html = (
        world.client("customer.viewer").get(_url("log"), {"verdict": "acceptable"}).content.decode()
    )
    assert f"{_url('log-xlsx')}?verdict=acceptable" in html
    assert f"{_url('log-pdf')}?verdict=acceptable" in html


def test_the_qasp_exports_carry_its_performance_requirements_in_both_formats(
    world: World, qasp: Any
) -> None:
    kwargs = {"code": "alpha", "number": qasp.number}
    client = world.client("independent.viewer")
    pdf = client.get(reverse("qasp:plan:export-pdf", kwargs=kwargs))
    assert pdf.status_code == 200
    text = _text(pdf.content)
    assert "Performance requirements summary" in text
    assert "PS-1" in text and "PS-2" in text and "Random" in text  # words wrap in columns
    xlsx = client.get(reverse("qasp:plan:export-xlsx", kwargs=kwargs))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["Performance requirements"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 11
    assert (rows[0][0], rows[0][-1]) == ("Code", "Incentive or disincentive")
    assert [r[0] for r in rows[1:]] == ["PS-1", "PS-2"]
