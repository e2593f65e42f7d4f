"""PDF and Excel exports of document versions: what a reader of the file finds in it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import dateformat, timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from charter.definition import CHARTER_KIND
from programs import documents
from programs.choices import DocumentStatus, OwningParty, VersionReason
from programs.documents import Column, DocumentKind, Field, Section, Table
from programs.exports import export_filename, render_document_pdf, render_document_xlsx
from programs.models import DocumentVersion
from programs.services import documents as document_services
from programs.services.documents import version_sha256

from ..conftest import World
from ..factories import charter_content, make_charter

LONG_TEXT = "\n\n".join(
    f"Paragraph {i}: the integrated PMO meets weekly, reviews the schedule, the RAID log and "
    "the expenditure to date, and escalates what it cannot resolve to the executive sponsors "
    "of both parties within five working days. " * 3
    for i in range(1, 16)
)


def pdf_pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def full_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def editor(world: World) -> Any:
    return world.user("customer.program_manager")


def sponsors(world: World) -> tuple[Any, Any]:
    return world.user("customer.executive_sponsor"), world.user("provider.executive_sponsor")


def next_draft(world: World, approved: DocumentVersion, **sections: str) -> DocumentVersion:
    """Version 2 of the charter, a draft started for a scope change."""
    version = document_services.version_create_next(
        acting_user=editor(world),
        document=approved.document,
        reason=VersionReason.SCOPE_CHANGE,
        reason_text="Payroll services join the migration scope.",
    )
    if sections:
        content = charter_content(**sections)
        version = document_services.version_update_content(
            acting_user=editor(world),
            version=version,
            content=content,
            base_revision=version.revision,
        )
    return version


def approve(world: World, version: DocumentVersion) -> DocumentVersion:
    version = document_services.version_submit(acting_user=editor(world), version=version)
    for signer in sponsors(world):
        document_services.version_sign(acting_user=signer, version=version)
    version.refresh_from_db()
    return version


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_of_an_approved_charter_carries_cover_content_and_approval_block(
    world: World, approved_charter: DocumentVersion
) -> None:
    pages = pdf_pages(render_document_pdf(approved_charter))
    text = "\n".join(pages)
    program = world.program

    for fact in (
        program.name,
        program.code,
        program.customer.name,
        program.provider.name,
        "Program Charter",
        "Version 1",
        "Approved " + dateformat.format(timezone.localtime(approved_charter.approved_at), "F j, Y"),
        "Phase 3: Engagement",
        "$4,250,000.00",
        "Working Capital Fund",
    ):
        assert fact in text, fact
    # The hash can wrap inside a narrow cell; it is complete once line breaks are dropped.
    assert version_sha256(approved_charter) in text.replace("\n", "")
    for section in CHARTER_KIND.sections:
        assert section.title in text, section.title
    assert "Integrated PMO stood up" in text
    assert "March 2, 2026" in text
    assert "As recorded when version 1 was submitted for review" in text
    assert full_name(world.user("customer.business_owner")) in text  # a frozen stakeholder

    approvals = text[text.index("Approvals") :]
    for signer in sponsors(world):
        assert full_name(signer) in approvals
    assert approvals.replace("\n", "").count(version_sha256(approved_charter)) >= 3
    assert "Awaiting signature" not in approvals

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "alpha · Program Charter · Version 1" in page
        assert "DRAFT" not in page
        assert "SUPERSEDED" not in page


def test_pdf_of_a_draft_says_draft_on_every_page(
    world: World, approved_charter: DocumentVersion
) -> None:
    draft = next_draft(world, approved_charter, purpose=LONG_TEXT)

    pages = pdf_pages(render_document_pdf(draft))

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "DRAFT" in page, f"page {number} has no DRAFT mark"
        assert f"Page {number} of {len(pages)}" in page
        assert "alpha · Program Charter · Version 2" in page
    text = "\n".join(pages)
    assert "Version 2" in text
    assert "Generated " + dateformat.format(timezone.localtime(), "F j, Y") in text
    assert "Scope change." in text
    assert "Payroll services join the migration scope." in text
    assert "Paragraph 15:" in text
    assert "Current roster of the program" in text
    assert text.count("Awaiting signature") == 2
    assert version_sha256(draft) in text.replace("\n", "")


def test_pdf_of_a_version_in_review_is_still_a_draft(world: World) -> None:
    version = make_charter(world.program, state="in_review", editor=editor(world))

    pages = pdf_pages(render_document_pdf(version))

    assert all("DRAFT" in page for page in pages)
    assert "In review" in pages[0]


def test_pdf_of_a_superseded_version_says_superseded_on_every_page(
    world: World, approved_charter: DocumentVersion
) -> None:
    approve(world, next_draft(world, approved_charter))
    approved_charter.refresh_from_db()
    assert approved_charter.status == DocumentStatus.SUPERSEDED

    pages = pdf_pages(render_document_pdf(approved_charter))

    for page in pages:
        assert "SUPERSEDED" in page
        assert "DRAFT" not in page
    # It was approved once: its approval block still shows who signed it.
    assert all(full_name(signer) in "\n".join(pages) for signer in sponsors(world))


def test_pdf_does_not_show_a_voided_signature_as_valid(world: World) -> None:
    version = make_charter(world.program, state="in_review", editor=editor(world))
    customer_sponsor = sponsors(world)[0]
    document_services.version_sign(acting_user=customer_sponsor, version=version)
    version = document_services.version_update_content(
        acting_user=editor(world),
        version=version,
        content=charter_content(scope_in="Core HR and payroll."),
        base_revision=version.revision,
    )

    text = "\n".join(pdf_pages(render_document_pdf(version)))

    approvals = text[text.index("Approvals") :]
    assert approvals.count("Awaiting signature") == 2
    voided = approvals[approvals.index("Voided signatures") :]
    assert full_name(customer_sponsor) in voided
    assert "Content changed in revision" in " ".join(voided.split())


def test_pdf_renders_markdown_not_its_markup(world: World) -> None:
    version = make_charter(world.program, state="draft", editor=editor(world))
    version = document_services.version_update_content(
        acting_user=editor(world),
        version=version,
        content=charter_content(
            objectives="**Consolidate** payroll.\n\n- One PMO\n- One schedule\n\n"
            "<script>alert('x')</script>"
        ),
        base_revision=version.revision,
    )

    text = "\n".join(pdf_pages(render_document_pdf(version)))

    assert "Consolidate payroll." in text
    assert "One PMO" in text
    assert "**" not in text
    assert "<script>" not in text
    assert "alert(" not in text


def test_pdf_is_tagged_for_screen_readers(approved_charter: DocumentVersion) -> None:
    reader = PdfReader(io.BytesIO(render_document_pdf(approved_charter)))

    root = reader.root_object
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject)
    assert bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata is not None
    assert reader.metadata.title == "Program Charter, version 1: Program Alpha"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_pdf_pages_rasterise(
    world: World, approved_charter: DocumentVersion, tmp_path: Path
) -> None:
    """A second reader (poppler) opens the file and draws its pages."""
    pdf = tmp_path / "charter.pdf"
    pdf.write_bytes(render_document_pdf(approved_charter))

    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )

    assert len(list(tmp_path.glob("page-*.png"))) == 2


# -- Excel ----------------------------------------------------------------------------------


def workbook_of(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def column(sheet: Any, index: int) -> list[Any]:
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def summary_of(workbook: Any) -> dict[str, Any]:
    return dict(workbook["Summary"].iter_rows(values_only=True))


def local_naive(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def test_workbook_of_an_approved_charter(world: World, approved_charter: DocumentVersion) -> None:
    workbook = workbook_of(render_document_xlsx(approved_charter))

    assert workbook.sheetnames == ["Summary", "Sections", "Milestones", "Stakeholders", "Approvals"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value)

    summary = summary_of(workbook)
    assert summary["Program"] == world.program.name
    assert summary["Program code"] == "alpha"
    assert summary["Customer"] == str(world.program.customer)
    assert summary["Provider"] == str(world.program.provider)
    assert summary["Document"] == "Program Charter"
    assert summary["Version"] == 1
    assert summary["Status"] == "Approved"
    assert summary["M3 phase"] == "Phase 3: Engagement"
    assert summary["Content SHA-256"] == version_sha256(approved_charter)
    assert approved_charter.approved_at is not None
    assert abs(summary["Approved"] - local_naive(approved_charter.approved_at)) < dt.timedelta(
        seconds=1
    )
    assert summary["Budget (USD)"] == 4250000
    budget = next(r[1] for r in workbook["Summary"].iter_rows() if r[0].value == "Budget (USD)")
    assert budget.number_format == '"$"#,##0.00'

    sections = workbook["Sections"]
    assert column(sections, 0) == [s.title for s in CHARTER_KIND.sections]

    milestones = workbook["Milestones"]
    assert [c.value for c in milestones[1]] == ["Milestone", "Planned date"]
    assert milestones["A2"].value == "Integrated PMO stood up"
    assert milestones["B2"].is_date
    assert milestones["B2"].value == dt.datetime(2026, 3, 2)

    stakeholders = workbook["Stakeholders"]
    assert full_name(world.user("customer.business_owner")) in column(stakeholders, 0)

    approvals = list(workbook["Approvals"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[5]) for r in approvals] == [
        ("Customer", full_name(sponsors(world)[0]), "Valid"),
        ("Provider", full_name(sponsors(world)[1]), "Valid"),
    ]
    signatures = approved_charter.signatures.order_by("signed_at", "pk")
    for row, signature in zip(approvals, signatures, strict=True):
        assert row[2] == "Executive Sponsor"
        assert row[4] == version_sha256(approved_charter)
        assert isinstance(row[3], dt.datetime)
        assert row[3].tzinfo is None
        assert abs(row[3] - local_naive(signature.signed_at)) < dt.timedelta(seconds=1)


def test_workbook_shows_voided_and_awaited_signatures(world: World) -> None:
    version = make_charter(world.program, state="in_review", editor=editor(world))
    document_services.version_sign(acting_user=sponsors(world)[1], version=version)
    document_services.version_return_to_draft(
        acting_user=editor(world), version=version, reason="The budget changed."
    )

    workbook = workbook_of(render_document_xlsx(version))

    rows = list(workbook["Approvals"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[5]) for r in rows] == [
        ("Customer", None, "Awaiting signature"),
        ("Provider", None, "Awaiting signature"),
        ("Provider", full_name(sponsors(world)[1]), "Voided"),
    ]
    assert rows[2][7] == "Returned to draft: The budget changed."
    assert summary_of(workbook)["Status"] == "Draft"
    assert set(column(workbook["Stakeholders"], 5)) == {"Current"}


def test_workbook_never_turns_text_into_a_formula(world: World) -> None:
    version = make_charter(world.program, state="draft", editor=editor(world))
    content = charter_content(purpose='=HYPERLINK("http://example.com","click")')
    content["tables"]["milestones"][0]["name"] = "=1+1"
    version = document_services.version_update_content(
        acting_user=editor(world), version=version, content=content, base_revision=version.revision
    )

    workbook = workbook_of(render_document_xlsx(version))

    assert workbook["Milestones"]["A2"].value == "=1+1"
    assert workbook["Milestones"]["A2"].data_type == "s"
    assert workbook["Sections"]["B2"].data_type == "s"


def test_exports_open_whatever_characters_the_text_holds(world: World) -> None:
    version = make_charter(world.program, state="draft", editor=editor(world))
    version = document_services.version_update_content(
        acting_user=editor(world),
        version=version,
        content=charter_content(purpose="Pasted from a\x0bform: café, naïve, Ærøskøbing"),
        base_revision=version.revision,
    )

    text = "\n".join(pdf_pages(render_document_pdf(version)))
    workbook = workbook_of(render_document_xlsx(version))

    assert "Pasted from a form: café, naïve, Ærøskøbing" in text
    assert workbook["Sections"]["B2"].value == "Pasted from a form: café, naïve, Ærøskøbing"


# -- any document kind -------------------------------------------------------------------------

SURVEILLANCE = DocumentKind(
    key="test_surveillance_plan",
    name="Surveillance plan",
    owning_party=OwningParty.CUSTOMER,
    activity_key="develop_qasp",
    sections=(
        Section("approach", "Purpose and approach"),
        Section("notes", "Notes", required=False),
    ),
    fields=(Field("sample_size", "Sample size", "integer"),),
    tables=(
        Table(
            "standards",
            "Performance requirements summary: standards / AQLs",
            (
                Column("standard", "Performance standard"),
                Column("aql", "AQL (%)", "decimal"),
                Column("population", "Population", "integer"),
            ),
            min_rows=1,
        ),
    ),
)


@pytest.fixture
def surveillance_plan(world: World, monkeypatch: pytest.MonkeyPatch) -> DocumentVersion:
    """An approved customer-owned document of a kind with no stakeholders, signed by the
    customer alone."""
    monkeypatch.setitem(documents._KINDS, SURVEILLANCE.key, SURVEILLANCE)
    author = world.user("customer.program_manager")
    document = document_services.document_create(
        acting_user=author,
        program=world.program,
        kind=SURVEILLANCE.key,
        content={
            "sections": {"approach": "Random sampling each month."},
            "fields": {"sample_size": "1200"},
            "tables": {
                "standards": [{"standard": "Payroll accuracy", "aql": "0.5", "population": "48000"}]
            },
        },
    )
    version = document.versions.get()
    version = document_services.version_submit(acting_user=author, version=version)
    document_services.version_sign(
        acting_user=world.user("customer.business_owner"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    return version


def test_exports_follow_the_kind_definition(
    world: World, surveillance_plan: DocumentVersion
) -> None:
    text = "\n".join(pdf_pages(render_document_pdf(surveillance_plan)))

    assert "Surveillance plan" in text
    assert "Purpose and approach" in text
    assert "Notes" not in text  # an optional section left empty is not printed
    assert "Sample size" in text and "1,200" in text
    assert "Payroll accuracy" in text and "0.50" in text and "48,000" in text
    assert "Stakeholders" not in text
    approvals = text[text.index("Approvals") :]
    assert full_name(world.user("customer.business_owner")) in approvals
    assert "Provider" not in approvals
    assert "DRAFT" not in text

    workbook = workbook_of(render_document_xlsx(surveillance_plan))
    table_sheet = "Performance requirements"
    assert workbook.sheetnames == ["Summary", "Sections", table_sheet, "Approvals"]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert summary_of(workbook)["Sample size"] == 1200
    row = list(workbook[table_sheet][2])
    assert [c.value for c in row] == ["Payroll accuracy", 0.5, 48000]
    assert row[2].number_format == "#,##0"


# -- file names and queries --------------------------------------------------------------------


def test_export_filename(world: World, approved_charter: DocumentVersion) -> None:
    assert export_filename(approved_charter, "pdf") == "alpha-program-charter-v1-approved.pdf"
    draft = next_draft(world, approved_charter)
    assert export_filename(draft, "xlsx") == "alpha-program-charter-v2-draft.xlsx"
    assert export_filename(draft, ".pdf") == "alpha-program-charter-v2-draft.pdf"
    submitted = document_services.version_submit(acting_user=editor(world), version=draft)
    assert export_filename(submitted, "pdf") == "alpha-program-charter-v2-in-review.pdf"


@pytest.mark.parametrize("render", [render_document_pdf, render_document_xlsx])
def test_exports_read_the_database_a_fixed_number_of_times(
    world: World, approved_charter: DocumentVersion, render: Any, django_assert_num_queries: Any
) -> None:
    # Approved: the version with its document, program and organisations, then its signatures
    # with their signers, then the people its document names as signers (none).
    version = DocumentVersion.objects.get(pk=approved_charter.pk)
    with django_assert_num_queries(3):
        render(version)

    # A draft also reads the live roster; more signatures (voided ones) and more members
    # cost no more queries.
    draft = next_draft(world, approved_charter)
    draft = document_services.version_submit(acting_user=editor(world), version=draft)
    document_services.version_sign(acting_user=sponsors(world)[0], version=draft)
    document_services.version_return_to_draft(
        acting_user=editor(world), version=draft, reason="The budget changed."
    )
    version = DocumentVersion.objects.get(pk=draft.pk)
    with django_assert_num_queries(4):
        render(version)
