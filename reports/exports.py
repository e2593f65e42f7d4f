"""A status report as a tagged PDF (the portal's document print style) and as a workbook with
typed cells, both rendered from the frozen snapshot and the narratives only: what was built
(and, once released, what was released) whatever the data says today.

The PDF opens with the executive summary (program, period, overall status, the CIO rating
with its reasons and the customer's comment, each area's status in words with its
indicators, the status history as a chart and a table, what changed since the last report)
on its first two pages, then the narratives and the detail of each section, the schedule's
milestone slip and the cost's S-curve each drawn as an SVG chart before its table. Dollar
figures, the S-curve among them, are left out for whoever may not see the program's costs
(``shows_costs``), from the indicators and the rating's reasons too; the cost area's status
in words stays."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from openpyxl import Workbook

from programs.exports import ExportValue, _fill, _sheet_title, _stylesheet, html_to_pdf

from .charts import report_charts
from .history import status_history
from .models import StatusReport
from .sections.base import without_dollars
from .services.lifecycle import NARRATIVE_LABELS, NARRATIVES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "yyyy-mm-dd"
DOLLARS = '"$"#,##0.00'
SECTION_TITLES = {
    "charter": "Program",
    "schedule": "Schedule",
    "cost": "Cost",
    "risk": "Risk",
    "quality": "Quality",
    "ivv": "IV&V",
    "staffing": "Staffing",
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY = re.compile(r"^-?\d+\.\d{2}$")
_MONEY_KEYS = {"bac", "pv", "ev", "ac", "cv", "sv", "eac", "budget", "obligated", "expended"}
_MONEY_KEYS |= {"remaining", "etc", "vac"}
EXTRA_CSS = """
.rpt-facts dt { font-weight: 700; margin-top: 4pt; break-after: avoid; }
.rpt-facts dd { margin: 0 0 2pt 12pt; }
.rpt-absent, .empty { color: #3d4551; font-style: italic; }
.rpt-num { text-align: right; }
.rpt-status { font-weight: 700; }
.rating { border: 1pt solid #3d4551; padding: 6pt 10pt; margin: 8pt 0; }
.rating p { margin: 2pt 0; }
.usa-list--unstyled { list-style: none; padding-left: 0; margin: 0; }
.rpt-status { border-left: 3pt solid #a9aeb1; padding-left: 3pt; white-space: nowrap; }
.rpt-status--green { border-left-color: #00a91c; }
.rpt-status--yellow { border-left-color: #ffbe2e; }
.rpt-status--red { border-left-color: #d54309; }
.rpt-chart { margin: 6pt 0 4pt; break-inside: avoid; }
.rpt-chart img { display: block; max-width: 100%; }
table.rpt-areas { font-size: 9pt; }
table.rpt-areas th, table.rpt-areas td { padding: 3pt 5pt; }
col.rpt-col-name { width: 16%; }
col.rpt-col-status { width: 14%; }
table.rpt-ev { font-size: 7.5pt; }
table.rpt-ev th, table.rpt-ev td { padding: 3pt 2pt; white-space: nowrap; }
table.rpt-history { font-size: 8pt; }
col.rpt-col-period { width: 15%; }
col.rpt-col-rating { width: 13%; }
table.rpt-history th, table.rpt-history td { padding: 2pt 3pt; }
"""


def filename(report: StatusReport) -> str:
    return f"status-report-{report.period_start:%Y-%m}-r{report.revision}"


def _context(report: StatusReport, *, shows_costs: bool, generated_by: str) -> dict[str, Any]:
    snapshot = report.snapshot
    sections = snapshot.get("sections", {})
    history = status_history(report)
    return {
        "report": report,
        "program": report.program,
        "s": snapshot,
        "sections": sections,
        "shows_costs": shows_costs,
        "history": history,
        "charts": report_charts(sections, history, shows_costs=shows_costs),
        "narratives": [
            (NARRATIVE_LABELS[name].capitalize(), getattr(report, name)) for name in NARRATIVES
        ],
        "generated_by": generated_by,
        "generated_on": dateformat.format(timezone.localtime(), "F j, Y"),
    }


def report_pdf(report: StatusReport, *, shows_costs: bool, generated_by: str = "") -> bytes:
    html = render_to_string(
        "reports/exports/status_report.html",
        _context(report, shows_costs=shows_costs, generated_by=generated_by),
    )
    return html_to_pdf(html, _stylesheet() + EXTRA_CSS)


# -- Excel ---------------------------------------------------------------------------------


def _typed(key: str, value: Any) -> Any:
    """A snapshot value as a cell: days as dates, dollar figures as numbers in dollars."""
    if isinstance(value, str) and _DAY.match(value):
        return ExportValue(value, dt.date.fromisoformat(value), DATE)
    if isinstance(value, str) and _MONEY.match(value) and key in _MONEY_KEYS:
        try:
            return ExportValue(value, Decimal(value), DOLLARS)
        except InvalidOperation:
            return value
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _number(value: Any) -> Any:
    """An indicator's value: a whole number as a number, else its words."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _hidden(value: Any, hide: Callable[[str], str]) -> Any:
    return hide(value) if isinstance(value, str) else value


def _flatten(data: dict[str, Any], part: str, rows: list[list[Any]]) -> None:
    """Rows (part, item, value) of a section's nested figures: lists of records numbered."""
    for key, value in data.items():
        if isinstance(value, dict):
            _flatten(value, f"{part} / {key}" if part else key, rows)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for n, item in enumerate(value, start=1):
                _flatten(item, f"{part} / {key} {n}" if part else f"{key} {n}", rows)
        else:
            rows.append([part, key, _typed(key, value)])


def _summary_rows(report: StatusReport, hide: Callable[[str], str]) -> list[list[Any]]:
    s = report.snapshot
    rows: list[list[Any]] = [
        ["Program", f"{report.program.name} ({report.program.code})"],
        ["Period", report.period_label],
        ["Period from", _typed("", report.period_start.isoformat())],
        ["Period to", _typed("", report.period_end.isoformat())],
        ["Due on", _typed("", report.due_on.isoformat())],
        ["Status", report.get_status_display()],
        ["Revision", report.revision],
        ["Figures as of", _typed("", str(s.get("as_of", "")))],
        ["Overall status", s.get("overall", {}).get("label", "")],
        ["CIO rating", report.rating],
        ["CIO rating in words", report.rating_label],
        ["Proposed rating", report.proposed_rating],
        ["Why", "\n".join(hide(r) for r in s.get("rating", {}).get("reasons", []))],
        ["The customer's comment on the rating", report.rating_comment],
        ["Released at", report.released_at],
        ["SHA-256 of what was released", report.sha256],
    ]
    rows += [[label.capitalize(), getattr(report, n)] for n, label in NARRATIVE_LABELS.items()]
    return rows


def report_xlsx(report: StatusReport, *, shows_costs: bool) -> bytes:
    """Summary, Areas and What changed, then one sheet per section of the snapshot."""
    s = report.snapshot
    hide: Callable[[str], str] = (lambda text: text) if shows_costs else without_dollars
    workbook = Workbook()
    workbook.properties.title = f"Status report of {report.period_label}: {report.program.name}"
    workbook.properties.creator = "PMO Portal"
    titles: set[str] = set()
    summary = workbook.active
    summary.title = _sheet_title("Summary", titles)
    _fill(summary, ("Item", "Value"), _summary_rows(report, hide), wrap_columns=frozenset({2}))
    areas = [
        [
            a.get("title"),
            a.get("status_label") or "Not rated",
            *(i.get("label"), _number(_hidden(i.get("value"), hide)), i.get("status_label")),
            i.get("why"),
            ("Yes" if i.get("watch") else "No") if i else None,
        ]
        for a in s.get("areas", [])
        for i in (a.get("indicators") or [{}])
    ]
    _fill(
        workbook.create_sheet(_sheet_title("Areas", titles)),
        ("Area", "Status", "Indicator", "Value", "Indicator status", "Why", "On watch"),
        areas,
    )
    changes = s.get("changes", {})
    _fill(
        workbook.create_sheet(_sheet_title("What changed", titles)),
        ("Since", "Change"),
        [
            [changes.get("previous") or "First report", hide(item)]
            for item in changes.get("items", [])
        ],
        wrap_columns=frozenset({2}),
    )
    for key, data in s.get("sections", {}).items():
        rows: list[list[Any]] = []
        if key == "cost" and not shows_costs:
            rows.append(["", "costs", "Shown to those who may see the program's costs."])
        elif isinstance(data, dict):
            _flatten(data, "", rows)
        sheet = workbook.create_sheet(_sheet_title(SECTION_TITLES.get(key, key.title()), titles))
        _fill(sheet, ("Part", "Item", "Value"), rows, wrap_columns=frozenset({3}))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
