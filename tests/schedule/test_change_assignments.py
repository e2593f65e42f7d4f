"""Change requests that change who works on a task and what it costs: the finish and the cost
they move are known before the decision, and bad operations are refused by name."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from schedule.changes import ChangeError, assess_impact
from schedule.engine.model import Assignment, Link, Rate, Resource, Task, TaskType
from schedule.interchange.data import AssignmentRecord, ResourceRecord, ScheduleData, TaskRecord

HOUR = 60
DAY = 480


def schedule() -> ScheduleData:
    tasks = (
        Task(1, "Phase", parent=None),
        Task(2, "Design", parent=1),
        Task(3, "Build", parent=1),
        Task(4, "Review", duration=5 * DAY, type=TaskType.FIXED_DURATION, parent=1),
    )
    return ScheduleData(
        name="Payroll",
        start=datetime(2027, 3, 1, 8, 0),
        records=tuple(TaskRecord(task, outline_level=2 if task.parent else 1) for task in tasks),
        links=(Link(2, 3),),
        resources=(
            ResourceRecord(Resource(1, "Analyst", rates=(Rate(None, Decimal(100)),))),
            ResourceRecord(Resource(2, "Engineer", rates=(Rate(None, Decimal(150)),))),
        ),
        assignments=(
            AssignmentRecord(Assignment(1, task=2, resource=1, units=100, work=40 * HOUR)),
            AssignmentRecord(Assignment(2, task=3, resource=2, units=100, work=80 * HOUR)),
            AssignmentRecord(Assignment(3, task=4, resource=1, units=50, work=20 * HOUR)),
        ),
    )


def test_halving_units_moves_the_finish_and_not_the_cost() -> None:
    changed, impact = assess_impact(
        schedule(), [{"op": "update_assignment", "uid": 2, "units": 50}]
    )
    assert impact.finish_after == datetime(2027, 4, 2, 17, 0)  # Build takes 20 days, not 10
    assert impact.finish_delta_days == 10
    assert impact.cost_before == impact.cost_after == Decimal("18000.00")
    build = next(a for a in changed.assignments if a.assignment.uid == 2).assignment
    assert (build.units, build.work) == (50, 80 * HOUR)


def test_adding_a_person_shows_the_cost_it_adds_beside_the_finish() -> None:
    _, impact = assess_impact(
        schedule(),
        [
            {
                "op": "add_assignment",
                "task_uid": 3,
                "resource_uid": 1,
                "units": 100,
                "work_hours": 40,
            }
        ],
    )
    assert impact.finish_delta_days == 0  # the engineer's 80 hours still set the finish
    assert impact.cost_after - impact.cost_before == Decimal("4000.00")
    assert impact.as_json({})["cost_delta"] == "4000.00"
    assert impact.cost_moved == ((3, "Build", Decimal("12000.00"), Decimal("16000.00")),)


def test_units_on_a_fixed_duration_task_change_its_work_and_cost() -> None:
    _, impact = assess_impact(schedule(), [{"op": "update_assignment", "uid": 3, "units": 100}])
    assert impact.finish_delta_days == 0
    assert impact.cost_after - impact.cost_before == Decimal("2000.00")  # 20 more hours


def test_removing_a_task_takes_its_assignments_and_a_fixed_cost_is_a_cost() -> None:
    changed, impact = assess_impact(
        schedule(),
        [{"op": "remove_task", "uid": 4}, {"op": "update_task", "uid": 2, "fixed_cost": "$2,500"}],
    )
    assert [a.assignment.uid for a in changed.assignments] == [1, 2]
    assert impact.cost_after - impact.cost_before == Decimal("500.00")  # -2,000 + 2,500


@pytest.mark.parametrize(
    ("op", "words"),
    [
        ({"op": "add_assignment", "task_uid": 2, "resource_uid": 9}, "no resource with UID 9"),
        ({"op": "add_assignment", "task_uid": 2, "resource_uid": 1}, "Analyst is already"),
        ({"op": "add_assignment", "task_uid": 1, "resource_uid": 2}, "is a summary task"),
        ({"op": "update_assignment", "uid": 1, "units": -5}, "The units (%) is between 0"),
        ({"op": "update_assignment", "uid": 1, "work_hours": "lots"}, "“lots” is not a number"),
        ({"op": "update_assignment", "uid": 1, "rate": 5}, "rate cannot change"),
        ({"op": "remove_assignment", "uid": 77}, "no assignment with UID 77"),
        ({"op": "update_task", "uid": 2, "fixed_cost": "-3"}, "The fixed cost is between $0"),
    ],
)
def test_bad_assignment_changes_are_refused_by_change_and_name(op, words) -> None:
    with pytest.raises(ChangeError) as refused:
        assess_impact(schedule(), [{"op": "update_task", "uid": 2, "name": "Design"}, op])
    assert any(
        problem.startswith("Change 2:") and words in problem for problem in refused.value.problems
    )
