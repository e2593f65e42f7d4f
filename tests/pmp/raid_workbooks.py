"""Workbooks for the RAID import tests: the log as exported, edited cell by cell, or written
from scratch; and the import run, or refused with nothing changed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from pmp.exports.raid import raid_xlsx
from pmp.models import RaidItem, RiskScore
from pmp.services.raid_import import ImportResult, raid_import
from programs.errors import DomainError
from programs.models import AuditEvent
from tests.conftest import World


def exported(world: World) -> bytes:
    rows = RaidItem.objects.filter(program=world.program).order_by("kind", "number")
    return raid_xlsx(world.program, list(rows))


def edited(
    data: bytes, cells: dict[tuple[int, str], Any], *, add: list[dict[str, Any]] | None = None
) -> bytes:
    """``data`` with the cells at (row, header) set, and rows added at the end."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    for (row, header), value in cells.items():
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    for values in add or []:
        sheet.append([values.get(str(h)) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_of(rows: list[list[Any]]) -> bytes:
    """A workbook whose first sheet holds ``rows`` (the first is the header)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Risks"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row_of(data: bytes, reference: str) -> int:
    """The sheet row of ``reference`` in an exported workbook."""
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    for number, (value, *_rest) in enumerate(sheet.iter_rows(values_only=True), start=1):
        if value == reference:
            return number
    raise AssertionError(f"{reference} is not in the workbook")


def run(world: World, data: bytes, by: str) -> ImportResult:
    return raid_import(
        acting_user=world.user(by), program=world.program, data=data, filename="raid.xlsx"
    )


def state(world: World) -> tuple[Any, ...]:
    items = RaidItem.objects.filter(program=world.program).order_by("pk")
    return (
        list(items.values_list("pk", "updated_at")),
        AuditEvent.objects.count(),
        RiskScore.objects.count(),
    )


def refusal(world: World, data: bytes, by: str) -> DomainError:
    """The refusal of an import that changed nothing."""
    before = state(world)
    with pytest.raises(DomainError) as caught:
        run(world, data, by)
    assert state(world) == before
    return caught.value


def refused(world: World, data: bytes, by: str) -> list[str]:
    """The problems of an import refused with nothing changed, as "Row 3, Title: ..." (their
    places in the sheet, RAID log!D3, are ``refusal``'s)."""
    error = refusal(world, data, by)
    return [
        f"Row {p['row']}, {p['column']}: {p['detail']}" if p["row"] else str(p["place"])
        for p in error.extra.get("problems", [])
    ] or [error.message]
