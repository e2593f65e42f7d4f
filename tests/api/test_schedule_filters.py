"""The API's task list takes the filters of the task table (one ``TaskFilter``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from schedule.clock import from_engine
from schedule.models import Schedule, Task

from ..conftest import World
from ..schedule.factories import make_schedule
from .conftest import Api

MANAGER = "provider.program_manager"


@pytest.fixture
def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user(MANAGER))


def uids(api: Api, query: str) -> list[int]:
    response = api("customer.viewer").get(f"/api/programs/alpha/schedule/tasks/?{query}")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return [t["uid"] for t in body["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=7", [7]),  # a UID
        ("q=uid+9", [9]),
        ("q=1.", [2, 3, 4, 5]),  # a WBS code's start: everything under 1
        ("q=review", [4]),  # words in the name
        ("critical=true&owner_party=provider", [3, 7, 9]),
    ],
)
def test_search_and_filters(
    world: World, api: Api, schedule: Schedule, query: str, expected: list[int]
) -> None:
    assert uids(api, query) == expected


def test_late_and_responsible(world: World, api: Api, schedule: Schedule) -> None:
    # The system integration test (UID 9) finishes after a deadline set before its finish.
    Task.objects.filter(schedule=schedule, uid=9).update(
        deadline=from_engine(datetime(2027, 1, 20, 17, 0))
    )
    assert uids(api, "late=true") == [9]
    assert 9 not in uids(api, "late=false")
    person = world.user("customer.pmo_team")
    Task.objects.filter(schedule=schedule, uid=8).update(responsible=person)
    assert uids(api, f"responsible={person.pk}") == [8]
