"""The (filtered) corrective action requests register as a workbook and a PDF, through the
register block."""

from __future__ import annotations

from collections.abc import Sequence

from programs.models import Program
from programs.registers import Column, register_pdf, register_xlsx

from .car_selectors import RegisterRow

DATE = "yyyy-mm-dd"
TITLE = "Corrective action requests"

COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda r: r.car.reference),
    Column("Standard", lambda r: r.car.standard_code),
    Column("Performance standard", lambda r: r.car.standard_text, wide=True),
    Column("Status", lambda r: r.car.get_status_display()),
    Column("Escalation level", lambda r: r.car.escalation_text),
    Column("Date issued", lambda r: r.car.issued_on, DATE),
    Column("Age (days)", lambda r: r.age, "0"),
    Column("Next step", lambda r: r.owed_text, wide=True),
    Column("Overdue", lambda r: "Overdue" if r.overdue else "No"),
    Column("Response due", lambda r: r.car.response_due, DATE),
    Column("Target date", lambda r: r.car.target_date, DATE),
    Column("Date closed", lambda r: r.car.closed_on, DATE),
    Column("Description", lambda r: r.car.description, wide=True),
)
#: The PDF leaves out what does not fit a landscape page.
PDF_COLUMNS = tuple(
    c for c in COLUMNS if c.header not in {"Performance standard", "Description", "Response due"}
)


def cars_xlsx(program: Program, rows: Sequence[RegisterRow]) -> bytes:
    return register_xlsx(program=program, title=TITLE, columns=COLUMNS, rows=rows)


def cars_pdf(
    program: Program, rows: Sequence[RegisterRow], *, filters_text: str = "", generated_by: str = ""
) -> bytes:
    return register_pdf(
        program=program,
        title=TITLE,
        columns=PDF_COLUMNS,
        rows=rows,
        filters_text=filters_text,
        generated_by=generated_by,
    )
