"""A signed performance evaluation exported as a PDF (tagged, every area's rating, narrative,
proposal and reasons, the comment and the signature's hash) and as a workbook (typed cells),
both opened back."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from qasp.evaluation_exports import evaluation_pdf, evaluation_xlsx
from qasp.models import PerformanceEvaluation
from qasp.services import evaluations as services
from tests.conftest import World

from .conftest import record_month
from .evaluation_factories import commented

pytestmark = pytest.mark.usefixtures("qasp")


@pytest.fixture
def signed(world: World) -> PerformanceEvaluation:
    record_month(world, 1, "98")
    record_month(world, 2, "99.9")
    return services.evaluation_sign(
        acting_user=world.user("customer.program_manager"), evaluation=commented(world)
    )


def test_the_pdf_says_everything_and_is_tagged(signed: PerformanceEvaluation) -> None:
    reader = PdfReader(io.BytesIO(evaluation_pdf(signed, generated_by="cust.pm")))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        "CPARS-style quarterly performance evaluation",
        "Q2 FY2026 (January to March 2026)",
        "Quality: Satisfactory (3)",
        "Met the AQLs but for January's availability.",
        "The portal's proposal: Marginal (2)",
        "1 of 2 surveillance results met their AQL (50%).",
        "PS-1 missed its AQL in January 2026.",
        "Management: Very good (4)",
        "We fixed January's outage in February.",
        "Generated",
    ):
        assert expected in flat, expected
    assert signed.signed_hash in "".join(text.split())
    root = reader.root_object
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "CPARS-style quarterly performance evaluation, Q2 FY2026 (January to March 2026): "
        "Program Alpha"
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_pdf_pages_rasterise(signed: PerformanceEvaluation, tmp_path: Path) -> None:
    pdf = tmp_path / "evaluation.pdf"
    pdf.write_bytes(evaluation_pdf(signed))
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    assert sorted(tmp_path.glob("page*.png"))


def test_the_workbook_has_typed_cells(signed: PerformanceEvaluation) -> None:
    book = load_workbook(io.BytesIO(evaluation_xlsx(signed)))
    assert book.sheetnames == ["Evaluation", "Ratings"]
    facts = {row[0]: row[1] for row in book["Evaluation"].iter_rows(min_row=2, values_only=True)}
    assert facts["Period"] == "Q2 FY2026 (January to March 2026)"
    assert facts["Period from"] == dt.datetime(2026, 1, 1)
    assert book["Evaluation"]["B5"].number_format == "yyyy-mm-dd"
    assert facts["Status"] == "Signed"
    assert facts["SHA-256 signed"] == signed.signed_hash
    assert isinstance(facts["Signed at"], dt.datetime)
    ratings = list(book["Ratings"].iter_rows(values_only=True))
    assert ratings[0][:3] == ("Rating area", "Proposed rating", "Proposed rating in words")
    quality = ratings[1]
    assert quality[:3] == ("Quality", 2, "Marginal (2)")
    assert quality[3].splitlines()[0] == "1 of 2 surveillance results met their AQL (50%)."
    assert quality[4:6] == (3, "Satisfactory (3)")
    schedule = ratings[2]
    assert schedule[1] is None and schedule[2] == "No proposal"
    assert schedule[3].startswith("No surveillance or corrective action evidence")


def test_a_draft_says_it_is_not_signed(world: World) -> None:
    from .evaluation_factories import make_evaluation

    text = " ".join(
        (page.extract_text() or "")
        for page in PdfReader(io.BytesIO(evaluation_pdf(make_evaluation(world)))).pages
    )
    flat = " ".join(text.split())
    assert "Not signed: awaiting" in flat and "Quality: Not rated" in flat
