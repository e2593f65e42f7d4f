"""The register's exports and the lessons-learned report, opened back: the workbook with
openpyxl (typed cells), the PDFs with pypdf (their text)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from lessons import services
from tests.conftest import World

from .conftest import record, validate_both

WEB = "/programs/alpha/lessons/"


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_register_workbook_of_the_filtered_rows(world: World) -> None:
    record(world)
    record(world, title="Glossary early", impact_kind="positive")
    response = world.client("customer.viewer").get(f"{WEB}export.xlsx?impact=positive")
    assert response.status_code == 200
    assert 'filename="alpha-lessons-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Lessons learned"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Reference", "Title", "Status"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["LL-002"]
    assert isinstance(rows[0][header.index("Date recorded")], dt.datetime)


def test_register_pdf_says_its_filters(world: World) -> None:
    record(world)
    response = world.client("provider.viewer").get(f"{WEB}export.pdf?status=proposed")
    text = _pdf_text(response.content)
    assert "Lessons learned" in text and "LL-001" in text
    assert "Filtered by Status: Proposed" in text


def test_the_report_workbook_and_pdf(world: World) -> None:
    lesson = validate_both(world, record(world))
    services.lesson_apply(
        acting_user=world.user("customer.pmo_team"), lesson=lesson, where_applied="Phase 4 PMP"
    )
    record(world, title="Second lesson")
    services.assessment_set(
        acting_user=world.user("customer.pmo_lead"),
        program=world.program,
        lesson=6,
        rating="partly",
        note="Half the terms.",
    )
    web = world.client("independent.ivv_agent")
    workbook = load_workbook(io.BytesIO(web.get(f"{WEB}report.xlsx").content))
    lessons = list(workbook["Lessons learned"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in lessons] == ["LL-001", "LL-002"]
    play = list(workbook["Play 3.1 lessons"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in play] == list(range(1, 9))
    assert play[5][3] == "Partly followed: Half the terms." and play[5][4] == "Not assessed"
    assert "No source yet: the glossary has no term." in play[5][2]
    text = _pdf_text(web.get(f"{WEB}report.pdf").content)
    assert "Lessons-learned report" in text
    assert "1 proposed, 0 validated by both parties, 1 applied" in text
    assert "LL-002 Second lesson" in text and "Phase 4 PMP" in text
    assert "Agree shared terminology early" in text
