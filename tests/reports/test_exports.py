"""A status report's PDF and workbook, from its frozen snapshot: the executive summary (the
rating, its reasons, the customer's comment, each area in words, what changed) read back with
pypdf, the workbook's sheets and typed cells read back with openpyxl; every member downloads
them on the page and through the API, the outsider gets 404."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from programs.models import Job
from reports import exports
from reports.models import StatusReport
from reports.services.lifecycle import (
    report_approve,
    report_narratives_update,
    report_rate,
    report_release,
)
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.pmp.conftest import record

from .conftest import PM

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
PROVIDER_PM = "provider.program_manager"
COMMENT = "The data migration slipped twice; we rate it higher risk."


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    """May's report, released with the customer's override, after April's."""
    run_build(period=dt.date(2026, 4, 1))
    record(world, "risk", on_status_report=True)  # scores 8: risk is yellow, the rating 3
    run_build()
    report = StatusReport.objects.get(program=world.program, period_start=dt.date(2026, 5, 1))
    report_narratives_update(
        acting_user=world.user(PROVIDER_PM),
        report=report,
        values={"accomplishments_provider": "Mock conversion 2 reconciled."},
    )
    report_approve(acting_user=world.user(PM), report=report)
    report_approve(acting_user=world.user(PROVIDER_PM), report=report)
    report_rate(acting_user=world.user(PM), report=report, rating=2, comment=COMMENT)
    return report_release(acting_user=world.user(PM), report=report)


def _text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_opens_with_the_executive_summary(report: StatusReport) -> None:
    text = _text(exports.report_pdf(report, shows_costs=True, generated_by="pm"))
    assert "Executive summary" in text
    assert "CIO rating: 2 - Moderately High Risk" in text or "CIO rating: 2" in text
    assert COMMENT in text
    for reason in report.snapshot["rating"]["reasons"]:
        assert " ".join(reason.split())[:40] in text
    for area in report.snapshot["areas"]:
        assert area["title"] in text
    assert "Yellow" in text or "yellow" in text.lower()
    assert "What changed since the last report" in text
    changes = report.snapshot["changes"]
    assert changes["previous"] and changes["items"]
    assert " ".join(changes["items"][0].split())[:40] in text
    assert "Mock conversion 2 reconciled." in text
    assert text.index("Executive summary") < text.index("Narratives") < text.rindex("Schedule")
    reader = PdfReader(io.BytesIO(exports.report_pdf(report, shows_costs=False)))
    assert "/StructTreeRoot" in reader.root_object  # tagged for screen readers


def test_the_workbook_has_a_sheet_per_section_with_typed_cells(report: StatusReport) -> None:
    book = load_workbook(io.BytesIO(exports.report_xlsx(report, shows_costs=True)))
    assert book.sheetnames == [
        "Summary",
        "Areas",
        "What changed",
        *[exports.SECTION_TITLES[key] for key in report.snapshot["sections"]],
    ]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["CIO rating"] == 2
    assert summary["Proposed rating"] == 3
    assert summary["Period from"] == dt.datetime(2026, 5, 1)
    assert summary["The customer's comment on the rating"] == COMMENT
    assert isinstance(summary["Released at"], dt.datetime)
    areas = list(book["Areas"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in areas} == {a["title"] for a in report.snapshot["areas"]}
    assert ("Risk", "Yellow", "Overdue RAID items", 0, "Green", "none overdue", "No") in areas
    changed = [row[1] for row in book["What changed"].iter_rows(min_row=2, values_only=True)]
    assert changed == report.snapshot["changes"]["items"]
    values = [
        cell.value
        for name in book.sheetnames[3:]
        for row in book[name].iter_rows(min_row=2, min_col=3, max_col=3)
        for cell in row
    ]
    assert any(isinstance(v, dt.datetime) for v in values)  # days are dates
    assert any(isinstance(v, int) and not isinstance(v, bool) for v in values)


def test_costs_stay_out_for_whoever_may_not_see_them(report: StatusReport) -> None:
    book = load_workbook(io.BytesIO(exports.report_xlsx(report, shows_costs=False)))
    rows = list(book["Cost"].iter_rows(min_row=2, values_only=True))
    assert rows == [(None, "costs", "Shown to those who may see the program's costs.")]
    full = load_workbook(io.BytesIO(exports.report_xlsx(report, shows_costs=True)))
    assert all(not isinstance(r[2], Decimal) for r in rows)
    assert len(list(full["Cost"].iter_rows(min_row=2))) >= 1


@pytest.mark.parametrize("username", USERS)
def test_every_member_downloads_on_the_page_and_the_outsider_gets_404(
    world: World, report: StatusReport, username: str
) -> None:
    client = world.client(username)
    kwargs = {"code": world.program.code, "pk": report.pk}
    page = client.get(reverse("reports:report", kwargs=kwargs))
    pdf = client.get(reverse("reports:pdf", kwargs=kwargs))
    xlsx = client.get(reverse("reports:xlsx", kwargs=kwargs))
    if username == OUTSIDER:
        assert (page.status_code, pdf.status_code, xlsx.status_code) == (404, 404, 404)
        return
    assert reverse("reports:pdf", kwargs=kwargs) in page.content.decode()
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert "alpha-status-report-2026-05-r1-" in pdf["Content-Disposition"]
    assert "Executive summary" in _text(pdf.content)
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == exports.XLSX
    load_workbook(io.BytesIO(xlsx.content))


@pytest.mark.parametrize("username", USERS)
def test_every_member_downloads_through_the_api_and_the_outsider_gets_404(
    world: World, report: StatusReport, username: str
) -> None:
    client = APIClient()
    client.force_authenticate(world.user(username))
    base = f"/api/programs/{world.program.code}/reports/status-reports/{report.pk}"
    pdf, xlsx = client.get(f"{base}/pdf/"), client.get(f"{base}/xlsx/")
    if username == OUTSIDER:
        assert (pdf.status_code, xlsx.status_code) == (404, 404)
        return
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == exports.XLSX
    assert "Summary" in load_workbook(io.BytesIO(xlsx.content)).sheetnames


def test_a_report_of_another_program_is_not_found(world: World, report: StatusReport) -> None:
    client = world.client(PM)
    for name in ("pdf", "xlsx"):
        url = reverse(f"reports:{name}", kwargs={"code": "nope", "pk": report.pk})
        assert client.get(url).status_code == 404
    url = reverse("reports:pdf", kwargs={"code": world.program.code, "pk": report.pk + 99})
    assert client.get(url).status_code == 404
