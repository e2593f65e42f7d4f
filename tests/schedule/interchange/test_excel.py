"""The portal's Excel workbook: round trip, layout, and located reader errors."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from schedule.interchange.data import AssignmentRecord, FileValues, ScheduleData
from schedule.interchange.errors import InterchangeError
from schedule.interchange.excel import read_xlsx, write_xlsx
from schedule.interchange.mspdi import read_mspdi
from tests.shared_data import MSPDI_DIR, MSPDI_FILES, needs_mspdi


def editable(data: ScheduleData) -> ScheduleData:
    """What the workbook carries back: computed values and baselines are not read."""
    records = tuple(
        dataclasses.replace(
            r,
            file_values=FileValues(),
            baseline_start=None,
            baseline_finish=None,
            baseline_duration=None,
            baseline_work=None,
            baseline_cost=None,
        )
        for r in data.records
    )
    assignments = tuple(AssignmentRecord(a.assignment) for a in data.assignments)
    return dataclasses.replace(data, records=records, assignments=assignments)


@needs_mspdi
@pytest.mark.parametrize("path", MSPDI_FILES, ids=lambda p: p.name)
def test_excel_round_trip_gives_equal_data(path: Path) -> None:
    data = editable(read_mspdi(path.read_bytes()))
    assert read_xlsx(write_xlsx(data)) == data


def _sample() -> ScheduleData:
    return editable(read_mspdi((MSPDI_DIR / "mpxj__sample.xml").read_bytes()))


@needs_mspdi
def test_layout_dates_header_and_dcma_sheet() -> None:
    check = SimpleNamespace(
        number=5,
        name="Hard constraints",
        threshold="≤ 5%",
        value=12.5,
        value_text="12.5% (2 of 16)",
        passed=False,
        offending=(7, 8),
    )
    workbook = load_workbook(io.BytesIO(write_xlsx(_sample(), dcma=[check])))
    assert workbook.sheetnames == [
        "Schedule",
        "Tasks",
        "Dependencies",
        "Calendar",
        "Calendars",
        "Resources",
        "Rates",
        "Assignments",
        "DCMA",
    ]
    tasks = workbook["Tasks"]
    assert tasks.freeze_panes == "A2"
    assert tasks["A1"].font.bold and tasks.auto_filter.ref
    assert tasks.column_dimensions["C"].width == 40
    header = [c.value for c in tasks[1]]
    constraint_date = tasks.cell(row=6, column=header.index("Constraint date") + 1)
    assert constraint_date.value == datetime(2003, 2, 1, 8, 0)
    assert constraint_date.number_format == "yyyy-mm-dd hh:mm"
    assert [c.value for c in workbook["DCMA"][2]] == [
        5,
        "Hard constraints",
        "≤ 5%",
        "12.5% (2 of 16)",
        "Fail",
        "2: 7, 8",
    ]


@needs_mspdi
def test_reader_errors_name_sheet_row_and_column() -> None:
    workbook = load_workbook(io.BytesIO(write_xlsx(_sample())))
    tasks = workbook["Tasks"]
    header = [c.value for c in tasks[1]]
    tasks.cell(row=3, column=header.index("Duration (days)") + 1, value="abc")
    tasks.cell(row=4, column=header.index("Constraint") + 1, value="Whenever")
    tasks.cell(row=5, column=header.index("Outline level") + 1, value=4)
    workbook["Dependencies"].cell(row=2, column=2, value=999)
    workbook["Calendar"].cell(row=2, column=2, value="8am to 5pm")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(InterchangeError) as caught:
        read_xlsx(buffer.getvalue())
    messages = [str(p) for p in caught.value.problems]
    assert "sheet Tasks, row 3, column Duration (days): 'abc' is not a number of days" in messages
    assert any(m.startswith("sheet Tasks, row 4, column Constraint: 'Whenever'") for m in messages)
    assert any(
        m.startswith("sheet Tasks, row 5, column Outline level: outline level 4") for m in messages
    )
    assert (
        "sheet Dependencies, row 2, column Successor UID: UID 999 is not a task on the Tasks sheet"
        in messages
    )
    assert any(
        m.startswith("sheet Calendar, row 2, column Working times: '8am to 5pm'") for m in messages
    )
    assert len(messages) == 5, messages


def test_not_a_workbook() -> None:
    with pytest.raises(InterchangeError, match="not an Excel workbook"):
        read_xlsx(b"plain text")


def test_control_characters_are_left_out_of_the_workbook() -> None:
    """A workbook cannot hold them; a schedule named with one through the API still exports
    (found by fuzzing the API: a 500)."""
    from tests.schedule.factories import sample_schedule_data

    data = sample_schedule_data(name="Alpha\x0f IMS\x17")
    record = data.records[0]
    first = dataclasses.replace(
        record, task=dataclasses.replace(record.task, name="Kick\x12off"), notes="Line\x00one"
    )
    data = dataclasses.replace(data, records=(first, *data.records[1:]))
    back = read_xlsx(write_xlsx(data))
    assert back.name == "Alpha IMS"
    assert back.records[0].task.name == "Kickoff"
    assert back.records[0].notes == "Lineone"
