"""What an import stores without a model instance each (``schedule.models.bulk``): the same
values ``bulk_create`` would store, and for assignments the very values a recompute gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.forms.models import model_to_dict
from django.utils import timezone

from schedule.engine.model import Assignment as EngineAssignment
from schedule.engine.model import Rate, ResourceType
from schedule.engine.model import Resource as EngineResource
from schedule.interchange.data import AssignmentRecord, ResourceRecord
from schedule.models import Assignment, Resource, Schedule
from schedule.models.bulk import insert_rows
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
