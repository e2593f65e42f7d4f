"""Assignments: Microsoft Project's edit rules per task type (fixed units, fixed work, fixed
duration, effort driven), the refusals that name what is wrong, the recompute that stores
work and assignment dates, and the audit trail that does not show amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent
from schedule.models import Assignment, Resource, Schedule, Task
from schedule.services import assignments as services
from schedule.services import resources as resource_services
from schedule.services import tasks as task_services
from tests.conftest import World

from .factories import DAY, make_schedule

PM = "provider.program_manager"
DESIGN = 3  # "1.2 Design the target payroll configuration": provider, 10 days


def task(schedule: Schedule, uid: int = DESIGN) -> Task:
    return schedule.tasks.get(uid=uid)


def person(world: World, schedule: Schedule, name: str, **values: Any) -> Resource:
    return resource_services.resource_create(
        acting_user=world.user(PM), schedule=schedule, name=name, owner_party="provider", **values
    )


def assign(world: World, schedule: Schedule, resource: Resource, **values: Any) -> Assignment:
    return services.assignment_create(
        acting_user=world.user(PM), task=task(schedule), resource=resource, **values
    )


def update(world: World, assignment: Assignment, **values: Any) -> Assignment:
    return services.assignment_update(acting_user=world.user(PM), assignment=assignment, **values)


def set_type(world: World, schedule: Schedule, task_type: str, **values: Any) -> None:
    task_services.task_update(
        acting_user=world.user(PM), task=task(schedule), task_type=task_type, **values
    )


def test_a_resource_added_works_the_task_duration_at_its_units(
    world: World, schedule: Schedule
) -> None:
    a = assign(world, schedule, person(world, schedule, "Analyst"), units=50)
    assert (a.units, a.work) == (50, 5 * DAY)
    assert task(schedule).duration == 10 * DAY


def test_fixed_units_units_and_work_move_the_duration(world: World, schedule: Schedule) -> None:
    a = assign(world, schedule, person(world, schedule, "Analyst"))
    assert a.work == 10 * DAY
    a = update(world, a, units=50)
    assert a.work == 10 * DAY and task(schedule).duration == 20 * DAY
    a = update(world, a, work=5 * DAY)
    assert task(schedule).duration == 10 * DAY
    # The task's duration changed by hand: the work follows.
    task_services.task_update(acting_user=world.user(PM), task=task(schedule), duration=4 * DAY)
    a.refresh_from_db()
    assert (a.units, a.work) == (50, 2 * DAY)


def test_fixed_work_units_move_the_duration_and_the_duration_moves_units(
    world: World, schedule: Schedule
) -> None:
    set_type(world, schedule, "fixed_work")
    a = assign(world, schedule, person(world, schedule, "Analyst"), work=10 * DAY)
    a = update(world, a, units=200)
    assert a.work == 10 * DAY and task(schedule).duration == 5 * DAY
    task_services.task_update(acting_user=world.user(PM), task=task(schedule), duration=20 * DAY)
    a.refresh_from_db()
    assert (a.units, a.work) == (50, 10 * DAY)


def test_fixed_duration_units_move_work_and_work_moves_units(
    world: World, schedule: Schedule
) -> None:
    set_type(world, schedule, "fixed_duration")
    a = assign(world, schedule, person(world, schedule, "Analyst"))
    a = update(world, a, units=50)
    assert a.work == 5 * DAY and task(schedule).duration == 10 * DAY
    a = update(world, a, work=20 * DAY)
    assert a.units == 200 and task(schedule).duration == 10 * DAY
    task_services.task_update(acting_user=world.user(PM), task=task(schedule), duration=5 * DAY)
    a.refresh_from_db()
    assert (a.units, a.work) == (200, 10 * DAY)


def test_an_effort_driven_task_keeps_its_work_when_a_resource_comes_and_goes(
    world: World, schedule: Schedule
) -> None:
    set_type(world, schedule, "fixed_units", effort_driven=True)
    first = assign(world, schedule, person(world, schedule, "Analyst"))
    assert first.work == 10 * DAY
    second = assign(world, schedule, person(world, schedule, "Engineer"), units=300)
    first.refresh_from_db()
    assert (first.work, second.work) == (10 * DAY // 4, 10 * DAY * 3 // 4)
    assert task(schedule).duration == 10 * DAY // 4  # 2.5 days: work / units
    services.assignment_delete(acting_user=world.user(PM), assignment=second)
    first.refresh_from_db()
    assert first.work == 10 * DAY and task(schedule).duration == 10 * DAY


def test_recompute_stores_work_and_assignment_dates(world: World, schedule: Schedule) -> None:
    a = assign(world, schedule, person(world, schedule, "Analyst"), units=50)
    design = task(schedule)
    a.refresh_from_db()
    assert (a.start, a.finish) == (design.start, design.finish)
    assert design.work == 5 * DAY
    assert task(schedule, 1).work == 5 * DAY  # rolled up to the summary


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"units": -10}, "cannot be negative"),
        ({"work": -1}, "cannot be negative"),
        ({"units": 10**9}, "from 0 to 100,000"),
        ({"cost": Decimal("5")}, "work resource"),
    ],
)
def test_refused_values_name_the_assignment(
    world: World, schedule: Schedule, values: dict[str, object], message: str
) -> None:
    analyst = person(world, schedule, "Analyst")
    with pytest.raises(DomainError, match=message) as refused:
        assign(world, schedule, analyst, **values)
    assert "Analyst" in refused.value.message
    assert not Assignment.objects.exists()


def test_refusals(world: World, schedule: Schedule) -> None:
    analyst = person(world, schedule, "Analyst")
    assign(world, schedule, analyst)
    with pytest.raises(DomainError, match="already assigned"):
        assign(world, schedule, analyst)
    with pytest.raises(DomainError, match="summary task"):
        services.assignment_create(
            acting_user=world.user(PM), task=task(schedule, 1), resource=analyst
        )
    other = make_schedule(world.other_program, world.user("outsider"))
    stranger = resource_services.resource_create(
        acting_user=world.user("outsider"), schedule=other, name="Stranger"
    )
    with pytest.raises(DomainError, match="not a resource of this schedule"):
        assign(world, schedule, stranger)
    with pytest.raises(DomainError, match="milestone"):
        services.assignment_create(
            acting_user=world.user(PM), task=task(schedule, 4), resource=analyst, work=DAY
        )
    assert Assignment.objects.filter(schedule=schedule).count() == 1


def test_material_and_cost_assignments(world: World, schedule: Schedule) -> None:
    licences = person(world, schedule, "Licences", type="material", material_label="licence")
    travel = person(world, schedule, "Travel", type="cost")
    a = assign(world, schedule, licences, quantity=Decimal("12"))
    b = assign(world, schedule, travel, cost=Decimal("2500.00"))
    assert a.work == 0 and b.cost == Decimal("2500.00")
    assert task(schedule).duration == 10 * DAY and task(schedule).work == 0
    with pytest.raises(DomainError, match="material resource: it does no work"):
        update(world, a, work=DAY)


def test_assignments_are_edited_by_who_edits_the_task(world: World, schedule: Schedule) -> None:
    analyst = person(world, schedule, "Analyst")
    for username in ("customer.program_manager", "provider.viewer", "independent.ivv_agent"):
        with pytest.raises(PermissionDenied):
            services.assignment_create(
                acting_user=world.user(username), task=task(schedule), resource=analyst
            )
    a = services.assignment_create(
        acting_user=world.user("provider.pmo_team"), task=task(schedule), resource=analyst
    )
    assert a.pk


def test_under_change_control_a_duration_change_is_refused(
    world: World, schedule: Schedule
) -> None:
    from .test_services import agree

    a = assign(world, schedule, person(world, schedule, "Analyst"))
    agree(world, schedule)
    with pytest.raises(DomainError) as refused:
        update(world, a, units=50)
    assert refused.value.code == ErrorCode.UNDER_CHANGE_CONTROL
    a = update(world, a, actual_work=DAY)  # progress stays editable
    assert a.actual_work == DAY


def test_writes_are_audited_without_amounts(world: World, schedule: Schedule) -> None:
    travel = person(world, schedule, "Travel", type="cost")
    a = assign(world, schedule, travel, cost=Decimal("2500.00"))
    event = AuditEvent.objects.filter(target_id=str(a.pk)).latest("pk")
    assert event.actor_party == "provider"
    assert event.changes["cost"] == [None, "(amount not shown)"]
    assert event.changes["task"] == [None, DESIGN]
    update(world, a, actual_cost=Decimal("100"))
    event = AuditEvent.objects.filter(target_id=str(a.pk)).latest("pk")
    assert event.changes == {"actual_cost": [None, "(amount not shown)"]}
    services.assignment_delete(acting_user=world.user(PM), assignment=a)
    assert AuditEvent.objects.filter(changes__has_key=f"assignment {a.uid}").exists()
