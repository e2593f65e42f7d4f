"""One click, one action through the API: a create sent again with the same Idempotency-Key
answers the first response again (Idempotent-Replayed: true) and creates nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from programs.models import GlossaryTerm, OnboardingItem
from schedule.models import ChangeRequest, Schedule

from ..conftest import World
from ..schedule.factories import make_schedule
from ..schedule.test_control_pages import CRITICAL_TASK, TEAM, agree
from .conftest import Api

PM = "provider.program_manager"


@pytest.fixture
def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user(PM))


def _key() -> str:
    return uuid.uuid4().hex


def _api_url(tail: str) -> str:
    return f"/api/programs/alpha/{tail}"


def test_the_api_proposes_a_change_once_per_key(world: World, api: Api, schedule: Schedule) -> None:
    agree(world, schedule)
    body = {
        "title": "Longer integration",
        "description": "Three days, not one.",
        "justification": "Two more interfaces.",
        "changes": [{"op": "update_task", "uid": CRITICAL_TASK, "duration_days": 20}],
    }
    client = api(TEAM)
    key = _key()
    first = client.post(
        _api_url("schedule/change-requests/"), body, "json", HTTP_IDEMPOTENCY_KEY=key
    )
    second = client.post(
        _api_url("schedule/change-requests/"), body, "json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert first.status_code == second.status_code == 201, first.content
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert ChangeRequest.objects.count() == 1

    other = client.post(
        _api_url("schedule/change-requests/"),
        {**body, "title": "Another"},
        "json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert ChangeRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "tail", "body", "model"),
    [
        (
            "customer.pmo_team",
            "glossary/",
            {"term": "Go-live", "definition": "The first day users work in it."},
            GlossaryTerm,
        ),
        ("provider.pmo_team", "onboarding-items/", {"title": "Badges issued"}, OnboardingItem),
    ],
)
def test_the_api_creates_once_per_key(
    world: World, api: Api, username: str, tail: str, body: dict[str, Any], model: Any
) -> None:
    client = api(username)
    before = model.objects.count()
    key = _key()
    first = client.post(_api_url(tail), body, "json", HTTP_IDEMPOTENCY_KEY=key)
    second = client.post(_api_url(tail), body, "json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == second.status_code == 201, first.content
    assert second.json() == first.json() and second["Idempotent-Replayed"] == "true"
    assert model.objects.count() == before + 1


def test_a_key_is_per_person(world: World, api: Api) -> None:
    key = _key()
    body = {"term": "Go-live", "definition": "The first day."}
    assert (
        api("customer.pmo_team")
        .post(_api_url("glossary/"), body, "json", HTTP_IDEMPOTENCY_KEY=key)
        .status_code
        == 201
    )
    # Another person's same key is theirs: their create is refused for its own reason.
    response = api("provider.pmo_team").post(
        _api_url("glossary/"), body, "json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400 and response.json()["code"] == "duplicate_term"


def test_a_malformed_key_is_refused(world: World, api: Api) -> None:
    response = api("customer.pmo_team").post(
        _api_url("glossary/"),
        {"term": "Go-live", "definition": "The first day."},
        "json",
        HTTP_IDEMPOTENCY_KEY="not a key!",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert not GlossaryTerm.objects.filter(term="Go-live").exists()
