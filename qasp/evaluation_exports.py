"""A performance evaluation as a tagged PDF (the portal's document print style: Letter, the
running title and status, "Page X of Y") and as a workbook with typed cells: the evaluation's
facts, then one row per rating area with the proposal, its reasons, the rating and narrative."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from openpyxl import Workbook

from programs.exports import ExportValue, _fill, _stylesheet, html_to_pdf

from .evaluation_periods import period_text
from .models import PerformanceEvaluation
from .rating import RATING_WORDS

DATE = "yyyy-mm-dd"
RATING_HEADER = (
    "Rating area",
    "Proposed rating",
    "Proposed rating in words",
    "Why the portal proposes it",
    "Rating",
    "Rating in words",
    "Narrative",
)


def _title(evaluation: PerformanceEvaluation) -> str:
    return f"CPARS-style {evaluation.get_kind_display().lower()} performance evaluation"


def _words(rating: int | None) -> str:
    return f"{RATING_WORDS[rating]} ({rating})" if rating else "No proposal"


def evaluation_pdf(evaluation: PerformanceEvaluation, *, generated_by: str = "") -> bytes:
    ratings = [
        (r, _words(r.proposed), _words(r.rating) if r.rating else "Not rated")
        for r in evaluation.ratings.all()
    ]
    context = {
        "evaluation": evaluation,
        "program": evaluation.program,
        "title": _title(evaluation),
        "period": period_text(evaluation),
        "ratings": ratings,
        "generated_by": generated_by,
        "generated_on": dateformat.format(timezone.localtime(), "F j, Y"),
    }
    html = render_to_string("qasp/exports/evaluation.html", context)
    return html_to_pdf(html, _stylesheet())


def _day(value: dt.date | None) -> ExportValue:
    return ExportValue(value.isoformat() if value else "", value, DATE)


def _facts(evaluation: PerformanceEvaluation) -> list[list[Any]]:
    return [
        ["Program", f"{evaluation.program.name} ({evaluation.program.code})"],
        ["Evaluation", _title(evaluation)],
        ["Period", period_text(evaluation)],
        ["Period from", _day(evaluation.period_start)],
        ["Period to", _day(evaluation.period_end)],
        ["Status", evaluation.get_status_display()],
        ["Evaluator", evaluation.evaluator.display_name],
        ["Overall assessment", evaluation.summary],
        ["Opened for comment on", _day(evaluation.opened_on)],
        ["Comment due", _day(evaluation.comment_due)],
        ["Provider's comment", evaluation.provider_comment],
        ["Commented by", evaluation.commented_by_name],
        ["Commented at", evaluation.commented_at],
        ["Signed by", evaluation.signed_by_name],
        ["Signed at", evaluation.signed_at],
        ["SHA-256 signed", evaluation.signed_hash],
    ]


def evaluation_xlsx(evaluation: PerformanceEvaluation) -> bytes:
    workbook = Workbook()
    workbook.properties.title = f"{_title(evaluation)}: {evaluation.program.name}"
    workbook.properties.creator = "PMO Portal"
    facts = workbook.active
    facts.title = "Evaluation"
    _fill(facts, ("Item", "Value"), _facts(evaluation), wrap_columns=frozenset({2}))
    sheet = workbook.create_sheet("Ratings")
    rows = [
        [
            r.area_label,
            r.proposed,
            _words(r.proposed),
            "\n".join(r.proposal_reasons),
            r.rating,
            _words(r.rating) if r.rating else "Not rated",
            r.narrative,
        ]
        for r in evaluation.ratings.all()
    ]
    _fill(sheet, RATING_HEADER, rows, wrap_columns=frozenset({4, 7}))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
