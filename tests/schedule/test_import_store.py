"""What an import stores without a model instance each (``schedule.models.bulk``): the same
values ``bulk_create`` would store, and for tasks and assignments the very values a recompute
gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, models
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schedule.engine.model import (
    STANDARD_DAY,
    CalendarSpec,
    Constraint,
    EarnedValueMethod,
    LagUnit,
    Link,
    LinkType,
    Rate,
    ResourceType,
    TaskType,
)
from schedule.engine.model import Assignment as EngineAssignment
from schedule.engine.model import Resource as EngineResource
from schedule.engine.model import Task as EngineTask
from schedule.interchange.data import AssignmentRecord, ResourceRecord, ScheduleData, TaskRecord
from schedule.models import Assignment, Dependency, Resource, Schedule, Task
from schedule.models.bulk import insert_rows
from schedule.services import schedules
from schedule.services.compute import load_assignments, recompute, schedule_data
from schedule.services.schedules import schedule_import
from tests.conftest import World

from .factories import DAY, sample_schedule_data

PM = "provider.program_manager"


def stored(schedule: Schedule) -> dict[int, dict[str, Any]]:
    return {
        a.uid: model_to_dict(a, exclude=["id", "updated_at"])
        for a in Assignment.objects.filter(schedule=schedule)
    }


def test_rows_are_stored_as_bulk_create_stores_them(world: World, schedule: Schedule) -> None:
    resource = Resource.objects.create(schedule=schedule, uid=1, name="Analyst")
    tasks = list(schedule.tasks.filter(is_summary=False).order_by("position"))
    start = timezone.now().replace(microsecond=0)
    values = [
        {
            "schedule_id": schedule.pk,
            "uid": n,
            "task_id": task.pk,
            "resource_id": resource.pk,
            "units": 50 + n,
            "work": n * DAY,
            "actual_work": DAY if n % 2 else 0,
            "remaining_work": None if n % 2 else 3,
            "delay": n,
            "quantity": Decimal("2.5") * n,
            "cost": None if n % 3 else Decimal("1234.56"),
            "actual_cost": Decimal("0.10") * n if n % 2 else None,
            "start": start + timedelta(days=n // 2),
            "finish": None if n == 3 else start + timedelta(days=n),
            "computed_cost": Decimal("99.99"),
            "computed_actual_cost": None,
        }
        for n, task in enumerate(tasks, start=1)
    ]
    insert_rows(Assignment, values)
    inserted = stored(schedule)
    assert all(a.updated_at is not None for a in Assignment.objects.all())

    Assignment.objects.all().delete()
    Assignment.objects.bulk_create(Assignment(**row) for row in values)
    assert stored(schedule) == inserted
    assert len(inserted) == len(tasks) > 5

    insert_rows(Assignment, [])  # nothing to insert is no statement
    assert Assignment.objects.count() == len(tasks)


def test_left_out_fields_get_their_defaults(world: World, schedule: Schedule) -> None:
    resource = Resource.objects.create(schedule=schedule, uid=1, name="Analyst")
    task = schedule.tasks.filter(is_summary=False).first()
    assert task is not None
    row = {"schedule_id": schedule.pk, "uid": 5, "task_id": task.pk, "resource_id": resource.pk}
    insert_rows(Assignment, [row])
    assignment = Assignment.objects.get(uid=5)
    assert (assignment.units, assignment.work, assignment.quantity) == (100, 0, 0)
    assert assignment.cost is None and assignment.start is None
    assert assignment.updated_at is not None


def test_imported_assignments_are_what_a_recompute_gives(world: World) -> None:
    data = replace(
        sample_schedule_data(),
        resources=(
            ResourceRecord(EngineResource(uid=1, name="Analyst", rates=(Rate(None, Decimal(90)),))),
            ResourceRecord(EngineResource(uid=2, name="Licences", type=ResourceType.MATERIAL)),
            ResourceRecord(EngineResource(uid=3, name="Travel", type=ResourceType.COST)),
        ),
        assignments=(
            AssignmentRecord(EngineAssignment(uid=1, task=2, resource=1, work=5 * DAY)),
            AssignmentRecord(
                EngineAssignment(uid=2, task=3, resource=1, units=50, work=5 * DAY, delay=DAY)
            ),
            AssignmentRecord(EngineAssignment(uid=3, task=3, resource=2, quantity=Decimal(3))),
            AssignmentRecord(EngineAssignment(uid=4, task=7, resource=3, cost=Decimal("800"))),
            AssignmentRecord(
                EngineAssignment(
                    uid=5, task=9, resource=1, work=2 * DAY, actual_work=DAY, remaining_work=DAY
                )
            ),
        ),
    )
    schedule, _ = schedule_import(
        acting_user=world.user(PM), program=world.program, data=data, source_name="ims.xml"
    )
    imported = stored(schedule)
    assert len(imported) == 5
    assert imported[4]["computed_cost"] == Decimal("800.00")
    assert imported[2]["start"] is not None and imported[2]["computed_cost"] > 0
    assert schedule_data(schedule, assignments=load_assignments(schedule)).assignments == (
        data.assignments
    )

    recompute(schedule)  # stores only what changed: nothing
    assert stored(schedule) == imported


def rich_schedule_data(responsible: str) -> ScheduleData:
    """The sample IMS with a third outline level and every kind of task value: constraints,
    a deadline, a manual task, notes, a task calendar, costs, earned value weights, a
    responsible member and one who is not, and an assignment to a summary task. (No actuals:
    the program has not started.)"""
    sample = sample_schedule_data()
    changes: dict[int, dict[str, Any]] = {
        2: {
            "constraint": Constraint.SNET,
            "constraint_date": datetime(2027, 1, 5, 8, 0),
            "deadline": datetime(2027, 2, 1, 17, 0),
            "percent_complete": 40,
            "fixed_cost": Decimal("1250.50"),
            "actual_cost": Decimal("300.25"),
        },
        5: {
            "manual": True,
            "start": datetime(2027, 1, 18, 8, 0),
            "calendar": CalendarSpec(name="Four days", week=(STANDARD_DAY,) * 4 + ((),) * 3),
            "ignore_resource_calendars": True,
        },
        7: {
            "type": TaskType.FIXED_WORK,
            "effort_driven": True,
            "ev_method": EarnedValueMethod.WEIGHTED_MILESTONES,
            "ev_weights": (30, 70),
        },
        8: {"constraint": Constraint.FNLT, "constraint_date": datetime(2027, 4, 30, 17, 0)},
    }
    records = [
        replace(
            r,
            task=replace(r.task, **changes.get(r.task.uid, {})),
            notes="Agreed at kick-off;\nsee the minutes." if r.task.uid == 2 else r.notes,
            responsible={2: responsible, 5: "nobody@example.com"}.get(r.task.uid, ""),
        )
        for r in sample.records
    ]
    records += [
        TaskRecord(EngineTask(uid=11, name="Cutover", parent=6), wbs="2.5", outline_level=2),
        TaskRecord(
            EngineTask(uid=12, name="Load the opening balances", duration=3 * DAY, parent=11),
            wbs="2.5.1",
            outline_level=3,
        ),
        TaskRecord(
            EngineTask(uid=13, name="Cut over", milestone=True, parent=11),
            wbs="2.5.2",
            outline_level=3,
        ),
    ]
    return replace(
        sample,
        records=tuple(records),
        links=(
            *sample.links,
            Link(10, 12),
            Link(12, 13, LinkType.FS, 2 * DAY, LagUnit.ELAPSED),
        ),
        resources=(
            ResourceRecord(EngineResource(uid=1, name="Analyst", rates=(Rate(None, Decimal(90)),))),
        ),
        assignments=(
            AssignmentRecord(EngineAssignment(uid=1, task=12, resource=1, work=3 * DAY)),
            AssignmentRecord(EngineAssignment(uid=2, task=11, resource=1, work=DAY)),
        ),
    )


def stored_tasks(schedule: Schedule, *, exclude: Sequence[str] = ("id", "updated_at")) -> Any:
    """Every task and link row of the schedule by UIDs, keys to tasks as their UIDs."""
    uids = dict(schedule.tasks.values_list("pk", "uid"))
    tasks = {}
    for task in schedule.tasks.all():
        row = model_to_dict(task, exclude=list(exclude))
        row["parent"] = uids.get(row["parent"])
        tasks[task.uid] = row
    links = {
        (uids[d.predecessor_id], uids[d.successor_id]): (d.schedule_id, d.type, d.lag, d.lag_unit)
        for d in Dependency.objects.filter(schedule=schedule)
    }
    return tasks, links


def bulk_create_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """What the import stored before: a model instance a row, through ``bulk_create``."""
    model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)


def test_imported_tasks_and_links_are_stored_as_bulk_create_stores_them(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = world.user(PM)
    data = rich_schedule_data(responsible=user.username)
    with CaptureQueriesContext(connection) as queries:
        schedule, warnings = schedule_import(
            acting_user=user, program=world.program, data=data, source_name="ims.xml"
        )
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT INTO" in q["sql"]]
    # One statement for each outline level, one for all the links.
    assert sum(f'"{Task._meta.db_table}"' in sql for sql in inserts) == 3
    assert sum(f'"{Dependency._meta.db_table}"' in sql for sql in inserts) == 1
    assert warnings == [
        "1 responsible person(s) in the file are not members of the program and were left "
        "unassigned: nobody@example.com.",
        "1 assignment(s) to summary tasks were left out (resources are assigned to the tasks "
        "under a summary): Analyst on 2.5 Cutover.",
    ]
    tasks, links = stored_tasks(schedule)
    assert len(tasks) == 13 and len(links) == len(data.links) == 11
    assert {uid: row["parent"] for uid, row in tasks.items() if row["outline_level"] == 3} == {
        12: 11,
        13: 11,
    }
    two, five, seven, cutover = tasks[2], tasks[5], tasks[7], tasks[11]
    assert two["responsible"] == user.pk and five["responsible"] is None
    assert (two["constraint_type"], two["constraint_date"].day, two["deadline"].month) == (
        "snet",
        5,
        2,
    )
    assert (two["fixed_cost"], two["actual_cost"], two["percent_complete"]) == (
        Decimal("1250.50"),
        Decimal("300.25"),
        40,
    )
    assert two["notes"] == "Agreed at kick-off;\nsee the minutes."
    assert five["manual"] and five["manual_start"] is not None and five["calendar"]["week"]
    assert (seven["task_type"], seven["effort_driven"], seven["ev_weights"]) == (
        "fixed_work",
        True,
        [30, 70],
    )
    assert cutover["is_summary"] and cutover["wbs"] == "2.5" and cutover["work"] == 3 * DAY
    assert all(
        row["start"] and row["early_finish"] and row["total_float"] is not None
        for row in tasks.values()
    )
    assert links[(12, 13)][1:] == ("FS", 2 * DAY, "elapsed")

    monkeypatch.setattr(schedules, "insert_rows", bulk_create_rows)
    again, _ = schedule_import(
        acting_user=user, program=world.program, data=data, source_name="ims.xml", replace=True
    )
    assert again.pk == schedule.pk
    assert stored_tasks(again) == (tasks, links)


def test_imported_tasks_are_what_a_recompute_gives(world: World) -> None:
    # With an assignment to a summary task, left out before the engine prices anything: its
    # cost counts neither on the summary nor in the program's total.
    data = rich_schedule_data(responsible=world.user(PM).username)
    schedule, _ = schedule_import(
        acting_user=world.user(PM), program=world.program, data=data, source_name="ims.xml"
    )
    imported = stored_tasks(schedule, exclude=["id"])  # an update would change updated_at
    tasks = imported[0]
    assert tasks[11]["computed_cost"] == tasks[12]["computed_cost"] + tasks[13]["computed_cost"]
    assert (
        tasks[12]["computed_cost"] == Decimal("2160.00")
        and not Assignment.objects.filter(schedule=schedule, task__uid=11).exists()
    )
    summaries = {r.task.parent for r in data.records}  # their duration and progress roll up
    assert [r.task for r in schedule_data(schedule).records if r.task.uid not in summaries] == [
        r.task for r in data.records if r.task.uid not in summaries
    ]

    recompute(schedule)  # stores only what changed: nothing
    assert stored_tasks(schedule, exclude=["id"]) == imported
