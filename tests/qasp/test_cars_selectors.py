"""Reads of corrective action requests: open requests by age band, the requests of a period,
who owes the next step, and the register's filters through the API; the API's refusals
name the field or the rule."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from qasp import car_selectors
from qasp.services import cars
from tests.conftest import World

from .car_helpers import CUSTOMER_PM, accepted, answer, issue, missed
from .conftest import record_month

pytestmark = pytest.mark.usefixtures("qasp")
API = "/api/programs/alpha/qasp/cars/"


def _on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: day)


def _api(world: World, username: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.user(username))
    return api


def test_open_requests_by_age_band_and_the_requests_of_a_period(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    jan, feb, mar, apr = missed(world, 1, 2, 3, 4)
    _on(monkeypatch, date(2026, 6, 15))
    closed = accepted(world, issue(world, jan))
    _on(monkeypatch, date(2026, 8, 20))
    old = issue(world, feb)
    withdrawn = issue(world, mar)
    cars.car_withdraw(acting_user=world.user(CUSTOMER_PM), car=withdrawn, reason="Error.")
    _on(monkeypatch, date(2026, 10, 1))
    record_month(world, 5, "99.9")  # closes the first on October 1
    recent = issue(world, apr)
    _on(monkeypatch, date(2026, 10, 20))
    assert car_selectors.open_cars_by_age(world.program) == [
        ("Up to 30 days", 1),
        ("31 to 60 days", 0),
        ("61 to 90 days", 1),
        ("Over 90 days", 0),
    ]
    july = car_selectors.cars_in_period(world.program, date(2026, 7, 1), date(2026, 7, 31))
    assert list(july) == [closed]  # accepted in June, closed in October
    october = car_selectors.cars_in_period(world.program, date(2026, 10, 1), date(2026, 10, 31))
    assert list(october) == [closed, old, recent]
    august = car_selectors.cars_in_period(world.program, date(2026, 8, 1), date(2026, 8, 31))
    assert withdrawn in list(august)


def test_who_owes_the_next_step_in_words(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    car = issue(world, *missed(world, 3))
    step = car_selectors.next_step(car)
    assert step is not None and step.text == "The provider owes its answer by June 30, 2026"
    answer(world, car)
    car.refresh_from_db()
    step = car_selectors.next_step(car)
    assert step is not None and step.text.startswith("The customer owes its evaluation")
    _on(monkeypatch, date(2026, 7, 1))
    assert car_selectors.is_overdue(car) and car_selectors.age_days(car) == 16


def test_the_api_filters_as_the_register_does(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = issue(world, *missed(world, 3))
    second = issue(world, *missed(world, 4), escalation_level="car")
    answer(world, second)
    api = _api(world, "independent.ivv_agent")

    def numbers(query: str) -> list[int]:
        response = api.get(f"{API}?{query}")
        assert response.status_code == 200, response.content
        return [row["number"] for row in response.json()["results"]]

    assert numbers("") == [2, 1]
    assert numbers("status=answered") == [2]
    assert numbers("escalation=car") == [2]
    assert numbers("standard=ps-1") == [2, 1]
    assert numbers("q=CAR-001") == [1]
    _on(monkeypatch, date(2026, 7, 1))
    assert numbers("overdue=answer") == [1]
    assert numbers("overdue=evaluation") == [2]
    assert numbers("overdue=any") == [2, 1]
    row = api.get(f"{API}1/").json()
    assert row["reference"] == first.reference and row["overdue"] is True
    assert row["next_step"]["party"] == "provider" and row["records"][0]["verdict"]


def test_api_refusals_name_the_field_or_the_rule(world: World) -> None:
    good = record_month(world, 3, "99.9")
    customer = _api(world, CUSTOMER_PM)
    response = customer.post(
        API,
        {
            "standard_code": "PS-1",
            "record_ids": [good.pk],
            "escalation_level": "discussion",
            "description": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    body: dict[str, Any] = response.json()
    assert body["field"] == "records" and "is acceptable" in body["detail"]
    issue(world, *missed(world, 4))
    response = _api(world, "provider.pmo_team").post(f"{API}1/accept/", {}, format="json")
    assert response.status_code == 403
    assert "evaluate" in response.json()["detail"]
    response = customer.post(f"{API}1/accept/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "transition_not_allowed"
    assert customer.get(f"{API}proposal/{good.pk}/").status_code == 404
