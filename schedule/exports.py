"""The schedule as a PDF: title block, DCMA health summary, the Gantt chart and the task table.

It renders plain data (``GanttRow``, ``CheckResult``); the caller has read the schedule, checked
that the user may see it and computed it. The fonts are the USWDS files the document exports
use, read through the same fetcher, so an export never reaches the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from programs.exports import html_to_pdf
from schedule.engine.dcma import CheckResult
from schedule.gantt import GanttRow, Moment, day_text, gantt_chart

#: Gantt rows on one landscape Letter page, under the time scale.
GANTT_ROWS_PER_PAGE = 27


@dataclass(frozen=True, slots=True)
class _TaskLine:
    row: GanttRow
    duration: str
    start: str
    finish: str
    total_float: str
    indent: str


@dataclass(frozen=True, slots=True)
class _CheckLine:
    check: CheckResult
    result: str  # "Pass", "Fail" or "Not applicable"


def render_schedule_pdf(
    *,
    program_name: str,
    program_code: str,
    schedule_name: str,
    rows: Sequence[GanttRow],
    status_date: Moment | None,
    finish: Moment | None,
    baseline_name: str | None,
    dcma: Sequence[CheckResult],
    generated_by: str,
    today: date,
) -> bytes:
    """A landscape Letter PDF, tagged for screen readers, with "Page X of Y" and the
    generation date in every footer."""
    chart = gantt_chart(
        rows, status_date=status_date, today=today, rows_per_page=GANTT_ROWS_PER_PAGE
    )
    context = {
        "program_name": program_name,
        "program_code": program_code,
        "schedule_name": schedule_name,
        "status_date": day_text(status_date) or "Not set",
        "finish": day_text(finish) or "Not computed",
        "baseline_name": baseline_name,
        "generated_by": generated_by,
        "generated_on": day_text(today),
        "task_count": sum(1 for r in rows if not r.is_summary),
        "critical_count": sum(1 for r in rows if r.is_critical and not r.is_summary),
        "gantt": chart,
        "tasks": [_task_line(r) for r in rows],
        "checks": [_CheckLine(c, _result(c)) for c in dcma],
        "failed": sum(1 for c in dcma if c.passed is False),
        "pdf": True,
    }
    html = render_to_string("schedule/schedule_pdf.html", context)
    return html_to_pdf(html, _gantt_css())


@cache
def _gantt_css() -> str:
    """The chart's own stylesheet, the one the browser loads, with its print rules."""
    found = finders.find("schedule/gantt.css")
    if not isinstance(found, str):
        raise FileNotFoundError("static/schedule/gantt.css")
    return Path(found).read_text(encoding="utf-8")


def _task_line(row: GanttRow) -> _TaskLine:
    return _TaskLine(
        row=row,
        duration=_days(row.duration_days),
        start=day_text(row.start),
        finish=day_text(row.finish),
        total_float=_days(row.total_float_days),
        indent=f"{4 + 8 * max(row.outline_level - 1, 0)}pt",
    )


def _days(days: float | None) -> str:
    if days is None:
        return ""
    return f"{days:,.1f}".removesuffix(".0")


def _result(check: CheckResult) -> str:
    if check.passed is None:
        return "Not applicable"
    return "Pass" if check.passed else "Fail"
