"""Reads of the RACI matrix: the whole grid in a fixed number of queries, its rule results,
and a snapshot the Resource Management Plan freezes into a document version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from programs.errors import DomainError, ErrorCode
from programs.models import Program

from .. import rules
from ..models import RaciColumn, RaciGroup, RaciMatrix, RaciRow


def matrix_of(program: Program) -> RaciMatrix | None:
    return RaciMatrix.objects.filter(program=program).first()


def default_overload_limit() -> int:
    return int(settings.PMO_RACI_OVERLOAD_LIMIT)


@dataclass
class MatrixData:
    """The matrix read whole: groups, rows, columns and cells ((row id, column id) to
    (code, revision))."""

    matrix: RaciMatrix
    groups: list[RaciGroup]
    rows: list[RaciRow]
    columns: list[RaciColumn]
    cells: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)

    def codes(self) -> dict[tuple[int, int], str]:
        return {key: code for key, (code, _) in self.cells.items()}

    def rows_by_group(self) -> list[tuple[RaciGroup, list[RaciRow]]]:
        by_group: dict[int, list[RaciRow]] = {}
        for row in self.rows:
            by_group.setdefault(row.group_id, []).append(row)
        return [(group, by_group.get(group.pk, [])) for group in self.groups]


def matrix_data(matrix: RaciMatrix) -> MatrixData:
    """Four queries, whatever the size."""
    groups = list(RaciGroup.objects.filter(matrix=matrix))
    group_order = {g.pk: i for i, g in enumerate(groups)}
    rows = sorted(
        RaciRow.objects.filter(matrix=matrix),
        key=lambda r: (group_order.get(r.group_id, 0), r.position, r.pk),
    )
    columns = list(RaciColumn.objects.filter(matrix=matrix).select_related("membership__user"))
    from ..models import RaciCell

    cells = {
        (row_id, column_id): (code, revision)
        for row_id, column_id, code, revision in RaciCell.objects.filter(
            row__matrix=matrix
        ).values_list("row_id", "column_id", "code", "revision")
    }
    return MatrixData(matrix=matrix, groups=groups, rows=rows, columns=columns, cells=cells)


def rule_rows(data: MatrixData) -> list[rules.Row]:
    return [rules.Row(key=r.pk, title=r.title, owning_party=r.owning_party) for r in data.rows]


def rule_columns(data: MatrixData) -> list[rules.Column]:
    return [rules.Column(key=c.pk, label=c.label, party=c.column_party) for c in data.columns]


def check_data(data: MatrixData) -> rules.Results:
    return rules.check(
        rule_rows(data),
        rule_columns(data),
        data.codes(),
        overload_limit=data.matrix.overload_limit,
    )


def rule_results(program: Program) -> rules.Results:
    """Errors and warnings of the program's matrix (none without a matrix: nothing to check
    yet). Errors block submitting the Resource Management Plan; warnings do not."""
    matrix = matrix_of(program)
    if matrix is None:
        return rules.Results()
    return check_data(matrix_data(matrix))


def snapshot_of(data: MatrixData) -> dict[str, Any]:
    column_key = {c.pk: c.key for c in data.columns}
    by_row: dict[int, dict[str, str]] = {}
    for (row_id, column_id), (code, _) in data.cells.items():
        by_row.setdefault(row_id, {})[column_key[column_id]] = code
    group_title = {g.pk: g.title for g in data.groups}
    return {
        "variant": data.matrix.variant,
        "overload_limit": data.matrix.overload_limit,
        "columns": [
            {
                "key": c.key,
                "label": c.label,
                "party": c.column_party,
                "role": c.membership.role if c.membership is not None else c.role,
                "person": c.membership.display_name if c.membership is not None else None,
            }
            for c in data.columns
        ],
        "rows": [
            {
                "heading": group_title[r.group_id],
                "title": r.title,
                "kind": r.kind,
                "owning_party": r.owning_party,
                "activity_key": r.activity_key,
                "cells": {
                    c.key: by_row[r.pk][c.key]
                    for c in data.columns
                    if c.key in by_row.get(r.pk, {})
                },
            }
            for r in data.rows
        ],
    }


def matrix_snapshot(program: Program) -> dict[str, Any]:
    """The matrix as plain JSON data (variant, columns, rows with their cells by column key),
    to freeze into a document version and compare with ``raci.rules.compare_snapshots``."""
    matrix = matrix_of(program)
    if matrix is None:
        return {
            "variant": "raci",
            "overload_limit": default_overload_limit(),
            "columns": [],
            "rows": [],
        }
    return snapshot_of(matrix_data(matrix))


def refuse_review_on_rule_errors(program: Program) -> None:
    """Raise when the matrix breaks a rule that blocks the Resource Management Plan's review
    (warnings do not), naming each error."""
    results = rule_results(program)
    if results.ok:
        return
    listed = "; ".join(v.message.rstrip(".") for v in results.errors[:5])
    more = f" (and {len(results.errors) - 5} more)" if len(results.errors) > 5 else ""
    raise DomainError(
        f"The RACI matrix has {len(results.errors)} rule error"
        f"{'s' if len(results.errors) != 1 else ''} to fix before the Resource Management Plan "
        f"goes into review: {listed}{more}.",
        code=ErrorCode.INVALID_CONTENT,
        field="raci",
    )


def board_summary(program: Program) -> str:
    """What the Play 3.1 board says of the matrix under activity 4."""
    if matrix_of(program) is None:
        return "RACI matrix: not started."
    return rules.summary(rule_results(program))
