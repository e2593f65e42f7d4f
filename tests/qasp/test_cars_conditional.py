"""The corrective action register's exports and API list answer 304 to a client holding
their ETag, until a corrective action request is issued."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from qasp import car_exports
from qasp.api.cars import CarViewSet
from tests.conftest import World
from tests.programs.conditional_checks import assert_answers_304_until_a_write

from .car_helpers import issue, missed

pytestmark = pytest.mark.usefixtures("qasp")


@pytest.fixture
def first_car(world: World, qasp: Any) -> None:
    (march,) = missed(world, 3)
    issue(world, march)


def issue_another(world: World) -> None:
    (april,) = missed(world, 4)
    issue(world, april)


@pytest.mark.usefixtures("first_car")
@pytest.mark.parametrize(
    ("path", "builder"),
    [
        ("/programs/alpha/qasp/cars/export.xlsx", "cars_xlsx"),
        ("/programs/alpha/qasp/cars/export.pdf", "cars_pdf"),
    ],
)
def test_exports_answer_304_until_a_car_is_issued(
    world: World, monkeypatch: pytest.MonkeyPatch, path: str, builder: str
) -> None:
    assert_answers_304_until_a_write(
        world.client("provider.pmo_team"),
        path,
        builders=[(car_exports, builder)],
        write=lambda: issue_another(world),
        monkeypatch=monkeypatch,
    )


@pytest.mark.usefixtures("first_car")
def test_the_api_list_answers_304_until_a_car_is_issued(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = APIClient()
    client.force_authenticate(world.user("provider.pmo_team"))
    assert_answers_304_until_a_write(
        client,
        "/api/programs/alpha/qasp/cars/",
        builders=[(CarViewSet, "get_serializer")],
        write=lambda: issue_another(world),
        monkeypatch=monkeypatch,
    )
