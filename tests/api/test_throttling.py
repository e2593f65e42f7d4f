"""The API limits how often a person (or, anonymously, an address) may call it: past the
rate it answers 429 with code ``throttled`` and Retry-After, as its schema says."""

from __future__ import annotations

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from ..conftest import World
from .conftest import Api, assert_error


@pytest.fixture
def small_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    # DRF reads the rates once, into the throttle class.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})


def test_the_default_rates_leave_room_for_normal_use() -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"anon": "300/hour", "user": "5000/hour"}


def test_a_person_past_the_rate_is_throttled(world: World, api: Api, small_rates: None) -> None:
    client = api("customer.viewer")
    for _ in range(3):
        assert client.get("/api/programs/").status_code == 200
    response = client.get("/api/programs/")
    body = assert_error(response, 429, "throttled")
    assert "available in" in body["detail"]
    assert 0 < int(response["Retry-After"]) <= 60
    openapi = OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    # Counted per person: someone else is not slowed down.
    assert api("customer.pmo_team").get("/api/programs/").status_code == 200


def test_anonymous_calls_are_throttled_per_address(world: World, small_rates: None) -> None:
    client = APIClient()
    for _ in range(2):
        client.post("/api/auth/token/", {"username": "x", "password": "y"}, format="json")
    response = client.post("/api/auth/token/", {"username": "x", "password": "y"}, format="json")
    assert_error(response, 429, "throttled")
    assert response["Retry-After"]
    other = APIClient(REMOTE_ADDR="192.0.2.44")
    response = other.post("/api/auth/token/", {"username": "x", "password": "y"}, format="json")
    assert response.status_code == 400
