"""Costs worked out by hand.

The project starts Monday 1 June 2026 at 08:00 on the standard calendar (8:00-12:00,
13:00-17:00, Monday to Friday, US federal holidays off). A ten-day task runs to Friday 12 June.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest

from schedule.engine.cost import Cost, costs, validate_resources
from schedule.engine.errors import ScheduleError
from schedule.engine.model import (
    Assignment,
    CalendarSpec,
    Project,
    Rate,
    Resource,
    ResourceType,
    Task,
)

from .money import DAY, START, schedule

HOUR = 60
ANN = Resource(1, "Ann", rates=(Rate(None, Decimal(100)),))


def project(
    tasks: Sequence[Task],
    resources: Sequence[Resource] = (ANN,),
    assignments: Sequence[Assignment] = (),
) -> Project:
    return Project(start=START, tasks=tasks, resources=resources, assignments=assignments)


def cost_of(p: Project) -> tuple[dict[int, Cost], dict[int, Cost], Cost]:
    found = costs(p, schedule(p))
    return found.assignments, found.tasks, found.total


def test_ten_day_task_at_half_time_is_forty_hours_at_the_rate() -> None:
    p = project([Task(1, "Design", 10 * DAY)], assignments=[Assignment(1, 1, 1, 50, 40 * HOUR)])
    result = schedule(p)
    assert result.assignments[1].finish.date() == date(2026, 6, 12)
    found = costs(p, result)
    assert found.assignments[1] == Cost(Decimal("4000.00"), Decimal("0.00"), Decimal("4000.00"))
    assert found.tasks[1].cost == found.total.cost == Decimal("4000.00")


def test_a_rate_change_mid_task_splits_the_cost_by_when_the_work_happens() -> None:
    # 20 hours in the week of 1 June at $100, 20 in the week of 8 June at $120.
    ann = Resource(1, "Ann", rates=(Rate(None, Decimal(100)), Rate(date(2026, 6, 8), Decimal(120))))
    p = project([Task(1, "Design", 10 * DAY)], (ann,), [Assignment(1, 1, 1, 50, 40 * HOUR)])
    assert cost_of(p)[0][1].cost == Decimal("4400.00")


def test_a_rate_change_on_a_weekend_falls_between_the_weeks() -> None:
    ann = Resource(1, "Ann", rates=(Rate(None, Decimal(100)), Rate(date(2026, 6, 6), Decimal(120))))
    p = project([Task(1, "Design", 10 * DAY)], (ann,), [Assignment(1, 1, 1, 50, 40 * HOUR)])
    assert cost_of(p)[0][1].cost == Decimal("4400.00")


def test_the_per_use_cost_counts_once_at_the_rate_row_in_effect_at_the_start() -> None:
    ann = Resource(
        1,
        "Ann",
        rates=(
            Rate(None, Decimal(100), per_use=Decimal(50)),
            Rate(date(2026, 6, 8), Decimal(100), per_use=Decimal(80)),
        ),
    )
    p = project([Task(1, "Design", 10 * DAY)], (ann,), [Assignment(1, 1, 1, 100, 80 * HOUR)])
    assert cost_of(p)[0][1].cost == Decimal("8050.00")


def test_material_costs_its_quantity_at_the_unit_rate_plus_per_use() -> None:
    cable = Resource(
        2,
        "Cable (m)",
        ResourceType.MATERIAL,
        rates=(Rate(None, Decimal("8.40"), per_use=Decimal(25)),),
    )
    p = project(
        [Task(1, "Install", 2 * DAY)],
        (cable,),
        [Assignment(1, 1, 2, quantity=Decimal("12.5"))],
    )
    assert cost_of(p)[0][1].cost == Decimal("130.00")  # 12.5 x 8.40 + 25


def test_a_cost_resource_costs_the_amount_entered() -> None:
    travel = Resource(3, "Travel", ResourceType.COST)
    p = project(
        [Task(1, "Site visit", DAY)], (travel,), [Assignment(1, 1, 3, cost=Decimal("1234.56"))]
    )
    assert cost_of(p)[0][1].cost == Decimal("1234.56")


def test_part_of_a_cent_is_rounded_half_up_once_per_assignment() -> None:
    # 7 minutes at $10 an hour is $1.1666...
    p = project(
        [Task(1, "Call", DAY)],
        (Resource(1, "Ann", rates=(Rate(None, Decimal(10)),)),),
        [Assignment(1, 1, 1, 100, 7)],
    )
    assert cost_of(p)[0][1].cost == Decimal("1.17")


def test_actual_work_is_costed_from_the_start_at_the_rates_in_effect() -> None:
    # 40 hours over two weeks: the 24 actual hours are the first week (20 h at $100) and
    # 4 hours of the second (at $120); per use ($50 at 50 % units: $25) counts once started.
    ann = Resource(
        1,
        "Ann",
        rates=(
            Rate(None, Decimal(100), per_use=Decimal(50)),
            Rate(date(2026, 6, 8), Decimal(120)),
        ),
    )
    assignment = Assignment(1, 1, 1, 50, 40 * HOUR, actual_work=24 * HOUR)
    p = project([Task(1, "Design", 10 * DAY, percent_complete=60)], (ann,), [assignment])
    found = cost_of(p)[0][1]
    assert found == Cost(Decimal("4425.00"), Decimal("2505.00"), Decimal("1920.00"))


def test_an_entered_actual_cost_wins_over_the_actual_work() -> None:
    assignment = Assignment(1, 1, 1, 100, 8 * HOUR, actual_work=4 * HOUR, actual_cost=Decimal(999))
    p = project([Task(1, "Design", DAY)], assignments=[assignment])
    assert cost_of(p)[0][1] == Cost(Decimal("800.00"), Decimal("999.00"), Decimal("400.00"))


def test_remaining_work_entered_sets_the_cost_at_completion() -> None:
    # 8 h done, 16 h still to do although 16 h were planned in all: 24 h at completion.
    assignment = Assignment(1, 1, 1, 100, 16 * HOUR, actual_work=8 * HOUR, remaining_work=960)
    p = project([Task(1, "Design", 3 * DAY, percent_complete=33)], assignments=[assignment])
    assert cost_of(p)[0][1] == Cost(Decimal("2400.00"), Decimal("800.00"), Decimal("1600.00"))


def test_material_and_cost_actuals_follow_the_task_percent_complete() -> None:
    cable = Resource(2, "Cable", ResourceType.MATERIAL, rates=(Rate(None, Decimal(10)),))
    travel = Resource(3, "Travel", ResourceType.COST)
    p = project(
        [Task(1, "Install", 4 * DAY, percent_complete=25)],
        (cable, travel),
        [Assignment(1, 1, 2, quantity=Decimal(100)), Assignment(2, 1, 3, cost=Decimal(400))],
    )
    lines = cost_of(p)[0]
    assert lines[1] == Cost(Decimal("1000.00"), Decimal("250.00"), Decimal("750.00"))
    assert lines[2] == Cost(Decimal("400.00"), Decimal("100.00"), Decimal("300.00"))


def test_a_task_costs_its_assignments_and_its_fixed_cost_accrued_prorated() -> None:
    p = project(
        [Task(1, "Design", 10 * DAY, fixed_cost=Decimal(1000), percent_complete=30)],
        assignments=[Assignment(1, 1, 1, 50, 40 * HOUR, actual_work=12 * HOUR)],
    )
    task = cost_of(p)[1][1]
    assert task == Cost(Decimal("5000.00"), Decimal("1500.00"), Decimal("3500.00"))


def test_a_task_actual_cost_entered_replaces_the_computed_actual() -> None:
    p = project(
        [Task(1, "Design", 10 * DAY, actual_cost=Decimal(750), percent_complete=30)],
        assignments=[Assignment(1, 1, 1, 50, 40 * HOUR, actual_work=12 * HOUR)],
    )
    assert cost_of(p)[1][1].actual == Decimal("750.00")


def test_summaries_and_the_project_add_up_their_parts() -> None:
    tasks = [
        Task(1, "Program"),
        Task(2, "Phase 1", parent=1),
        Task(3, "Design", 5 * DAY, parent=2, fixed_cost=Decimal("0.01")),
        Task(4, "Build", 5 * DAY, parent=2),
        Task(5, "Phase 2", 3 * DAY, parent=1, fixed_cost=Decimal(300)),
        Task(6, "Separate", DAY, fixed_cost=Decimal(5)),
    ]
    p = project(
        tasks,
        assignments=[Assignment(1, 3, 1, 100, 7), Assignment(2, 4, 1, 100, 8 * HOUR)],
    )
    _, found, total = cost_of(p)
    assert found[3].cost == Decimal("11.68")  # 7 minutes at $100 an hour, plus a cent
    assert found[2].cost == Decimal("811.68")
    assert found[1].cost == Decimal("1111.68")
    assert total.cost == Decimal("1116.68")


def messages(p: Project) -> list[str]:
    return [problem.message for problem in validate_resources(p)]


def test_assignments_to_unknown_resources_or_tasks_are_named() -> None:
    p = project([Task(1, "Design", DAY)], assignments=[Assignment(7, 1, 9), Assignment(8, 2, 1)])
    found = validate_resources(p)
    assert [(problem.task, "UID 9" in problem.message) for problem in found] == [
        (1, True),
        (None, False),
    ]
    assert "Assignment 8 is on task UID 2, which is not here." in found[1].message
    with pytest.raises(ScheduleError):
        costs(p, schedule(project([Task(1, "Design", DAY)])))


def test_negative_amounts_are_refused_naming_the_assignment() -> None:
    p = project(
        [Task(1, "Design", DAY)],
        assignments=[Assignment(4, 1, 1, units=-50, work=-60, quantity=Decimal(-1))],
    )
    found = messages(p)
    assert len(found) == 3
    assert all(m.startswith("Assignment 4 (Ann on Design UID 1)") for m in found)
    assert any("units cannot be negative" in m for m in found)


def test_rate_tables_must_ascend_one_row_per_date() -> None:
    repeated = Resource(
        1, "Ann", rates=(Rate(None, Decimal(1)), Rate(date(2026, 7, 1)), Rate(date(2026, 7, 1)))
    )
    backwards = Resource(
        2, "Bob", rates=(Rate(date(2026, 7, 1)), Rate(date(2026, 6, 1)), Rate(None))
    )
    found = messages(project([Task(1, "Design", DAY)], (repeated, backwards)))
    assert len(found) == 3
    assert found[0].startswith("Resource 'Ann' (UID 1): rate rows must be in ascending")
    assert "only the first rate row may have no date" in found[2]


def test_material_and_cost_resources_have_no_calendar_and_work_ones_need_working_time() -> None:
    closed = CalendarSpec(name="Never", week=((),) * 7)
    resources = (
        Resource(1, "Cable", ResourceType.MATERIAL, calendar=CalendarSpec()),
        Resource(2, "Travel", ResourceType.COST, calendar=CalendarSpec()),
        Resource(3, "Ghost", calendar=closed),
        Resource(4, "Fine", calendar=CalendarSpec()),
    )
    found = messages(project([Task(1, "Design", DAY)], resources))
    assert found == [
        "Resource 'Cable' (UID 1) is a material resource and cannot have a calendar.",
        "Resource 'Travel' (UID 2) is a cost resource and cannot have a calendar.",
        "Resource 'Ghost' (UID 3): Calendar 'Never' has no working time.",
    ]
