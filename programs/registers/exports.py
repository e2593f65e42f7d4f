"""A register's rows as a workbook (typed cells, bold frozen header) and as a tagged PDF
(Letter landscape, running header with the program and the register, "Page X of Y").

The caller has restricted and filtered the rows; these functions only read them through the
``Column`` declarations, so a new register declares its columns and nothing more."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from ..exports import _fill, _printable, html_to_pdf
from ..models import Program


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, how to read the value off a row (a date, a
    number or a text: the workbook keeps the type), and its Excel number format."""

    header: str
    value: Callable[[Any], Any]
    number_format: str = "General"
    #: A long text: wrapped in the workbook, wider in the PDF.
    wide: bool = False


def register_xlsx(
    *, program: Program, title: str, columns: Sequence[Column], rows: Iterable[Any]
) -> bytes:
    """One sheet named ``title``, one row per item."""
    workbook = Workbook()
    workbook.properties.title = f"{title}: {program.name}"
    workbook.properties.creator = "PMO Portal"
    sheet = workbook.active
    sheet.title = title[:31]
    data = [[c.value(row) for c in columns] for row in rows]
    wrap = frozenset(i for i, c in enumerate(columns, start=1) if c.wide)
    _fill(sheet, tuple(c.header for c in columns), data, wrap_columns=wrap)
    for i, column in enumerate(columns, start=1):
        if column.number_format != "General":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = column.number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return dateformat.format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _printable(str(value))


def register_pdf(
    *,
    program: Program,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    filters_text: str = "",
    generated_by: str = "",
) -> bytes:
    """The rows as a table under a title block; the running header repeats the program and
    the register on every page, the footer the generation date and the page number."""
    context = {
        "program": program,
        "title": title,
        "columns": columns,
        "rows": [[_text(c.value(row)) for c in columns] for row in rows],
        "filters_text": filters_text,
        "generated_by": generated_by,
        "generated_on": dateformat.format(timezone.localtime(), "F j, Y"),
    }
    html = render_to_string("programs/exports/register.html", context)
    return html_to_pdf(html, _stylesheet())


@cache
def _stylesheet() -> str:
    return render_to_string("programs/exports/register.css")


def filters_described(filterset: Any) -> str:
    """What a bound, validated FilterSet filters by, as the export's header says it
    ("Filtered by Status: Open; Severity: 1."), choices by their labels; "" for none."""
    described = []
    for field in filterset.form:
        value = field.value()
        if value and field.name in filterset.form.cleaned_data:
            choices = dict(getattr(field.field, "choices", ()))
            shown = choices.get(value, choices.get(str(value), value))
            described.append(f"{field.label}: {shown}")
    return "Filtered by " + "; ".join(described) + "." if described else ""


def dated_download(
    body: bytes, content_type: str, program: Program, name: str, ext: str
) -> HttpResponse:
    """An export as a download named after the program, the register and today:
    ``drc-hr-raid-log-2026-11-30.xlsx``."""
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{program.code}-{name}-{stamp}.{ext}"
    )
    return response
