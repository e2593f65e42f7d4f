"""Resources and assignments through the API: their writes and the edit rules, a task's
assignments inside the task, money left out (keys and all) for whoever may not see it,
responses that match the published schema, and query counts that do not grow with rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_core import OpenAPI

from schedule.models import Assignment, Resource, Schedule
from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services

from ..conftest import World
from ..schedule.factories import make_schedule
from .conftest import Api, assert_error, nothing_changes
from .test_schedule import check, openapi  # noqa: F401 (the fixture)

PM = "provider.program_manager"


def url(tail: str = "") -> str:
    return f"/api/programs/alpha/schedule/{tail}"


@pytest.fixture
def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user(PM))


def _resource(world: World, schedule: Schedule, name: str, **values: Any) -> Resource:
    values.setdefault("owner_party", "provider")
    return resource_services.resource_create(
        acting_user=world.user(PM), schedule=schedule, name=name, **values
    )


def test_resources_and_assignments_round_trip(
    world: World,
    api: Api,
    schedule: Schedule,
    openapi: OpenAPI,  # noqa: F811
) -> None:
    pm = api(PM)
    body = check(
        openapi,
        pm.post(
            url("resources/"),
            {
                "name": "Payroll analyst",
                "owner_party": "provider",
                "member": "provider.pmo_team",
                "max_units": 100,
                "rates": [{"effective": None, "standard": "95.5000"}],
            },
            "json",
        ),
        201,
    ).json()
    assert body["member"] == "provider.pmo_team"
    assert body["rates"] == [
        {"effective": None, "standard": "95.5000", "overtime": "0.0000", "per_use": "0.00"}
    ]
    created = check(
        openapi,
        pm.post(url("assignments/"), {"task_uid": 3, "resource_uid": body["uid"]}, "json"),
        201,
    ).json()
    assert created["work_days"] == 10.0 and created["units"] == 100
    changed = check(
        openapi, pm.patch(url(f"assignments/{created['uid']}/"), {"units": 50}, "json"), 200
    ).json()
    assert changed["work_days"] == 10.0
    task = check(openapi, pm.get(url("tasks/3/")), 200).json()
    assert task["duration_days"] == 20.0 and task["work_days"] == 10.0  # fixed units
    assert [a["resource_name"] for a in task["assignments"]] == ["Payroll analyst"]
    listed = check(openapi, pm.get(url("assignments/?task=3")), 200).json()
    assert [a["uid"] for a in listed["results"]] == [created["uid"]]
    assert check(openapi, pm.get(url("assignments/?resource=99")), 200).json()["count"] == 0
    check(openapi, pm.get(url("resources/")), 200)
    # A resource still assigned is not removed: its tasks are named.
    refused = assert_error(pm.delete(url(f"resources/{body['uid']}/")), 400, "resource_assigned")
    assert "1.2 Design the target payroll configuration" in refused["detail"]
    check(openapi, pm.delete(url(f"assignments/{created['uid']}/")), 204)
    check(openapi, pm.delete(url(f"resources/{body['uid']}/")), 204)
    assert not Resource.objects.exists()


def test_refusals_name_what_is_wrong_and_change_nothing(
    world: World, api: Api, schedule: Schedule
) -> None:
    pm = api(PM)
    analyst = _resource(world, schedule, "Analyst")
    with nothing_changes(model=Resource):
        assert_error(
            pm.post(
                url("resources/"),
                {"name": "Licences", "type": "material", "calendar": {"week": [[]] * 7}},
                "json",
            ),
            400,
            "invalid",
            "calendar",
        )
        assert_error(
            pm.post(
                url("resources/"),
                {
                    "name": "X",
                    "owner_party": "provider",
                    "rates": [{"effective": "2027-01-01"}, {"effective": "2027-01-01"}],
                },
                "json",
            ),
            400,
            "invalid",
            "rates",
        )
    with nothing_changes(model=Assignment):
        for payload, field in (
            ({"task_uid": 3, "resource_uid": analyst.uid, "units": -5}, "units"),
            ({"task_uid": 1, "resource_uid": analyst.uid}, "task"),
            ({"task_uid": 3, "resource_uid": 999}, "resource_uid"),
            ({"task_uid": 3, "resource_uid": analyst.uid, "work_days": 10**9}, "work_days"),
        ):
            assert_error(pm.post(url("assignments/"), payload, "json"), 400, "invalid", field)


def test_money_is_left_out_for_who_may_not_see_it(
    world: World,
    api: Api,
    schedule: Schedule,
    openapi: OpenAPI,  # noqa: F811
) -> None:
    analyst = _resource(world, schedule, "Analyst", rates=[{"standard": 90}])
    travel = _resource(world, schedule, "Travel", type="cost")
    assignment_services.assignment_create(
        acting_user=world.user(PM), task=schedule.tasks.get(uid=3), resource=analyst
    )
    assignment_services.assignment_create(
        acting_user=world.user(PM), task=schedule.tasks.get(uid=3), resource=travel, cost=250
    )
    seen = {
        # who: (sees the provider's rates, sees costs)
        "provider.program_manager": (True, True),
        "provider.executive_sponsor": (True, True),
        "customer.program_manager": (False, True),
        "independent.ivv_agent": (False, True),
        "provider.pmo_team": (False, False),
        "customer.viewer": (False, False),
    }
    for username, (rates, costs) in seen.items():
        client = api(username)
        resource = check(openapi, client.get(url(f"resources/{analyst.uid}/")), 200).json()
        assert ("rates" in resource) is rates, username
        task = check(openapi, client.get(url("tasks/3/")), 200).json()
        assert ("fixed_cost" in task) is costs, username
        assert all(("cost" in a) is costs for a in task["assignments"]), username
        listed = check(openapi, client.get(url("assignments/")), 200).json()["results"]
        assert all(("actual_cost" in a) is costs for a in listed), username
    # The settings off: every member sees costs, and rates go with costs.
    Schedule.objects.filter(pk=schedule.pk).update(
        costs_hidden_from_team=False, rates_to_owning_managers=False
    )
    resource = api("customer.viewer").get(url(f"resources/{analyst.uid}/")).json()
    assert resource["rates"][0]["standard"] == "90.0000"


def test_amounts_are_not_entered_by_who_may_not_see_them(
    world: World, api: Api, schedule: Schedule
) -> None:
    travel = _resource(world, schedule, "Travel", type="cost")
    team = api("provider.pmo_team")
    with nothing_changes(model=Assignment):
        assert_error(
            team.post(
                url("assignments/"),
                {"task_uid": 3, "resource_uid": travel.uid, "cost": "10.00"},
                "json",
            ),
            403,
            "permission_denied",
            "cost",
        )
    task = schedule.tasks.get(uid=3)
    with nothing_changes(task):
        assert_error(
            team.patch(url("tasks/3/"), {"fixed_cost": "10"}, "json"), 403, "permission_denied"
        )


def _counts(api: Api) -> dict[str, int]:
    client = api("customer.program_manager")
    counts = {}
    for tail in ("resources/", "assignments/", "tasks/", "tasks/3/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(tail)).status_code == 200, tail
        counts[tail] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_rows(world: World, api: Api, schedule: Schedule) -> None:
    first = _resource(world, schedule, "Seed", rates=[{"standard": 1}])
    assignment_services.assignment_create(
        acting_user=world.user(PM), task=schedule.tasks.get(uid=3), resource=first
    )
    _counts(api)
    before = _counts(api)
    for n, uid in enumerate((7, 9, 7, 9, 7)):  # the provider's tasks
        resource = _resource(
            world,
            schedule,
            f"Extra {n}",
            member=world.user("provider.pmo_lead"),
            rates=[{"standard": n}, {"effective": date(2027, 6, 1), "standard": n + 1}],
        )
        for task_uid in (3, uid):
            assignment_services.assignment_create(
                acting_user=world.user(PM),
                task=schedule.tasks.get(uid=task_uid),
                resource=resource,
            )
    assert Assignment.objects.count() == 11
    _counts(api)  # access is read again after the writes
    assert _counts(api) == before
