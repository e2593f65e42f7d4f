"""The lessons register (filtered) as a workbook and a PDF through the register block, and
the lessons-learned report of the Phase 3 progress review: every lesson in full and the eight
Play 3.1 lessons with what the portal shows and both parties' self-assessments."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from openpyxl import Workbook

from programs.exports import _fill, html_to_pdf
from programs.models import Program
from programs.registers import Column, register_pdf, register_xlsx
from programs.registers.exports import _stylesheet

from .models import Lesson
from .play import PARTIES, LessonEvidence
from .sources import source_reference

DATE = "yyyy-mm-dd"
TITLE = "Lessons learned"
REPORT_TITLE = "Lessons-learned report"

COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda x: x.reference),
    Column("Title", lambda x: x.title, wide=True),
    Column("Status", lambda x: x.get_status_display()),
    Column("Date recorded", lambda x: x.recorded_on, DATE),
    Column("Impact", lambda x: x.get_impact_kind_display()),
    Column("Category", lambda x: x.get_category_display()),
    Column("M3 phase", lambda x: x.get_phase_display()),
    Column("Workstream", lambda x: x.get_workstream_display()),
    Column("Owner", lambda x: x.get_owner_party_display()),
    Column("Came from", source_reference),
    Column("What happened", lambda x: x.what_happened, wide=True),
    Column("Impact described", lambda x: x.impact, wide=True),
    Column("Root cause", lambda x: x.root_cause, wide=True),
    Column("Recommendation", lambda x: x.recommendation, wide=True),
    Column("Where applied", lambda x: x.where_applied, wide=True),
    Column("Applied on", lambda x: x.applied_on, DATE),
)
#: The register's PDF keeps what fits a landscape page; the report has every field.
PDF_COLUMNS = tuple(
    c
    for c in COLUMNS
    if c.header
    in {
        "Reference",
        "Title",
        "Status",
        "Date recorded",
        "Impact",
        "Category",
        "M3 phase",
        "Owner",
        "Came from",
        "Recommendation",
    }
)


def lessons_xlsx(program: Program, rows: Sequence[Lesson]) -> bytes:
    return register_xlsx(program=program, title=TITLE, columns=COLUMNS, rows=rows)


def lessons_pdf(
    program: Program, rows: Sequence[Lesson], *, filters_text: str = "", generated_by: str = ""
) -> bytes:
    return register_pdf(
        program=program,
        title=TITLE,
        columns=PDF_COLUMNS,
        rows=rows,
        filters_text=filters_text,
        generated_by=generated_by,
    )


def _assessment_text(assessment: Any) -> str:
    if assessment is None:
        return "Not assessed"
    text = assessment.get_rating_display()
    return f"{text}: {assessment.note}" if assessment.note else text


def _play_rows(play: Sequence[LessonEvidence]) -> list[list[Any]]:
    return [
        [
            e.lesson.number,
            e.lesson.title,
            "\n".join(("Gap: " if f.gap else "") + f.text for f in e.facts),
            *(_assessment_text(e.assessments.get(p)) for p in PARTIES),
        ]
        for e in play
    ]


PLAY_HEADER = ("Lesson", "Play 3.1 lesson", "What the portal shows", "Customer", "Provider")


def report_xlsx(program: Program, rows: Sequence[Lesson], play: Sequence[LessonEvidence]) -> bytes:
    """Two sheets: every lesson of the register, and the eight Play 3.1 lessons."""
    workbook = Workbook()
    workbook.properties.title = f"{REPORT_TITLE}: {program.name}"
    workbook.properties.creator = "PMO Portal"
    sheet = workbook.active
    sheet.title = TITLE
    data = [[c.value(row) for c in COLUMNS] for row in rows]
    wrap = frozenset(i for i, c in enumerate(COLUMNS, start=1) if c.wide)
    _fill(sheet, tuple(c.header for c in COLUMNS), data, wrap_columns=wrap)
    for i, column in enumerate(COLUMNS, start=1):
        if column.number_format != "General":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = column.number_format
    _fill(
        workbook.create_sheet("Play 3.1 lessons"),
        PLAY_HEADER,
        _play_rows(play),
        wrap_columns=frozenset({2, 3, 4, 5}),
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_pdf(
    program: Program,
    rows: Sequence[Lesson],
    play: Sequence[LessonEvidence],
    *,
    counts: dict[str, int],
    generated_by: str = "",
) -> bytes:
    html = render_to_string(
        "lessons/exports/report.html",
        {
            "program": program,
            "title": REPORT_TITLE,
            "rows": rows,
            "play": play,
            "parties": PARTIES,
            "counts": counts,
            "generated_by": generated_by,
            "generated_on": dateformat.format(timezone.localtime(), "F j, Y"),
        },
    )
    return html_to_pdf(html, _stylesheet())


def program_report_pdf(program: Program, *, generated_by: str = "") -> bytes:
    """The program's whole lessons-learned report as every member reads it (the Phase 3
    progress review package carries it): every lesson, the eight lessons with what the
    portal shows of them, and the count by status."""
    from django.contrib.auth.models import AnonymousUser

    from . import selectors
    from .play import play_lessons

    return report_pdf(
        program,
        list(selectors.register_rows(program).order_by("number")),
        play_lessons(program=program, user=AnonymousUser()),
        counts=selectors.status_counts(Lesson.objects.filter(program=program)),
        generated_by=generated_by,
    )
