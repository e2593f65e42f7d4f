"""The grid's cells and headers as HTML, built in Python: 200 rows by 20 columns are 4,000
cells, which the template language renders about ten times slower than string building.
Every text is escaped; a violation shows as words beside its colour."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from programs.choices import JOINT_OWNERS, OwningParty

from . import rules
from .models import RaciColumn, RaciRow
from .selectors.matrix import MatrixData, check_data
from .services.cells import may_set_codes

OWNER_CODES = {p.value: p.code for p in OwningParty}


@dataclass
class Markers:
    """Rule markers by row, by column and by cell."""

    results: rules.Results
    rows: dict[Any, list[rules.Violation]] = field(default_factory=lambda: defaultdict(list))
    columns: dict[Any, list[rules.Violation]] = field(default_factory=lambda: defaultdict(list))
    cells: dict[Any, list[rules.Violation]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, results: rules.Results) -> Markers:
        markers = cls(results=results)
        for v in results.all():
            if v.row is not None and v.column is not None:
                markers.cells[(v.row, v.column)].append(v)
            elif v.row is not None:
                markers.rows[v.row].append(v)
            elif v.column is not None:
                markers.columns[v.column].append(v)
        return markers


def _marker_html(violations: list[rules.Violation]) -> str:
    return "".join(
        f'<span class="raci-marker raci-marker--{v.severity}">{conditional_escape(v.marker)}</span>'
        for v in violations
    )


@dataclass
class Grid:
    data: MatrixData
    markers: Markers
    cell_url: str  # ends with "/": + "<row>/<column>/"
    editable_rows: set[int]

    def cell(self, row: RaciRow, column: RaciColumn) -> SafeString:
        code, revision = self.data.cells.get((row.pk, column.pk), ("", 0))
        violations = self.markers.cells.get((row.pk, column.pk), [])
        classes = f"raci-cell raci-code-{code or 'none'}"
        if violations:
            classes += f" raci-cell--{violations[0].severity}"
        url = f"{self.cell_url}{row.pk}/{column.pk}/"
        if code:
            text = f'{code}<span class="usa-sr-only"> ({rules.CODE_WORDS[code]})</span>'
        else:
            text = '<span aria-hidden="true">·</span><span class="usa-sr-only">No code</span>'
        editable = row.pk in self.editable_rows
        inner = f'<a href="{url}">{text}</a>' if editable else f"<span>{text}</span>"
        readonly = "" if editable else ' aria-readonly="true"'
        return mark_safe(  # every text in it is escaped above
            f'<td id="cell-{row.pk}-{column.pk}" class="{classes}" data-url="{url}" '
            f'data-revision="{revision}"{readonly}>{inner}{_marker_html(violations)}</td>'
        )

    def row_header(self, row: RaciRow, *, oob: bool = False) -> SafeString:
        swap = ' hx-swap-oob="true"' if oob else ""
        owner = OWNER_CODES[row.owning_party]
        label = OwningParty(row.owning_party).label
        return format_html(
            '<th scope="row" id="row-{}" class="raci-row-header"{}>{} '
            '<span class="raci-owner" title="{}">({})</span>'
            '<span class="usa-sr-only">, owned by {}</span>{}</th>',
            row.pk,
            mark_safe(swap),
            row.title,
            label,
            owner,
            label,
            mark_safe(_marker_html(self.markers.rows.get(row.pk, []))),
        )

    def column_header(self, column: RaciColumn, *, oob: bool = False) -> SafeString:
        swap = ' hx-swap-oob="true"' if oob else ""
        return format_html(
            '<th scope="col" id="col-{}" class="raci-column-header"{}>{}{}</th>',
            column.pk,
            mark_safe(swap),
            column.label,
            mark_safe(_marker_html(self.markers.columns.get(column.pk, []))),
        )

    def row_html(self, row: RaciRow, columns: list[RaciColumn]) -> SafeString:
        cells = "".join(self.cell(row, c) for c in columns)
        return mark_safe(f"<tr>{self.row_header(row)}{cells}</tr>")


def build_grid(data: MatrixData, user: Any, program_code: str) -> Grid:
    results = check_data(data)
    # Which rows the user may set codes of: one answer per owning party, not per row.
    by_owner: dict[str, bool] = {
        owner: may_set_codes(user, RaciRow(matrix=data.matrix, owning_party=owner))
        for owner in JOINT_OWNERS
    }
    editable = {r.pk for r in data.rows if by_owner[r.owning_party]}
    url = reverse("raci:matrix", kwargs={"code": program_code}) + "cells/"
    return Grid(data=data, markers=Markers.of(results), cell_url=url, editable_rows=editable)
