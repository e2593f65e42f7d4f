"""Resources, rates, calendars and assignments in Microsoft Project XML: read from files other
tools wrote and from small hand-written documents, refused with the element named when wrong,
and written back so that they read the same."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

import pytest

from schedule.engine.model import (
    STANDARD_DAY,
    Assignment,
    AssignmentTimes,
    CalendarException,
    CalendarSpec,
    Rate,
    Resource,
    ResourceType,
    Result,
    Task,
    TaskTimes,
    TaskType,
)
from schedule.interchange.data import (
    AssignmentRecord,
    ResourceRecord,
    ScheduleData,
    TaskRecord,
)
from schedule.interchange.errors import InterchangeError
from schedule.interchange.mspdi import read_mspdi, write_mspdi
from tests.schedule.interchange.test_mspdi import NS, load, without_file_values
from tests.shared_data import needs_mspdi

# --------------------------------------------------------------------------------------------
# Files written by other tools


@needs_mspdi
def test_sample_two_resources_on_their_calendars_with_part_time_assignments() -> None:
    data = load("mpxj__sample.xml")
    first, second = data.resources  # the unnamed null resource (UID 0) is left out
    assert (first.resource.uid, first.resource.name, first.initials) == (1, "First Resource", "FR")
    # Derived from the project's Standard calendar and unchanged: the project calendar.
    assert first.resource.calendar is None
    night = second.resource.calendar
    assert night is not None and night.name == "Night Shift"
    assert night.week[0] == ((1380, 1440),)  # Monday 23:00 to midnight
    assert night.week[1] == ((0, 180), (240, 480), (1380, 1440))
    assert night.week[6] == ()  # Sunday
    assert first.resource.rates == (
        Rate(standard=Decimal(10), overtime=Decimal(20), per_use=Decimal(30)),
    )  # StandardRate per hour, CostPerUse 3000 cents
    by_resource = {a.assignment.resource: a for a in data.assignments}
    assert [a.assignment.task for a in data.assignments] == [2, 2]  # -65535 left out
    assert by_resource[1].assignment.units == 50
    assert by_resource[2].assignment.units == 75
    assert by_resource[1].assignment.work == 200 * 60
    assert by_resource[1].assignment.remaining == 200 * 60
    assert by_resource[1].file_values.cost == Decimal("2015.00")
    assert by_resource[2].file_values.start == datetime(2003, 1, 7, 23, 0)  # the night shift


@needs_mspdi
def test_projectlibre_rates_are_per_hour_whatever_the_display_format() -> None:
    data = load("projectlibre__New_Product.xml")
    assert len(data.resources) == 8 and len(data.assignments) == 28
    resources = {r.resource.name: r for r in data.resources}
    # StandardRateFormat 3 (per day) only says how Project shows it: $8.00 an hour.
    assert resources["Scott Adams"].resource.rates[0].standard == Decimal("8.0000")
    assert resources["Scott Adams"].group == "Production"
    # $35,000 a year written as an hourly 16.826923...: four decimals kept.
    assert resources["Bill Kirk"].resource.rates[0].standard == Decimal("16.8269")
    assert resources["Howard Thompson"].resource.rates[0].per_use == Decimal(1000)
    assert all(r.resource.type is ResourceType.WORK for r in data.resources)
    half = next(a.assignment for a in data.assignments if a.assignment.uid == 4)
    assert (half.task, half.units, half.work) == (4, 50, 100 * 60)
    uids = {r.task.uid for r in data.records}
    assert all(a.assignment.task in uids for a in data.assignments)


# --------------------------------------------------------------------------------------------
# Hand-written documents


def _document(tasks: str, resources: str = "", assignments: str = "", calendars: str = "") -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<Project xmlns='http://schemas.microsoft.com/project'>\n"
        "<Name>r</Name>\n<StartDate>2025-01-06T08:00:00</StartDate>\n<CalendarUID>1</CalendarUID>\n"
        "<ExtendedAttributes>\n"
        "<ExtendedAttribute><FieldID>205520904</FieldID><Alias>Owner party</Alias>"
        "</ExtendedAttribute>\n"
        "<ExtendedAttribute><FieldID>205520905</FieldID><Alias>Stands for</Alias>"
        "</ExtendedAttribute>\n"
        "</ExtendedAttributes>\n"
        "<Calendars>\n<Calendar><UID>1</UID><Name>Standard</Name>"
        "<IsBaseCalendar>1</IsBaseCalendar></Calendar>\n"
        f"{calendars}</Calendars>\n"
        f"<Tasks>\n{tasks}</Tasks>\n<Resources>\n{resources}</Resources>\n"
        f"<Assignments>\n{assignments}</Assignments>\n</Project>\n"
    ).encode()


def _task(uid: int, body: str = "") -> str:
    return (
        f"<Task>\n<UID>{uid}</UID>\n<Name>T{uid}</Name>\n<Duration>PT16H0M0S</Duration>\n"
        f"{body}</Task>\n"
    )


def _resource(uid: int, body: str = "") -> str:
    return f"<Resource>\n<UID>{uid}</UID>\n<Name>R{uid}</Name>\n{body}</Resource>\n"


def _assignment(uid: int, task: int, resource: int, body: str = "") -> str:
    return (
        f"<Assignment>\n<UID>{uid}</UID>\n<TaskUID>{task}</TaskUID>\n"
        f"<ResourceUID>{resource}</ResourceUID>\n{body}</Assignment>\n"
    )


_SWING = (
    "<Calendar><UID>7</UID><Name>Swing</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>"
    + "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>"
        "<FromTime>14:00:00</FromTime><ToTime>22:00:00</ToTime></WorkingTime></WorkingTimes>"
        "</WeekDay>"
        for d in range(2, 7)
    )
    + "</WeekDays></Calendar>\n"
)


def test_resource_types_rates_custom_fields_and_assignment_values() -> None:
    resources = (
        _resource(
            1,
            "<Type>1</Type><MaxUnits>1.5</MaxUnits><StandardRate>40</StandardRate>"
            "<StandardRateFormat>3</StandardRateFormat><CostPerUse>1250</CostPerUse>"
            "<ExtendedAttribute><FieldID>205520904</FieldID><Value>Provider</Value>"
            "</ExtendedAttribute><ExtendedAttribute><FieldID>205520905</FieldID>"
            "<Value>ana@example.com</Value></ExtendedAttribute>"
            "<Rates><Rate><RatesFrom>1984-01-01T00:00:00</RatesFrom>"
            "<RatesTo>2025-07-01T08:00:00</RatesTo><RateTable>0</RateTable>"
            "<StandardRate>40</StandardRate><OvertimeRate>60</OvertimeRate>"
            "<CostPerUse>1250</CostPerUse></Rate>"
            "<Rate><RatesFrom>2025-07-01T08:00:00</RatesFrom><RatesTo>2049-12-31T23:59:00"
            "</RatesTo><RateTable>0</RateTable><StandardRate>45.5</StandardRate></Rate>"
            "<Rate><RatesFrom>1984-01-01T00:00:00</RatesFrom><RateTable>1</RateTable>"
            "<StandardRate>99</StandardRate></Rate></Rates>",
        )
        + _resource(2, "<Type>0</Type><StandardRate>3.25</StandardRate>")
        + _resource(3, "<Type>1</Type><IsCostResource>1</IsCostResource>")
        + _resource(4, "<Type>1</Type><CalendarUID>7</CalendarUID>")
    )
    assignments = (
        _assignment(
            10,
            1,
            1,
            "<ActualCost>30000</ActualCost><ActualWork>PT4H0M0S</ActualWork>"
            "<Cost>70000</Cost><Delay>4800</Delay><RemainingWork>PT10H0M0S</RemainingWork>"
            "<Units>0.505</Units><Work>PT16H0M0S</Work>"
            "<Baseline><Number>0</Number><Work>PT12H0M0S</Work><Cost>48000</Cost></Baseline>",
        )
        + _assignment(11, 1, 2, "<Units>12.5</Units>")
        + _assignment(12, 2, 3, "<Cost>123456</Cost><Units>1</Units>")
        + _assignment(13, 2, 4, "<Units>1</Units><Work>PT16H0M0S</Work>")
        + _assignment(14, 2, -65535)
    )
    data = read_mspdi(_document(_task(1) + _task(2), resources, assignments, _SWING))
    worker, material, cost, swing = (r.resource for r in data.resources)
    assert worker.type is ResourceType.WORK and worker.max_units == 150
    assert worker.rates == (
        Rate(None, Decimal(40), Decimal(60), Decimal("12.50")),
        Rate(date(2025, 7, 1), Decimal("45.5")),
    )  # table A only
    assert (data.resources[0].owner_party, data.resources[0].stands_for) == (
        "provider",
        "ana@example.com",
    )
    assert material.type is ResourceType.MATERIAL
    assert material.rates == (Rate(standard=Decimal("3.25")),)
    assert cost.type is ResourceType.COST and cost.rates == ()
    assert swing.calendar is not None and swing.calendar.name == "Swing"
    assert swing.calendar.week[0] == ((840, 1320),)

    by_uid = {a.assignment.uid: a for a in data.assignments}
    assert set(by_uid) == {10, 11, 12, 13}
    worked = by_uid[10].assignment
    assert worked.units == 51  # 50.5 rounds half up
    assert (worked.work, worked.actual_work, worked.remaining_work) == (960, 240, 600)
    assert worked.delay == 480
    assert worked.actual_cost == Decimal("300.00")
    assert worked.cost is None and by_uid[10].file_values.cost == Decimal("700.00")
    assert (by_uid[10].baseline_work, by_uid[10].baseline_cost) == (720, Decimal("480.00"))
    assert by_uid[11].assignment.quantity == Decimal("12.5")
    assert by_uid[12].assignment.cost == Decimal("1234.56")
    assert by_uid[13].assignment.remaining_work is None  # work less actual work


def test_task_calendar_type_effort_costs_and_baseline() -> None:
    tasks = (
        _task(
            1,
            "<Type>2</Type><EffortDriven>1</EffortDriven><FixedCost>250050</FixedCost>"
            "<ActualCost>100000</ActualCost><CalendarUID>7</CalendarUID>"
            "<IgnoreResourceCalendar>1</IgnoreResourceCalendar>"
            "<Baseline><Number>0</Number><Work>PT32H0M0S</Work><Cost>512300</Cost></Baseline>"
            "<Baseline><Number>1</Number><Work>PT1H0M0S</Work></Baseline>",
        )
        + _task(2, "<Type>1</Type><CalendarUID>-1</CalendarUID><ActualCost>5000</ActualCost>")
        + _task(3, "<Type>0</Type><CalendarUID>99</CalendarUID>")
        + _task(4, "<CalendarUID>1</CalendarUID>")
    )
    resources = _resource(1)
    assignments = _assignment(1, 2, 1, "<Work>PT16H0M0S</Work>")
    data = read_mspdi(_document(tasks, resources, assignments, _SWING))
    one, two, three, four = (r.task for r in data.records)
    assert one.type is TaskType.FIXED_WORK and one.effort_driven
    assert one.fixed_cost == Decimal("2500.50")
    assert one.actual_cost == Decimal("1000.00")  # no assignments: as entered
    assert one.calendar is not None and one.calendar.name == "Swing"
    assert one.ignore_resource_calendars
    assert (data.records[0].baseline_work, data.records[0].baseline_cost) == (
        1920,
        Decimal("5123.00"),
    )
    assert two.type is TaskType.FIXED_DURATION and two.calendar is None
    assert two.actual_cost is None  # it has an assignment: Project summed that one's
    assert three.type is TaskType.FIXED_UNITS and three.calendar is None  # 99: no calendar
    assert four.calendar == data.calendar  # the project calendar, chosen as the task's


def test_bad_resources_and_assignments_are_refused_with_line_uid_and_element() -> None:
    empty = (
        "<Calendar><UID>8</UID><Name>Never</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>"
        + "".join(
            f"<WeekDay><DayType>{d}</DayType><DayWorking>0</DayWorking></WeekDay>"
            for d in range(1, 8)
        )
        + "</WeekDays></Calendar>\n"
    )
    resources = (
        _resource(1)
        + _resource(2, "<CalendarUID>8</CalendarUID>\n")
        + _resource(
            3,
            "<Rates>\n<Rate><RatesFrom>2025-01-01T00:00:00</RatesFrom>"
            "<RatesTo>2025-12-31T00:00:00</RatesTo><RateTable>0</RateTable></Rate>\n"
            "<Rate><RatesFrom>2025-06-01T00:00:00</RatesFrom><RateTable>0</RateTable>"
            "<StandardRate>5</StandardRate></Rate>\n</Rates>\n",
        )
        + _resource(4, "<Type>0</Type>\n<CalendarUID>8</CalendarUID>\n")  # ignored
    )
    assignments = (
        _assignment(1, 1, 77)
        + _assignment(2, 1, 1, "<Units>-0.5</Units>\n")
        + _assignment(3, 1, 1, "<Work>-PT8H0M0S</Work>\n")
        + _assignment(4, 55, 1)
    )
    document = _document(_task(1), resources, assignments, empty)
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(document, source="team.xml")
    messages = [str(p) for p in caught.value.problems]
    text = "\n".join(messages)
    assert "Resource UID 2 <CalendarUID>: the resource's calendar 'Never' (UID 8)" in text
    assert "Resource UID 3 <Rate>: the rate from 2025-06-01 overlaps the row before it" in text
    assert "Assignment UID 1 <ResourceUID>: resource UID 77 names no resource in the file" in text
    assert "Assignment UID 2 <Units>: units cannot be negative" in text
    assert "Assignment UID 3 <Work>: work cannot be negative" in text
    assert "Assignment UID 4 <TaskUID>: task UID 55 names no task in the file" in text
    assert len(messages) == 6, messages
    lines = document.decode().splitlines()
    for problem in caught.value.problems:
        line = int(problem.location.split()[1].rstrip(","))
        element = problem.location.rsplit("<", 1)[1].rstrip(">")
        assert f"<{element}>" in lines[line - 1], (problem, lines[line - 1])


def test_rate_rows_starting_the_same_day_are_refused() -> None:
    rates = (
        "<Rates><Rate><RatesFrom>2025-01-01T00:00:00</RatesFrom><RateTable>0</RateTable></Rate>"
        "<Rate><RatesFrom>2025-01-01T00:00:00</RatesFrom><RateTable>0</RateTable></Rate></Rates>"
    )
    with pytest.raises(InterchangeError, match="Resource UID 1 <Rate>: two rows of rate table A"):
        read_mspdi(_document(_task(1), _resource(1, rates)))


# --------------------------------------------------------------------------------------------
# Writing


_PROJECT = CalendarSpec(
    name="Standard",
    us_federal_holidays=False,
    exceptions=(CalendarException(date(2025, 12, 25), date(2025, 12, 25), (), "Christmas"),),
)


def _team_schedule() -> ScheduleData:
    leave = dataclasses.replace(
        _PROJECT,
        name="Ana's calendar",
        exceptions=(
            *_PROJECT.exceptions,
            CalendarException(date(2025, 3, 3), date(2025, 3, 7), (), "Leave"),
        ),
    )
    nights = CalendarSpec(
        name="Nights", week=(((1320, 1440),),) * 5 + ((), ()), us_federal_holidays=False
    )
    resources = (
        ResourceRecord(
            Resource(
                1,
                "Ana",
                max_units=50,
                calendar=leave,
                rates=(
                    Rate(None, Decimal("95.5"), Decimal("120"), Decimal("10.25")),
                    Rate(date(2025, 10, 1), Decimal("99")),
                ),
            ),
            owner_party="provider",
            stands_for="ana@example.com",
            initials="A",
            group="Engineering",
        ),
        ResourceRecord(Resource(2, "Night crew", max_units=300, calendar=nights)),
        ResourceRecord(
            Resource(3, "Cable", ResourceType.MATERIAL, rates=(Rate(None, Decimal(2)),))
        ),
        ResourceRecord(Resource(4, "Travel", ResourceType.COST)),
        ResourceRecord(Resource(5, "Bo")),
    )
    tasks = (
        TaskRecord(
            Task(
                1,
                "Install",
                duration=2400,
                calendar=nights,
                ignore_resource_calendars=True,
                type=TaskType.FIXED_WORK,
                effort_driven=True,
                fixed_cost=Decimal("1500.75"),
            ),
            baseline_work=4800,
            baseline_cost=Decimal("9000.10"),
        ),
        # No assignments: its actual cost is as entered.
        TaskRecord(Task(2, "Permits", duration=480, actual_cost=Decimal("321.99"))),
    )
    assignments = (
        AssignmentRecord(
            Assignment(
                1, 1, 1, units=50, work=1200, actual_work=300, remaining_work=1000, delay=60
            ),
            baseline_work=1200,
            baseline_cost=Decimal("1914.65"),
        ),
        AssignmentRecord(Assignment(2, 1, 2, units=300, work=7200, actual_cost=Decimal("12.5"))),
        AssignmentRecord(Assignment(3, 1, 3, quantity=Decimal("40.5"))),
        AssignmentRecord(Assignment(4, 1, 4, cost=Decimal("850.00"))),
        AssignmentRecord(Assignment(5, 1, 5, work=2400)),
    )
    return ScheduleData(
        name="Team",
        start=datetime(2025, 1, 6, 8),
        records=tasks,
        calendar=_PROJECT,
        resources=resources,
        assignments=assignments,
    )


def test_resources_rates_calendars_and_assignments_round_trip() -> None:
    data = _team_schedule()
    assert without_file_values(read_mspdi(write_mspdi(data))) == data


def test_resource_calendars_are_derived_from_the_project_calendar_where_they_can_be() -> None:
    root = ET.fromstring(write_mspdi(_team_schedule()))
    calendars = {c.findtext(f"{NS}UID"): c for c in root.iter(f"{NS}Calendar")}
    resources = {r.findtext(f"{NS}Name"): r for r in root.iter(f"{NS}Resource")}

    def calendar_of(name: str) -> ET.Element:
        return calendars[resources[name].findtext(f"{NS}CalendarUID") or ""]

    ana = calendar_of("Ana")  # the project calendar and her leave
    assert ana.findtext(f"{NS}IsBaseCalendar") == "0"
    assert ana.findtext(f"{NS}BaseCalendarUID") == "1"
    assert [e.findtext(f"{NS}Name") for e in ana.iter(f"{NS}Exception")] == ["Leave"]
    crew = calendar_of("Night crew")  # another week: its own base calendar, shared
    base = calendars[crew.findtext(f"{NS}BaseCalendarUID") or ""]
    assert base.findtext(f"{NS}Name") == "Nights" and base.findtext(f"{NS}IsBaseCalendar") == "1"
    task = next(t for t in root.iter(f"{NS}Task") if t.findtext(f"{NS}UID") == "1")
    assert task.findtext(f"{NS}CalendarUID") == base.findtext(f"{NS}UID")
    bo = calendar_of("Bo")  # on the project calendar: derived, unchanged
    assert bo.findtext(f"{NS}BaseCalendarUID") == "1" and bo.find(f"{NS}Exceptions") is None
    assert resources["Cable"].find(f"{NS}CalendarUID") is None
    assert resources["Travel"].findtext(f"{NS}IsCostResource") == "1"


def test_assignment_times_come_from_the_result() -> None:
    data = _team_schedule()
    start, finish = datetime(2025, 1, 6, 22), datetime(2025, 1, 20, 23)
    times = {
        u: TaskTimes(u, start, finish, start, finish, start, finish, 0, 0, True, False, 2400, 0)
        for u in (1, 2)
    }
    result = Result(
        project=data.to_project(),
        start=start,
        finish=finish,
        tasks=times,
        critical_path=(1, 2),
        assignments={
            2: AssignmentTimes(2, 1, 2, start, finish, CalendarSpec(week=(STANDARD_DAY,) * 7))
        },
    )
    back = read_mspdi(write_mspdi(data, result))
    crew = next(a for a in back.assignments if a.assignment.uid == 2)
    assert (crew.file_values.start, crew.file_values.finish) == (start, finish)
    other = next(a for a in back.assignments if a.assignment.uid == 1)
    assert other.file_values.start is None
