"""The schedule's task list answered from plain values: for every kind of task (summaries,
milestones, constrained, manual, with a calendar and earned value weights, in the agreed
baseline or added since, with assignments of every resource type and predecessors of every
link type and lag unit) the list says exactly what the task serializer says, keys, order and
values, to whoever sees costs and to whoever does not; and reading it asks the same number of
queries however many tasks a page holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from schedule.api.rows import FlatRows, task_rows
from schedule.api.serializers.tasks import TaskSerializer
from schedule.api.views.tasks import _tasks
from schedule.models import Assignment, Dependency, Resource, Schedule, Task
from schedule.selectors.tasks import VarianceClock
from schedule.services import baselines as baseline_services

from ..conftest import World
from ..schedule.factories import DAY, make_schedule
from .conftest import Api

MANAGER = "provider.program_manager"
TEAM = "customer.pmo_team"  # no costs once the schedule hides them from the team


def url(tail: str = "") -> str:
    return f"/api/programs/alpha/schedule/{tail}"


def _agree_a_baseline(api: Api) -> None:
    client = api("customer.program_manager")
    assert client.post(url("baselines/"), {"name": "Plan"}, "json").status_code == 201
    assert client.post(url("baselines/1/propose/")).status_code == 200
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        assert api(sponsor).post(url("baselines/1/sign/"), {}, "json").status_code == 200


def _every_kind_of_task(world: World, api: Api) -> Schedule:
    """alpha's sample IMS (summaries, milestones, FS, SS with a lag, FF with a lead, SF) in an
    agreed baseline, then stored as a schedule can hold it: constraints, progress, manual
    scheduling, a calendar, weighted milestones, money, assignments of each resource type,
    links with elapsed lags, slipped finishes and a task added since the baseline."""
    schedule = make_schedule(world.program, world.user(MANAGER))
    _agree_a_baseline(api)
    schedule.costs_hidden_from_team = True
    schedule.save(update_fields=["costs_hidden_from_team"])
    tasks = {t.uid: t for t in schedule.tasks.all()}
    at = datetime(2027, 2, 1, 13, 30, tzinfo=UTC)
    Task.objects.filter(pk=tasks[3].pk).update(
        constraint_type="SNET",
        constraint_date=at,
        deadline=at + timedelta(days=30),
        actual_start=at,
        percent_complete=40,
        notes="Waits on the payroll bureau's file layouts.",
        responsible=world.user(MANAGER),
        fixed_cost=Decimal("1250.50"),
        actual_cost=Decimal("300.00"),
        computed_cost=Decimal("98000.25"),
        computed_actual_cost=Decimal("0.10"),
        ev_method="weighted_milestones",
        ev_weights=[25, 25, 50],
        task_type="fixed_work",
        effort_driven=True,
        finish=F("finish") + timedelta(days=3),  # a slip past the baseline
    )
    Task.objects.filter(pk=tasks[5].pk).update(
        constraint_type="FNLT",
        constraint_date=at + timedelta(days=10),
        manual=True,
        manual_start=at,
        calendar={"name": "Four days", "week": [[[480, 1020]]] * 4 + [[]] * 3},
        ignore_resource_calendars=True,
        total_float=None,
        free_float=None,
    )
    Task.objects.filter(pk=tasks[8].pk).update(
        actual_start=at, actual_finish=at + timedelta(days=5), percent_complete=100
    )
    added = Task.objects.create(
        schedule=schedule,
        uid=11,
        position=11,
        wbs="2.5",
        name="Hypercare",
        outline_level=2,
        parent=tasks[6],
        owner_party="customer",
        duration=3 * DAY,
        start=at,
        finish=at + timedelta(days=3),
    )
    for predecessor, kind, lag, unit in (
        (tasks[9], "FS", 2 * DAY, "elapsed"),
        (tasks[7], "SS", -DAY, "elapsed"),
        (tasks[8], "FF", DAY // 2, "working"),
        (tasks[2], "SF", 0, "working"),
    ):
        Dependency.objects.create(
            schedule=schedule,
            predecessor=predecessor,
            successor=added,
            type=kind,
            lag=lag,
            lag_unit=unit,
        )
    analyst, paper, travel = (
        Resource.objects.create(schedule=schedule, uid=uid, name=name, type=kind)
        for uid, name, kind in (
            (1, "Analyst", "work"),
            (2, "Paper", "material"),
            (3, "Travel", "cost"),
        )
    )
    rows: list[tuple[Task, Resource, dict[str, Any]]] = [
        (tasks[3], analyst, {"units": 50, "work": 5 * DAY, "actual_work": DAY, "delay": DAY}),
        (tasks[3], paper, {"quantity": Decimal("12.5"), "computed_cost": Decimal("40.00")}),
        (tasks[3], travel, {"cost": Decimal("900.00"), "actual_cost": Decimal("450.00")}),
        (added, analyst, {"work": 3 * DAY, "actual_work": 4 * DAY, "remaining_work": DAY}),
    ]
    for uid, (task, resource, values) in enumerate(rows, start=1):
        Assignment.objects.create(
            schedule=schedule, uid=10 - uid, task=task, resource=resource, start=at, **values
        )
    return schedule


def _serialized(schedule: Schedule, *, see_costs: bool) -> list[dict[str, Any]]:
    """What the task serializer answers for every task of the schedule."""
    context: dict[str, Any] = {"schedule": schedule, "see_costs": see_costs}
    agreed = baseline_services.agreed_baseline(schedule)
    assert agreed is not None
    context["baseline"] = {
        uid: (start, finish)
        for uid, start, finish in agreed.tasks.values_list("uid", "start", "finish")
    }
    context["variance_clock"] = VarianceClock(schedule)
    tasks = _tasks().filter(schedule=schedule)
    return list(TaskSerializer(tasks, many=True, context=context).data)


@pytest.mark.parametrize(("reader", "see_costs"), [(MANAGER, True), (TEAM, False)])
def test_the_task_list_says_what_the_task_serializer_says(
    world: World, api: Api, reader: str, see_costs: bool
) -> None:
    schedule = _every_kind_of_task(world, api)
    body = api(reader).get(url("tasks/")).json()
    listed = body["results"]
    expected = _serialized(schedule, see_costs=see_costs)
    # Compared as JSON text: the same keys in the same order, the same values and types.
    assert json.dumps(listed, indent=1) == json.dumps(expected, indent=1)

    by_uid = {t["uid"]: t for t in listed}
    assert ("fixed_cost" in by_uid[3]) is see_costs
    assert ("cost" in by_uid[3]["assignments"][2]) is see_costs
    assert by_uid[3]["finish_variance_days"] > 0  # slipped past the baseline
    assert by_uid[11]["baseline_start"] is None
    assert [p["type"] for p in by_uid[11]["predecessors"]] == ["SF", "SS", "FF", "FS"]
    assert {p["lag_unit"] for p in by_uid[11]["predecessors"]} == {"working", "elapsed"}
    assert [a["resource_type"] for a in by_uid[3]["assignments"]] == ["cost", "material", "work"]


def test_a_single_task_reads_as_in_the_list(world: World, api: Api) -> None:
    _every_kind_of_task(world, api)
    client = api(TEAM)
    listed = {t["uid"]: t for t in client.get(url("tasks/")).json()["results"]}
    for uid in (3, 5, 11):
        assert client.get(url(f"tasks/{uid}/")).json() == listed[uid]


def _queries(api: Api, path: str) -> int:
    client = api(MANAGER)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("answers_built")
def test_the_task_list_asks_as_many_queries_for_one_task_as_for_a_full_page(
    world: World, api: Api
) -> None:
    schedule = _every_kind_of_task(world, api)
    one = _queries(api, url("tasks/?q=uid+3"))
    twelve = _queries(api, url("tasks/"))
    # Fill a page of 50 tasks, each with a predecessor and an assignment.
    analyst = schedule.resources.get(uid=1)
    previous = schedule.tasks.get(uid=11)
    for uid in range(12, 51):
        task = Task.objects.create(
            schedule=schedule, uid=uid, position=uid, name=f"Extra {uid}", duration=DAY
        )
        Dependency.objects.create(schedule=schedule, predecessor=previous, successor=task)
        Assignment.objects.create(schedule=schedule, uid=100 + uid, task=task, resource=analyst)
        previous = task
    assert len(api(MANAGER).get(url("tasks/")).json()["results"]) == 50
    assert one == twelve == _queries(api, url("tasks/"))


def test_a_field_the_serializer_computes_needs_its_rows_to_compute_it() -> None:
    with pytest.raises(LookupError, match=r"TaskSerializer\.duration_days"):
        FlatRows(TaskSerializer, {}, ())
    assert "duration" in task_rows().columns
