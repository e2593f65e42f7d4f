"""Microsoft Project XML import and export against files written by Microsoft Project and other
tools (the shared folder of ``tests.shared_data``), and against broken files."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from schedule.engine.model import (
    CalendarException,
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Task,
)
from schedule.interchange.data import AssignmentFileValues, FileValues, ScheduleData, TaskRecord
from schedule.interchange.errors import InterchangeError
from schedule.interchange.mspdi import parse_duration, read_mspdi, write_mspdi
from tests.shared_data import MSPDI_DIR, MSPDI_FILES, needs_mspdi

NS = "{http://schemas.microsoft.com/project}"


def load(name: str) -> ScheduleData:
    return read_mspdi((MSPDI_DIR / name).read_bytes(), source=name)


def without_file_values(data: ScheduleData) -> ScheduleData:
    records = tuple(dataclasses.replace(r, file_values=FileValues()) for r in data.records)
    assignments = tuple(
        dataclasses.replace(a, file_values=AssignmentFileValues()) for a in data.assignments
    )
    return dataclasses.replace(data, records=records, assignments=assignments)


def record(data: ScheduleData, uid: int) -> TaskRecord:
    return next(r for r in data.records if r.task.uid == uid)


@needs_mspdi
@pytest.mark.parametrize("path", MSPDI_FILES, ids=lambda p: p.name)
def test_every_file_imports_with_the_files_task_and_link_counts(path: Path) -> None:
    data = read_mspdi(path.read_bytes(), source=path.name)
    root = ET.parse(path).getroot()
    tasks = [
        t
        for t in root.iter(f"{NS}Task")
        if t.findtext(f"{NS}UID") != "0" and t.findtext(f"{NS}IsNull") != "1"
    ]
    assert len(data.records) == len(tasks)
    assert len(data.links) == len(list(root.iter(f"{NS}PredecessorLink")))
    assert data.calendar.us_federal_holidays is False


@needs_mspdi
@pytest.mark.parametrize("path", MSPDI_FILES, ids=lambda p: p.name)
def test_mspdi_round_trip_gives_equal_data(path: Path) -> None:
    """read(write(read(file))) == read(file), resources, rates, calendars and assignments
    included; what the tool computed (file values) is not written back."""
    first = read_mspdi(path.read_bytes())
    data = without_file_values(first)
    again = without_file_values(read_mspdi(write_mspdi(first)))
    assert again == data


@needs_mspdi
def test_sample_names_outline_durations_constraints_and_lags() -> None:
    data = load("mpxj__sample.xml")
    assert data.name == "sample"
    assert data.start == datetime(2003, 1, 7, 8, 0)
    first = record(data, 1)
    assert (first.task.name, first.outline_level, first.task.parent) == ("First Task", 1, None)
    second = record(data, 2)
    assert (second.task.name, second.outline_level, second.task.parent, second.wbs) == (
        "Second Task",
        2,
        1,
        "1.1",
    )
    assert second.task.duration == 800 * 60  # PT800H0M0S
    milestone = record(data, 3)
    assert milestone.task.milestone and milestone.task.duration == 0
    snet = record(data, 7)
    assert snet.task.constraint is Constraint.SNET
    assert snet.task.constraint_date == datetime(2003, 2, 1, 8, 0)
    assert record(data, 19).task.parent is None
    assert record(data, 9).task.parent == 19
    links = {(link.predecessor, link.successor): link for link in data.links}
    assert links[(11, 12)] == Link(11, 12, LinkType.FS, 480, LagUnit.WORKING)  # 1 day
    assert links[(13, 14)].lag == -480  # a one-day lead
    assert links[(15, 16)].type is LinkType.SS
    assert links[(17, 18)].type is LinkType.FF
    assert links[(20, 21)].type is LinkType.SF
    assert record(data, 2).file_values.total_slack == 0
    assert record(data, 3).file_values.total_slack == 24000  # 240000 tenths of a minute


@needs_mspdi
def test_week_lags_and_minutes_per_day() -> None:
    data = load("mpxj__task-links-project2019-mspdi.xml")
    links = {(link.predecessor, link.successor): link for link in data.links}
    assert links[(7, 8)].lag == 2400  # LinkLag 24000, LagFormat 9 (weeks): one week
    assert links[(9, 10)].lag == 4800
    assert links[(11, 12)].type is LinkType.SF
    assert all(r.task.manual for r in data.records)
    assert record(data, 4).task.start == datetime(2018, 10, 22, 8, 0)

    nulls = load("mpxj__mspdinulltasks.xml")
    assert nulls.minutes_per_day == 450
    assert [r.task.uid for r in nulls.records] == [1, 3, 4, 6, 8]
    assert record(nulls, 3).task.parent == 1  # the null row between them is left out
    assert record(nulls, 8).task.parent == 6
    assert record(nulls, 1).task.duration == 75 * 60


@needs_mspdi
def test_projectlibre_level_zero_task_becomes_the_top_summary() -> None:
    data = load("projectlibre__New_Product.xml")
    top = record(data, 1)
    assert (top.task.name, top.outline_level, top.task.parent) == (
        "Product #23 Development",
        1,
        None,
    )
    assert record(data, 4).task.parent == 3
    lead = next(link for link in data.links if link.successor == 28)
    assert lead.lag == -7200  # -15 days


@needs_mspdi
def test_aspose_placeholder_dates_are_not_set() -> None:
    data = load("aspose-tasks-net__not_updated.xml")
    task = record(data, 1).task
    assert task.actual_start is None and task.deadline is None and task.constraint_date is None
    assert record(data, 6).task.manual and record(data, 6).task.start == datetime(2000, 1, 27, 8)


@needs_mspdi
def test_recurring_exceptions_expand_to_the_dates_project_lists() -> None:
    name = "mpxj__calendar-recurring-exceptions-project2016-mspdi.xml"
    data = load(name)
    days = {e.start: e for e in data.calendar.exceptions}
    # Project writes the same exceptions expanded, as DayType 0 week days, for older readers.
    root = ET.parse(MSPDI_DIR / name).getroot()
    expanded = {
        date.fromisoformat((d.findtext(f"{NS}TimePeriod/{NS}FromDate") or "")[:10])
        for d in root.iter(f"{NS}WeekDay")
        if d.findtext(f"{NS}DayType") == "0"
    }
    assert set(days) == expanded
    assert days[date(2001, 2, 18)].name == "Weekly 7 Sunday"  # weeks counted from Sunday
    assert days[date(2002, 1, 8)].name == "Monthly Relative 2"  # 2nd Tuesday, every 3 months
    assert days[date(2004, 3, 2)].name == "Yearly Relative 1"  # 1st Tuesday of March
    assert days[date(2005, 2, 1)].name == "Yearly Absolute 1"
    assert days[date(2000, 2, 7)].name == "Daily 2"  # every 3 days
    daily = next(e for e in data.calendar.exceptions if e.name == "Daily 1")
    assert (daily.start, daily.end) == (date(2000, 1, 1), date(2000, 1, 3))
    working = days[date(2010, 2, 6)]
    assert working.working_times == ((540, 780), (840, 1020))
    assert data.calendar.week[5] == () and data.calendar.week[0] == ((480, 720), (780, 1020))


@needs_mspdi
def test_older_day_type_zero_exceptions_and_midnight_ends() -> None:
    data = load("ganttproject__holidays.xml")
    assert [e.start for e in data.calendar.exceptions] == [
        date(2010, 9, 16),
        date(2010, 9, 23),
        date(2010, 9, 24),
    ]


def _file(tasks: str, extra: str = "") -> bytes:
    return (
        "\ufeff<?xml version='1.0' encoding='UTF-8'?>\n<!-- saved by hand -->\n"
        "<Project xmlns='http://schemas.microsoft.com/project/2007'>\n"
        "<Name>t</Name>\n<StartDate>2025-01-06T08:00:00</StartDate>\n"
        "<CriticalSlackLimit>2</CriticalSlackLimit>\n"
        f"{extra}<Tasks>\n{tasks}</Tasks>\n</Project>\n"
    ).encode()


def _task(uid: int, level: int = 1, body: str = "", duration: str = "PT8H0M0S") -> str:
    return (
        f"<Task>\n<UID>{uid}</UID>\n<Name>T{uid}</Name>\n<OutlineLevel>{level}</OutlineLevel>\n"
        f"<Duration>{duration}</Duration>\n{body}</Task>\n"
    )


def test_bom_comment_2007_namespace_percent_and_elapsed_lags() -> None:
    tasks = (
        _task(1, body="<Milestone>1</Milestone>")
        + _task(2, duration="PT7H30M0.4S")
        + _task(
            3,
            body=(
                "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type>"
                "<LinkLag>50</LinkLag><LagFormat>19</LagFormat></PredecessorLink>"
                "<PredecessorLink><PredecessorUID>2</PredecessorUID>"
                "<LinkLag>14400</LinkLag><LagFormat>8</LagFormat></PredecessorLink>"
            ),
        )
        + _task(4, body="<Active>0</Active>")
        + _task(5, level=2)
        + _task(6, body="<PredecessorLink><PredecessorUID>5</PredecessorUID></PredecessorLink>")
    )
    data = read_mspdi(_file(tasks))
    assert data.critical_float == 960
    assert record(data, 1).task.milestone is False  # flagged, but it has a duration
    assert record(data, 2).task.duration == 450
    assert data.links == (
        Link(1, 3, LinkType.SS, 240, LagUnit.WORKING),  # 50% of 8 hours
        Link(2, 3, LinkType.FS, 1440, LagUnit.ELAPSED),  # one elapsed day
    )
    assert [r.task.uid for r in data.records] == [1, 2, 3, 6]  # 4 inactive, 5 under it


def test_bad_file_lists_every_problem_with_its_line_task_and_element() -> None:
    tasks = (
        _task(1)
        + _task(2, level=3)
        + _task(3, duration="eight hours")
        + _task(
            4, body="<PredecessorLink>\n<PredecessorUID>99</PredecessorUID>\n</PredecessorLink>\n"
        )
        + "<Task>\n<Name>No uid</Name>\n</Task>\n"
        + _task(5, body="<Start>2025-13-01T08:00:00</Start>\n")
    )
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(_file(tasks), source="bad.xml")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 5, messages
    text = "\n".join(messages)
    assert "Task UID 2 <OutlineLevel>: outline level 3 follows a task at level 1" in text
    assert "Task UID 3 <Duration>: 'eight hours' is not a duration" in text
    assert "Task UID 4 <PredecessorUID>: predecessor UID 99 names no task" in text
    assert "'No uid') has no <UID>" in text
    assert "Task UID 5 <Start>: '2025-13-01T08:00:00' is not a date" in text
    lines = _file(tasks).decode("utf-8-sig").splitlines()
    for problem in caught.value.problems:
        line = int(problem.location.split()[1].rstrip(","))
        element = problem.location.rsplit("<", 1)[1].rstrip(">")
        assert f"<{element}>" in lines[line - 1], (problem, lines[line - 1])
    assert str(caught.value).startswith("bad.xml: 5 problems")


def test_truncated_file_names_line_and_column() -> None:
    data = _file(_task(1) + _task(2))
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(data[: len(data) // 2])
    (problem,) = caught.value.problems
    assert problem.location.startswith("line ") and ", column " in problem.location
    assert "not well-formed XML" in problem.message


def test_entities_and_foreign_roots_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>'
    with pytest.raises(InterchangeError, match="DTD"):
        read_mspdi(bomb)
    with pytest.raises(InterchangeError, match="root element is <html>"):
        read_mspdi(b"<html><body/></html>")


@pytest.mark.parametrize(
    "prolog",
    [
        # An external entity (XXE) and an external parameter entity.
        '<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE Project [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>',
        # A DTD of its own, after a comment and a processing instruction.
        '<!-- saved -->\n<?app x?>\n<!DOCTYPE Project SYSTEM "http://example.invalid/p.dtd">',
    ],
)
def test_a_dtd_is_refused_wherever_the_prolog_has_it(prolog: str) -> None:
    data = f"<?xml version='1.0'?>\n{prolog}\n<Project><Name>&x;</Name></Project>"
    for encoded in (
        data.encode(),
        data.replace("'1.0'", "'1.0' encoding='UTF-16'").encode("utf-16"),
    ):
        with pytest.raises(InterchangeError, match="declares a DTD"):
            read_mspdi(encoded)


def test_an_entity_without_a_dtd_is_not_well_formed() -> None:
    data = _file(_task(1, body="<Notes>&x;</Notes>\n"))
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(data)
    (problem,) = caught.value.problems
    line = data.decode("utf-8-sig").splitlines().index("<Notes>&x;</Notes>") + 1
    assert problem.location == f"line {line}, column 8"
    assert "(undefined entity)" in problem.message


def test_a_unique_id_used_twice_names_both_lines() -> None:
    data = _file(_task(1) + _task(2) + _task(2))
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(data)
    (problem,) = caught.value.problems
    lines = data.decode("utf-8-sig").splitlines()
    first, second = (n for n, line in enumerate(lines, start=1) if line == "<UID>2</UID>")
    assert problem.location == f"line {second - 1}, Task UID 2 <Task>"
    assert f"UID 2 is used by another task too (line {first - 1})" in problem.message


def test_a_foreign_root_is_named_with_its_line_and_namespace() -> None:
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(b"<?xml version='1.0'?>\n\n<x:Plan xmlns:x='urn:other'><x:Task/></x:Plan>")
    (problem,) = caught.value.problems
    assert problem.location == "line 3"
    assert "the root element is <Plan> in namespace 'urn:other'" in problem.message


def test_duration_parsing() -> None:
    assert parse_duration("PT8H0M0S") == 480
    assert parse_duration("PT0H30M29.9S") == 30
    assert parse_duration("PT0H30M30.0S") == 31
    assert parse_duration("P1DT2H") == 1440 + 120
    for bad in ("PT", "8H", "PTxH", ""):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_programmatic_schedule_round_trips_with_owner_baseline_and_calendar() -> None:
    calendar = CalendarSpec(
        name="Site",
        week=(((420, 720), (780, 1440)),) * 4 + (((480, 720),), (), ()),
        us_federal_holidays=False,
        exceptions=(
            CalendarException(date(2025, 12, 24), date(2025, 12, 26), (), "Winter break"),
            CalendarException(date(2025, 12, 27), date(2025, 12, 27), ((480, 720),), "Catch-up"),
        ),
    )
    records = (
        TaskRecord(Task(1, "Phase <A> & B"), wbs="A", outline_level=1, notes='why: "x"'),
        TaskRecord(
            Task(
                2,
                "Design",
                duration=960,
                parent=1,
                constraint=Constraint.FNLT,
                constraint_date=datetime(2025, 2, 1, 17),
                deadline=datetime(2025, 2, 3, 17),
                actual_start=datetime(2025, 1, 6, 8),
                percent_complete=40,
            ),
            wbs="A.1",
            outline_level=2,
            owner_party="provider",
            responsible="ana@example.com",
            baseline_start=datetime(2025, 1, 6, 8),
            baseline_finish=datetime(2025, 1, 7, 17),
            baseline_duration=960,
        ),
        TaskRecord(
            Task(
                3, "Go-live", milestone=True, parent=1, manual=True, start=datetime(2025, 3, 3, 8)
            ),
            outline_level=2,
        ),
    )
    data = ScheduleData(
        name="Portal rollout",
        start=datetime(2025, 1, 6, 8),
        records=records,
        links=(Link(2, 3, LinkType.FS, -240, LagUnit.ELAPSED),),
        calendar=calendar,
        status_date=datetime(2025, 1, 31, 17),
        critical_float=450,  # CriticalSlackLimit is whole days
        minutes_per_day=450,
        minutes_per_week=2250,
    )
    assert without_file_values(read_mspdi(write_mspdi(data))) == data


def test_federal_holidays_are_written_as_closures_microsoft_project_reads() -> None:
    """Microsoft Project has no federal-holiday setting: the export closes each holiday by
    date, so the file schedules the days off the portal does."""
    from schedule.engine.cpm import compute
    from tests.schedule.factories import sample_schedule_data

    data = sample_schedule_data()  # standard calendar with US federal holidays
    result = compute(data.to_project())
    back = read_mspdi(write_mspdi(data, result))
    assert not back.calendar.us_federal_holidays
    closures = {e.start: e.name for e in back.calendar.exceptions}
    assert closures[date(2027, 1, 18)] == "Martin Luther King Jr. Day"
    assert closures[date(2027, 7, 5)].startswith("Independence Day")  # observed on Monday
    again = compute(back.to_project())
    assert {u: (t.start, t.finish) for u, t in again.tasks.items()} == {
        u: (t.start, t.finish) for u, t in result.tasks.items()
    }
