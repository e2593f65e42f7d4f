"""The dashboards as files: a program's as a tagged PDF (tiles and tables, with the portal's
document print style), the portfolio as a workbook with typed cells. Both are rendered from
what the page shows the same person, so costs follow the same rule."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from programs.exports import ExportValue, _fill, _sheet_title, _stylesheet, html_to_pdf
from programs.models import Program

from .portfolio import PortfolioView

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "yyyy-mm-dd"
INDEX = "0.00"
EXTRA_CSS = """
.rpt-absent { color: #3d4551; font-style: italic; }
.rpt-num { text-align: right; }
.rpt-status { font-weight: 700; }
.tile { border: 1pt solid #3d4551; padding: 4pt 8pt; margin: 0 0 6pt; break-inside: avoid; }
.tile h3 { margin: 0 0 2pt; }
.tile p { margin: 2pt 0; }
"""


def download(body: bytes, content_type: str, name: str, ext: str) -> HttpResponse:
    """A file named after what it holds and today: ``drc-hr-dashboard-2026-11-30.pdf``."""
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}-{stamp}.{ext}"
    )
    return response


def program_pdf(program: Program, data: dict[str, Any], *, generated_by: str = "") -> bytes:
    html = render_to_string(
        "reports/dashboard/program_pdf.html",
        {
            "program": program,
            "d": data,
            "generated_by": generated_by,
            "generated_on": dateformat.format(timezone.localtime(), "F j, Y, g:i A"),
        },
    )
    return html_to_pdf(html, _stylesheet() + EXTRA_CSS)


def _day(value: str | None) -> Any:
    return ExportValue(value, dt.date.fromisoformat(value), DATE) if value else None


def _index(value: str | None) -> Any:
    return ExportValue(value, Decimal(value), INDEX) if value else None


def portfolio_xlsx(view: PortfolioView) -> bytes:
    """Programs (a row each, as the page filters and sorts them), By agency, By provider."""
    workbook = Workbook()
    workbook.properties.title = "Portfolio"
    workbook.properties.creator = "PMO Portal"
    titles: set[str] = set()
    sheet = workbook.active
    sheet.title = _sheet_title("Programs", titles)
    areas = [title for _, title in view.areas]
    header = (
        "Code",
        "Program",
        "Agency",
        "Provider",
        "Phase",
        "CIO rating",
        "CIO rating in words",
        "Rating from",
        "Overall",
        *areas,
        "Forecast finish",
        "Baseline finish",
        "Finish variance (days)",
        "CPI",
        "SPI",
        "Open critical findings",
        "Overdue items",
    )
    rows = [
        [
            r.code,
            r.name,
            r.customer,
            r.provider,
            r.phase,
            r.rating,
            r.rating_label,
            r.rating_source,
            r.overall_label,
            *[a["status_label"] for a in r.areas],
            _day(r.forecast_finish),
            _day(r.baseline_finish),
            r.finish_variance_days,
            _index(r.cpi) if r.shows_costs else "Not shown",
            _index(r.spi) if r.shows_costs else "Not shown",
            r.critical_findings,
            r.overdue_items,
        ]
        for r in view.rows
    ]
    _fill(sheet, header, rows)
    for title, groups in (("By agency", view.by_agency), ("By provider", view.by_provider)):
        summary = workbook.create_sheet(_sheet_title(title, titles))
        _fill(
            summary,
            (
                title.removeprefix("By ").capitalize(),
                "Programs",
                "Red",
                "Yellow",
                "Green",
                "Not rated",
                "Open critical findings",
                "Overdue items",
            ),
            [
                [
                    g.name,
                    g.programs,
                    g.red,
                    g.yellow,
                    g.green,
                    g.not_rated,
                    g.critical_findings,
                    g.overdue_items,
                ]
                for g in groups
            ],
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
