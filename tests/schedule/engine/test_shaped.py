"""Shaped tasks, whose dates come through their lanes' calendars read on the clock: on the
same hours they get the dates of plain tasks (durations added on the clock), and the lane
dates the forward pass keeps for the result are the dates worked out again."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from schedule.engine.calendar import WorkCalendar, union_calendar
from schedule.engine.cpm import compute
from schedule.engine.lanes import Lane, Shape
from schedule.engine.model import Assignment, CalendarSpec, Constraint, Project, Resource, Result

from .test_on_clock import ORIGIN, YEAR, calendars
from .test_properties import networks

#: The project calendar under other names: a resource on a copy keeps the project's hours,
#: yet its tasks are shaped. The clock is the first by name of the calendars with the most
#: hours: the project calendar beside the second copy; beside the first, the copy, and then
#: the tasks on the project calendar are shaped too, their lags and floats read on it.
COPIES = (
    replace(CalendarSpec(), name="Copy of the standard calendar"),
    replace(CalendarSpec(), name="Standard, copied"),
)


@st.composite
def loaded(draw: st.DrawFn) -> Project:
    """A random network, its tasks worked by one or two of three people (work and units
    apart from the duration, so that lanes differ in length; now and then a delay), a few
    with a constraint or a deadline."""
    project = draw(networks())
    tasks = list(project.tasks)
    assignments: list[Assignment] = []
    for position, task in enumerate(tasks):
        if draw(st.integers(0, 9)) == 0:
            at = project.start + timedelta(
                days=draw(st.integers(0, 20)), hours=draw(st.integers(0, 9))
            )
            constraint = draw(st.sampled_from(list(Constraint)))
            tasks[position] = replace(task, constraint=constraint, constraint_date=at)
        elif draw(st.integers(0, 9)) == 0:
            tasks[position] = replace(
                task, deadline=project.start + timedelta(days=draw(st.integers(0, 20)))
            )
        if task.milestone:
            continue
        for resource in draw(st.sets(st.integers(1, 3), min_size=1, max_size=2)):
            assignments.append(
                Assignment(
                    len(assignments) + 1,
                    task.uid,
                    resource,
                    units=draw(st.sampled_from((50, 100, 150))),
                    work=draw(st.sampled_from((60, 240, 480, 960, 2400))),
                    delay=draw(st.sampled_from((0, 0, 0, 0, 60, 480))),
                )
            )
    resources = [Resource(uid, f"Person {uid}", max_units=200) for uid in range(1, 4)]
    return replace(project, tasks=tasks, resources=resources, assignments=assignments)


def _dates(result: Result) -> tuple[object, ...]:
    assignments = {
        uid: (times.start, times.finish, times.duration)
        for uid, times in result.assignments.items()
    }
    return result.start, result.finish, result.tasks, result.critical_path, assignments


@settings(max_examples=150, deadline=None)
@given(loaded(), st.sampled_from(COPIES))
def test_shaped_tasks_get_the_dates_of_plain_ones_on_the_same_hours(
    project: Project, copy: CalendarSpec
) -> None:
    plain = compute(project)
    copied = [replace(resource, calendar=copy) for resource in project.resources]
    shaped = compute(replace(project, resources=copied))
    assert _dates(shaped) == _dates(plain)


@st.composite
def shapes(draw: st.DrawFn) -> list[Lane]:
    """Lanes on the clock or on calendars it unites, some delayed, some with nothing to do."""
    specs = [draw(calendars(f"Calendar {k}")) for k in range(draw(st.integers(1, 3)))]
    clock = WorkCalendar(union_calendar(specs), origin=ORIGIN)
    lanes = []
    for _ in range(draw(st.integers(1, 4))):
        spec = draw(st.sampled_from([*specs, clock.spec]))
        calendar = WorkCalendar(spec, origin=ORIGIN)
        lanes.append(
            Lane(
                spec,
                draw(st.sampled_from((0, 60, 480, 2400))),
                draw(st.sampled_from((0, 0, 60, 480))),
                hours=None if spec == clock.spec else calendar.on(clock),
            )
        )
    return lanes


@settings(max_examples=150, deadline=None)
@given(shapes(), st.integers(-YEAR, 2 * YEAR), st.sampled_from((0, 0, 30, 50)))
def test_dates_kept_from_the_forward_pass_are_the_dates_worked_out_again(
    lanes: list[Lane], at: int, percent: int
) -> None:
    """The forward pass keeps its lanes' dates, and the result reads them from the task's
    start rather than working them out again: that must change nothing."""
    shape = Shape(lanes)
    start, _ = shape.forward(at, percent)
    for moment in (at, start):
        assert shape.lane_dates(moment) == Shape(lanes).lane_dates(moment)
        assert shape.dates(moment) == Shape(lanes).dates(moment)
