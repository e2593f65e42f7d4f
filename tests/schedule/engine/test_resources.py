"""Scheduling on assignments and calendars: the duration comes from work and units, the dates
from the calendars of the resources and of the task, as Microsoft Project schedules them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedule.engine.cpm import compute
from schedule.engine.errors import ScheduleError
from schedule.engine.model import (
    Assignment,
    CalendarException,
    CalendarSpec,
    Constraint,
    Link,
    LinkType,
    Project,
    Resource,
    ResourceType,
    Task,
    TaskType,
)

MONDAY = datetime(2027, 3, 1, 8, 0)  # no federal holiday that week or the next
HOUR = 60
DAY = 8 * HOUR
NIGHT = CalendarSpec(
    "Night Shift",
    week=(
        ((1380, 1440),),  # Monday 23:00 to midnight
        *(((0, 180), (240, 480), (1380, 1440)),) * 4,  # 00:00-03:00, 04:00-08:00, 23:00-
        ((0, 180), (240, 480)),  # Saturday morning
        (),
    ),
    us_federal_holidays=False,
)
ROUND_THE_CLOCK = CalendarSpec("24 Hours", week=(((0, 1440),),) * 7, us_federal_holidays=False)


def project(tasks, assignments=(), resources=(), links=()) -> Project:
    return Project(
        start=MONDAY,
        tasks=tuple(tasks),
        links=tuple(links),
        resources=tuple(resources),
        assignments=tuple(assignments),
    )


def test_units_scale_the_duration() -> None:
    """Forty hours of work at 50 % last ten days; at 150 %, three days and 2 h 40."""
    person = Resource(1, "Analyst")
    result = compute(
        project(
            [Task(1, "Part-time", duration=5 * DAY), Task(2, "Over-time", duration=5 * DAY)],
            [
                Assignment(1, task=1, resource=1, units=50, work=40 * HOUR),
                Assignment(2, task=2, resource=1, units=150, work=40 * HOUR),
            ],
            [person],
        )
    )
    part, over = result.tasks[1], result.tasks[2]
    assert part.duration == 10 * DAY
    assert part.finish == datetime(2027, 3, 12, 17, 0)
    assert part.work == 40 * HOUR
    assert over.duration == 1600  # 2400 minutes of work at 150 %
    assert over.finish == datetime(2027, 3, 4, 10, 40)


def test_a_task_with_two_resources_finishes_when_the_last_does() -> None:
    result = compute(
        project(
            [Task(1, "Design")],
            [
                Assignment(1, task=1, resource=1, units=100, work=16 * HOUR),
                Assignment(2, task=1, resource=2, units=100, work=24 * HOUR),
            ],
            [Resource(1, "Architect"), Resource(2, "Engineer")],
        )
    )
    assert result.tasks[1].finish == datetime(2027, 3, 3, 17, 0)
    assert result.assignments[1].finish == datetime(2027, 3, 2, 17, 0)
    assert result.assignments[2].finish == datetime(2027, 3, 3, 17, 0)
    assert result.tasks[1].work == 40 * HOUR


def test_a_night_shift_resource_works_its_own_hours() -> None:
    """Microsoft Project's own sample: a day worker at 50 % and a night worker at 75 % on one
    task; the night worker starts at 23:00 and the task finishes at 08:00 on the last
    morning, not at 17:00 the evening before."""
    result = compute(
        project(
            [Task(1, "Build")],
            [
                Assignment(1, task=1, resource=1, units=50, work=40 * HOUR),
                Assignment(2, task=1, resource=2, units=75, work=60 * HOUR),
            ],
            [Resource(1, "Day"), Resource(2, "Night", calendar=NIGHT)],
        )
    )
    task = result.tasks[1]
    assert result.assignments[2].start == datetime(2027, 3, 1, 23, 0)
    assert result.assignments[1].finish == datetime(2027, 3, 12, 17, 0)
    assert result.assignments[2].finish == datetime(2027, 3, 13, 8, 0)  # Saturday morning
    assert task.finish == datetime(2027, 3, 13, 8, 0)
    assert task.critical and task.total_float == 0


def test_a_round_the_clock_resource_and_its_successor_on_the_standard_calendar() -> None:
    result = compute(
        project(
            [Task(1, "Data migration run"), Task(2, "Verify")],
            [
                Assignment(1, task=1, resource=1, units=100, work=36 * HOUR),
                Assignment(2, task=2, resource=2, units=100, work=DAY),
            ],
            [Resource(1, "Migration server", calendar=ROUND_THE_CLOCK), Resource(2, "Tester")],
            [Link(1, 2)],
        )
    )
    assert result.tasks[1].finish == datetime(2027, 3, 2, 20, 0)
    # The successor starts at the next standard working minute: Wednesday 08:00.
    assert result.tasks[2].start == datetime(2027, 3, 3, 8, 0)
    assert result.tasks[2].finish == datetime(2027, 3, 3, 17, 0)
    assert result.tasks[1].critical and result.tasks[2].critical


def test_a_task_calendar_governs_a_task_without_resources() -> None:
    result = compute(project([Task(1, "Cut-over", duration=30 * HOUR, calendar=ROUND_THE_CLOCK)]))
    assert result.tasks[1].finish == datetime(2027, 3, 2, 14, 0)


def test_a_task_calendar_meets_its_resources_calendars_unless_it_ignores_them() -> None:
    mornings = CalendarSpec(
        "Mornings", week=(((480, 720),),) * 5 + ((), ()), us_federal_holidays=False
    )
    shared = Task(1, "Shared hours", calendar=mornings)
    alone = Task(2, "Task calendar only", calendar=ROUND_THE_CLOCK, ignore_resource_calendars=True)
    result = compute(
        project(
            [shared, alone],
            [
                Assignment(1, task=1, resource=1, units=100, work=8 * HOUR),
                Assignment(2, task=2, resource=1, units=100, work=8 * HOUR),
            ],
            [Resource(1, "Analyst")],
        )
    )
    # Mornings only: 4 hours a day, two days.
    assert result.tasks[1].finish == datetime(2027, 3, 2, 12, 0)
    # Round the clock from Monday 08:00: eight elapsed hours.
    assert result.tasks[2].finish == datetime(2027, 3, 1, 16, 0)


def test_a_fixed_duration_task_keeps_its_duration() -> None:
    result = compute(
        project(
            [Task(1, "Review period", duration=5 * DAY, type=TaskType.FIXED_DURATION)],
            [Assignment(1, task=1, resource=1, units=25, work=10 * HOUR)],
            [Resource(1, "Reviewer")],
        )
    )
    assert result.tasks[1].duration == 5 * DAY
    assert result.tasks[1].finish == datetime(2027, 3, 5, 17, 0)


def test_material_and_cost_resources_do_not_move_dates() -> None:
    result = compute(
        project(
            [Task(1, "Install", duration=2 * DAY)],
            [
                Assignment(1, task=1, resource=1, quantity=Decimal(4)),
                Assignment(2, task=1, resource=2),
            ],
            [
                Resource(1, "Servers", type=ResourceType.MATERIAL),
                Resource(2, "Travel", type=ResourceType.COST),
            ],
        )
    )
    assert result.tasks[1].finish == datetime(2027, 3, 2, 17, 0)
    assert result.assignments[1].start == result.tasks[1].start
    assert result.assignments[2].finish == result.tasks[1].finish


def test_a_resource_vacation_moves_the_task_and_its_float_is_read_on_the_task() -> None:
    away = CalendarSpec(exceptions=(CalendarException(MONDAY.date(), datetime(2027, 3, 2).date()),))
    result = compute(
        project(
            [Task(1, "Interviews"), Task(2, "Parallel", duration=5 * DAY)],
            [Assignment(1, task=1, resource=1, units=100, work=2 * DAY)],
            [Resource(1, "Interviewer", calendar=away)],
        )
    )
    assert result.tasks[1].start == datetime(2027, 3, 3, 8, 0)
    assert result.tasks[1].finish == datetime(2027, 3, 4, 17, 0)
    assert result.tasks[1].critical is False
    assert result.tasks[1].total_float == DAY  # Friday is left before the project finish


def test_links_into_and_out_of_shaped_tasks() -> None:
    """A finish-to-finish link onto a night-shift task, a start-to-start link from it, and a
    must-start-on constraint on another."""
    tasks = [
        Task(1, "Day work", duration=2 * DAY),
        Task(2, "Night work"),
        Task(3, "Follows the night start", duration=DAY),
        Task(4, "Pinned", constraint=Constraint.MSO, constraint_date=datetime(2027, 3, 8, 23, 0)),
    ]
    result = compute(
        project(
            tasks,
            [
                Assignment(1, task=2, resource=2, units=100, work=8 * HOUR),
                Assignment(2, task=4, resource=2, units=100, work=8 * HOUR),
            ],
            [Resource(2, "Night", calendar=NIGHT)],
            [Link(1, 2, LinkType.FF), Link(2, 3, LinkType.SS)],
        )
    )
    night = result.tasks[2]
    # Its finish is held to the day work's (Tuesday 17:00) on its own hours: eight working
    # hours back from there start Monday 23:00 and end Tuesday 08:00, the same working minute
    # of the night shift as 17:00. The SS successor, on the project calendar, starts at its
    # first working minute after Monday 23:00.
    assert night.start == datetime(2027, 3, 1, 23, 0)
    assert night.finish == datetime(2027, 3, 2, 8, 0)
    assert result.tasks[3].start == datetime(2027, 3, 2, 8, 0)
    assert result.tasks[4].start == datetime(2027, 3, 8, 23, 0)
    assert result.tasks[4].total_float == 0


@pytest.mark.parametrize(
    ("resources", "assignments", "words"),
    [
        ([], [Assignment(1, task=1, resource=9)], "resource UID 9, which is not"),
        ([Resource(1)], [Assignment(1, task=1, resource=1, units=-50)], "units cannot be negative"),
        ([Resource(1)], [Assignment(1, task=1, resource=1, work=-60)], "work cannot be negative"),
        ([Resource(1)], [Assignment(1, task=7, resource=1)], "task UID 7, which is not here"),
        (
            [Resource(1, "Cables", type=ResourceType.MATERIAL, calendar=NIGHT)],
            [],
            "is a material resource and cannot have a calendar",
        ),
        (
            [Resource(1, "Nobody", calendar=CalendarSpec("Never", week=((),) * 7))],
            [],
            "'Nobody' (UID 1): Calendar 'Never' has no working time",
        ),
    ],
)
def test_bad_resources_and_assignments_are_refused_by_name(resources, assignments, words) -> None:
    with pytest.raises(ScheduleError) as refused:
        compute(project([Task(1, "Only task", duration=DAY)], assignments, resources))
    assert words in str(refused.value)


def test_a_task_calendar_and_a_resource_calendar_without_shared_hours() -> None:
    days = CalendarSpec("Days", week=(((480, 1020),),) * 5 + ((), ()), us_federal_holidays=False)
    with pytest.raises(ScheduleError) as refused:
        compute(
            project(
                [Task(1, "Impossible", calendar=days)],
                [Assignment(1, task=1, resource=1, units=100, work=DAY)],
                [Resource(1, "Night", calendar=NIGHT)],
            )
        )
    assert "Impossible (UID 1): its calendar 'Days' and the calendar of Night" in str(refused.value)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from((25, 50, 75, 100, 150, 200)), st.integers(min_value=1, max_value=80)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_work_is_duration_times_units_on_fixed_units_tasks(rows: list[tuple[int, int]]) -> None:
    """Each task has one full-day resource: its duration times its units is its work (to the
    minute's rounding), and a task without assignments of the same duration gets the same
    dates."""
    tasks = [Task(uid) for uid in range(1, len(rows) + 1)]
    assignments = [
        Assignment(uid, task=uid, resource=1, units=units, work=hours * HOUR)
        for uid, (units, hours) in enumerate(rows, start=1)
    ]
    links = [Link(uid, uid + 1) for uid in range(1, len(rows))]
    loaded = compute(project(tasks, assignments, [Resource(1, "Person", max_units=200)], links))
    plain = compute(
        project(
            [Task(uid, duration=loaded.tasks[uid].duration) for uid in range(1, len(rows) + 1)],
            links=links,
        )
    )
    for uid, (units, hours) in enumerate(rows, start=1):
        times = loaded.tasks[uid]
        assert abs(times.duration * units - hours * HOUR * 100) <= 50
        assert times.work == hours * HOUR
        assert (times.start, times.finish) == (plain.tasks[uid].start, plain.tasks[uid].finish)


def test_lags_count_on_the_project_calendar_when_a_resource_keeps_other_hours() -> None:
    """A night-shift resource elsewhere in the schedule does not turn a one-day lag between
    two day tasks into a night."""
    result = compute(
        project(
            [Task(1, "Draft", duration=DAY), Task(2, "Approve", duration=DAY), Task(3, "Night")],
            [Assignment(1, task=3, resource=1, units=100, work=DAY)],
            [Resource(1, "Night", calendar=NIGHT)],
            [Link(1, 2, lag=DAY)],
        )
    )
    assert result.tasks[2].start == datetime(2027, 3, 3, 8, 0)
    assert result.tasks[2].finish == datetime(2027, 3, 3, 17, 0)
    assert result.tasks[1].total_float == result.tasks[2].total_float


def test_progress_on_a_night_shift_task_resumes_at_the_status_date() -> None:
    tasks = [
        Task(1, "Night run", actual_start=datetime(2027, 3, 1, 23, 0), percent_complete=50),
    ]
    result = compute(
        Project(
            start=MONDAY,
            tasks=tasks,
            status_date=datetime(2027, 3, 3, 12, 0),
            resources=(Resource(1, "Night", calendar=NIGHT),),
            assignments=(Assignment(1, task=1, resource=1, units=100, work=16 * HOUR),),
        )
    )
    task = result.tasks[1]
    assert task.start == datetime(2027, 3, 1, 23, 0)
    # Eight hours left from Wednesday noon: Wednesday 23:00 to Thursday 08:00.
    assert task.finish == datetime(2027, 3, 4, 8, 0)
