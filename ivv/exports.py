"""The (filtered) findings register as a workbook and a PDF, through the register block."""

from __future__ import annotations

from collections.abc import Sequence

from programs.models import Program
from programs.registers import Column, register_pdf, register_xlsx

from .models import Finding
from .selectors import overdue_text

DATE = "yyyy-mm-dd"

COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda f: f.reference),
    Column("Title", lambda f: f.title, wide=True),
    Column("Status", lambda f: f.get_status_display()),
    Column("Severity", lambda f: f.severity, "0"),
    Column("Integrity level", lambda f: f.integrity_level, "0"),
    Column("Date raised", lambda f: f.raised_on, DATE),
    Column("Source", lambda f: f.get_source_display()),
    Column("Category", lambda f: f.get_category_display()),
    Column("Concerns", lambda f: f.concerns),
    Column("Party that answers", lambda f: f.get_answering_party_display()),
    Column("Response due", lambda f: f.response_due, DATE),
    Column("Response", lambda f: f.get_response_display()),
    Column(
        "Corrective action owner", lambda f: f.action_owner.display_name if f.action_owner else ""
    ),
    Column("Target date", lambda f: f.action_target, DATE),
    Column("Overdue", overdue_text),
    Column("Closed on", lambda f: f.closed_on, DATE),
)
#: The PDF leaves out what does not fit a landscape page: integrity level, source, category.
PDF_COLUMNS = tuple(
    c for c in COLUMNS if c.header not in {"Integrity level", "Source", "Category", "Concerns"}
)


def findings_xlsx(program: Program, rows: Sequence[Finding]) -> bytes:
    return register_xlsx(program=program, title="IV&V findings", columns=COLUMNS, rows=rows)


def findings_pdf(
    program: Program, rows: Sequence[Finding], *, filters_text: str = "", generated_by: str = ""
) -> bytes:
    return register_pdf(
        program=program,
        title="IV&V findings",
        columns=PDF_COLUMNS,
        rows=rows,
        filters_text=filters_text,
        generated_by=generated_by,
    )
