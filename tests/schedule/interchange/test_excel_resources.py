"""The workbook's resource-loaded sheets (Calendars, Resources, Rates, Assignments): round trip,
layout people edit, located problems, and a workbook LibreOffice saved again."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from schedule.engine.model import Rate
from schedule.interchange.data import ScheduleData
from schedule.interchange.errors import InterchangeError
from schedule.interchange.excel import read_xlsx, write_xlsx
from tests.libreoffice import resaved_by_libreoffice
from tests.schedule.interchange.test_excel import editable
from tests.schedule.interchange.test_mspdi_resources import _team_schedule


def _header(sheet: object) -> list[str]:
    return [c.value for c in sheet[1]]  # type: ignore[index]


def _save(workbook: object) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_team_schedule_round_trips_through_the_workbook() -> None:
    data = editable(_team_schedule())
    assert read_xlsx(write_xlsx(data)) == data


def test_layout_people_edit() -> None:
    workbook = load_workbook(io.BytesIO(write_xlsx(_team_schedule())))
    resources = workbook["Resources"]
    assert _header(resources)[:8] == [
        "UID",
        "Name",
        "Type",
        "Initials",
        "Group",
        "Owner party",
        "Stands for",
        "Max units %",
    ]
    ana = [c.value for c in resources[2]]
    assert ana[:3] == [1, "Ana", "Work"]
    assert ana[8:12] == [95.5, 120, 10.25, "Ana's calendar"]
    rates = [[c.value for c in row] for row in workbook["Rates"].iter_rows(min_row=2)]
    assert [r[:4] for r in rates] == [[1, "Ana", rates[0][2], 99]]
    assert rates[0][2].date() == date(2025, 10, 1)
    assignments = workbook["Assignments"]
    header = _header(assignments)
    first = {h: c.value for h, c in zip(header, assignments[2], strict=False)}
    assert first["Task name"] == "Install" and first["Resource name"] == "Ana"
    assert (first["Units %"], first["Work (hours)"]) == (50, 20)
    assert first["Remaining work (hours)"] == pytest.approx(1000 / 60)
    cable = {h: c.value for h, c in zip(header, assignments[4], strict=False)}
    assert cable["Quantity"] == 40.5 and cable["Units %"] is None
    calendars = [[c.value for c in row] for row in workbook["Calendars"].iter_rows(min_row=2)]
    assert {row[0] for row in calendars} == {"Ana's calendar", "Nights"}
    leave = next(row for row in calendars if row[4] == "Leave")
    assert leave[0] == "Ana's calendar" and leave[3] == "Non-working"


def test_problems_name_sheet_row_and_column_and_refuse_the_file() -> None:
    workbook = load_workbook(io.BytesIO(write_xlsx(_team_schedule())))
    assignments = workbook["Assignments"]
    header = _header(assignments)
    assignments.cell(row=2, column=header.index("Units %") + 1, value=-5)
    assignments.cell(row=3, column=header.index("Resource UID") + 1, value=99)
    assignments.cell(row=4, column=header.index("Work (hours)") + 1, value="lots")
    assignments.cell(row=5, column=header.index("Task UID") + 1, value=42)
    resources = workbook["Resources"]
    columns = _header(resources)
    resources.cell(row=3, column=columns.index("Type") + 1, value="Robot")
    resources.cell(row=2, column=columns.index("Calendar") + 1, value="Moon")
    workbook["Rates"].cell(row=2, column=1, value=77)
    with pytest.raises(InterchangeError) as caught:
        read_xlsx(_save(workbook))
    messages = [str(p) for p in caught.value.problems]
    assert "sheet Assignments, row 2, column Units %: units cannot be negative" in messages
    assert (
        "sheet Assignments, row 3, column Resource UID: UID 99 is not a resource on the "
        "Resources sheet" in messages
    )
    assert (
        "sheet Assignments, row 4, column Work (hours): 'lots' is not a number of hours" in messages
    )
    assert (
        "sheet Assignments, row 5, column Task UID: UID 42 is not a task on the Tasks sheet"
        in messages
    )
    assert any(m.startswith("sheet Resources, row 3, column Type: 'Robot'") for m in messages)
    assert (
        "sheet Resources, row 2, column Calendar: no calendar named 'Moon' on the Calendars sheet"
        in messages
    )
    assert "sheet Rates, row 2, column Resource UID: UID 77 is not on the Resources sheet" in (
        messages
    )
    assert len(messages) == 7, messages


def test_a_rate_added_by_hand_and_blank_remaining_work() -> None:
    workbook = load_workbook(io.BytesIO(write_xlsx(_team_schedule())))
    workbook["Rates"].append([5, "Bo", "2026-01-01", 70, None, None])
    assignments = workbook["Assignments"]
    column = _header(assignments).index("Remaining work (hours)") + 1
    assignments.cell(row=2, column=column).value = None  # cell(value=None) leaves it be
    back = read_xlsx(_save(workbook))
    bo = next(r.resource for r in back.resources if r.resource.uid == 5)
    assert bo.rates == (Rate(date(2026, 1, 1), Decimal(70)),)
    first = next(a.assignment for a in back.assignments if a.assignment.uid == 1)
    assert first.remaining_work is None and first.remaining == 1200 - 300


def test_workbook_saved_again_by_libreoffice_imports(tmp_path: Path) -> None:
    data: ScheduleData = editable(_team_schedule())
    again = read_xlsx(resaved_by_libreoffice(write_xlsx(data), tmp_path))
    assert again == data
    assert dataclasses.replace(again, resources=()) != data  # the resources came through
