"""Over-allocation and resource usage worked out by hand (from Monday 1 June 2026)."""

from __future__ import annotations

from datetime import date, datetime

from schedule.engine.allocation import OverAllocation, over_allocations, resource_usage
from schedule.engine.model import Assignment, CalendarSpec, Project, Resource, Task
from schedule.engine.timephase import Period

from .money import DAY, START, schedule

ANN = Resource(1, "Ann")


def two_tasks(first: Assignment, second: Assignment, **starts: datetime) -> Project:
    return Project(
        start=START,
        tasks=[Task(1, "Design", 3 * DAY), Task(2, "Review", 3 * DAY)],
        resources=[ANN, Resource(2, "Bob", max_units=200)],
        assignments=[first, second],
    )


def test_two_full_time_assignments_on_the_same_days_are_over_allocated() -> None:
    p = two_tasks(Assignment(1, 1, 1, 100, 3 * DAY), Assignment(2, 2, 1, 100, 3 * DAY))
    found = over_allocations(p, schedule(p))
    assert found == [OverAllocation(1, date(2026, 6, day), 200, 100, (1, 2)) for day in (1, 2, 3)]


def test_two_half_time_assignments_fill_the_resource_without_exceeding_it() -> None:
    p = two_tasks(Assignment(1, 1, 1, 50, 12 * 60), Assignment(2, 2, 1, 50, 12 * 60))
    assert over_allocations(p, schedule(p)) == []


def test_a_resource_with_more_units_takes_two_full_time_assignments() -> None:
    p = two_tasks(Assignment(1, 1, 2, 100, 3 * DAY), Assignment(2, 2, 2, 100, 3 * DAY))
    assert over_allocations(p, schedule(p)) == []


def test_units_are_weighted_by_the_working_time_in_the_period() -> None:
    # Review starts on day 3: by the day only 3 June is over; by the week, 4 days of work
    # in a 5-day week (Ann works 3 + 3 = 6 days of work in 5) is 120%.
    p = two_tasks(Assignment(1, 1, 1, 100, 3 * DAY), Assignment(2, 2, 1, 100, 3 * DAY))
    result = schedule(p, {2: datetime(2026, 6, 3, 8)})
    daily = over_allocations(p, result)
    assert [(o.period, o.assigned_units) for o in daily] == [(date(2026, 6, 3), 200)]
    weekly = over_allocations(p, result, Period.WEEK)
    assert weekly == [OverAllocation(1, date(2026, 6, 1), 120, 100, (1, 2))]


def test_a_part_time_calendar_is_the_measure_of_full_time() -> None:
    # Ann works mornings only: 240 minutes a day is her 100%.
    mornings = CalendarSpec("Mornings", week=(((480, 720),),) * 5 + ((), ()))
    ann = Resource(1, "Ann", calendar=mornings)
    p = Project(
        start=START,
        tasks=[Task(1, "Design", 2 * DAY)],
        resources=[ann],
        assignments=[Assignment(1, 1, 1, 100, 480)],
    )
    assert over_allocations(p, schedule(p)) == []
    p = Project(
        start=START,
        tasks=[Task(1, "Design", 2 * DAY), Task(2, "Review", 2 * DAY)],
        resources=[ann],
        assignments=[Assignment(1, 1, 1, 100, 480), Assignment(2, 2, 1, 50, 240)],
    )
    assert [o.assigned_units for o in over_allocations(p, schedule(p))] == [150, 150]


def test_usage_is_work_minutes_per_resource_and_period() -> None:
    p = two_tasks(Assignment(1, 1, 1, 100, 3 * DAY), Assignment(2, 2, 2, 50, 6 * 60))
    usage = resource_usage(p, schedule(p, {1: datetime(2026, 6, 4, 8)}))
    assert usage == {
        1: {date(2026, 6, 1): 2 * DAY, date(2026, 6, 8): DAY},
        2: {date(2026, 6, 1): 6 * 60},
    }
    monthly = resource_usage(p, schedule(p), Period.MONTH)
    assert monthly[1] == {date(2026, 6, 1): 3 * DAY}
