"""The (filtered) surveillance log as a workbook and a PDF, through the register block's
exports (the log is no register, but its rows read the same way: one record a row)."""

from __future__ import annotations

from collections.abc import Sequence

from programs.models import Program
from programs.registers import Column, register_pdf, register_xlsx

from .models import SurveillanceRecord

DATE = "yyyy-mm-dd"
NUMBER = "0.####"
TITLE = "Surveillance log"

COLUMNS: tuple[Column, ...] = (
    Column("Standard", lambda r: r.standard_code),
    Column("Performance standard", lambda r: r.standard_text, wide=True),
    Column("Period", lambda r: r.period, DATE),
    Column("Surveillance method", lambda r: r.get_method_display()),
    Column("Population", lambda r: r.population, "0"),
    Column("Sample size", lambda r: r.sample_size, "0"),
    Column("Defects found", lambda r: r.defects, "0"),
    Column("Measured value", lambda r: r.measured_value, NUMBER),
    Column("Observed value", lambda r: r.observed_value, NUMBER),
    Column("Unit", lambda r: r.unit),
    Column("AQL", lambda r: r.aql_text),
    Column("Verdict", lambda r: r.verdict_text),
    Column("Evaluator", lambda r: r.evaluator.display_name),
    Column("Date recorded", lambda r: r.recorded_on, DATE),
    Column("Notes", lambda r: r.notes, wide=True),
    Column("Rebuttal", lambda r: r.rebuttal, wide=True),
)


def _observed(record: SurveillanceRecord) -> str:
    return f"{record.observed_value.normalize():f} {record.unit}".strip()


#: The PDF leaves out what does not fit a landscape page (the sampling figures, the notes);
#: the observed value reads with its unit.
PDF_COLUMNS: tuple[Column, ...] = (
    *COLUMNS[:4],
    Column("Observed", _observed),
    *(c for c in COLUMNS[10:] if c.header != "Notes"),
)


def log_xlsx(program: Program, rows: Sequence[SurveillanceRecord]) -> bytes:
    return register_xlsx(program=program, title=TITLE, columns=COLUMNS, rows=rows)


def log_pdf(
    program: Program,
    rows: Sequence[SurveillanceRecord],
    *,
    filters_text: str = "",
    generated_by: str = "",
) -> bytes:
    return register_pdf(
        program=program,
        title=TITLE,
        columns=PDF_COLUMNS,
        rows=rows,
        filters_text=filters_text,
        generated_by=generated_by,
    )
