"""The lessons API answers as its OpenAPI description says: real responses, successes and
errors, validated against the schema the portal publishes."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from tests.conftest import World

from .conftest import VALUES

API = "/api/programs/alpha/lessons/"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def check(openapi: OpenAPI, response: Any, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:300])
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response


def _api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def test_the_lessons_flow_answers_as_described(openapi: OpenAPI, world: World) -> None:
    pm, lead = _api(world, "customer.program_manager"), _api(world, "provider.pmo_lead")
    check(openapi, pm.post(API, VALUES, format="json"), 201)
    check(openapi, pm.post(API, VALUES | {"source": "R-5"}, format="json"), 400)
    check(openapi, pm.get(API), 200)
    check(openapi, pm.get(API, {"q": "conversion", "status": "proposed"}), 200)
    check(openapi, pm.put(f"{API}1/", VALUES | {"title": "Reworded"}, format="json"), 200)
    check(openapi, pm.post(f"{API}1/validate/"), 200)
    check(openapi, pm.post(f"{API}1/validate/"), 400)
    check(openapi, _api(world, "customer.pmo_team").post(f"{API}1/validate/"), 403)
    check(openapi, lead.post(f"{API}1/validate/"), 200)
    check(openapi, lead.post(f"{API}1/apply/", {"where_applied": "Phase 4"}, format="json"), 200)
    check(openapi, lead.post(f"{API}1/comments/", {"text": "Done."}, format="json"), 201)
    check(openapi, lead.get(f"{API}1/comments/"), 200)
    check(openapi, lead.get(f"{API}1/history/"), 200)
    check(openapi, lead.get(f"{API}1/"), 200)
    check(openapi, lead.get(f"{API}9/"), 404)
    check(openapi, lead.get(f"{API}play/"), 200)
    check(
        openapi,
        lead.post(f"{API}play/3/assessment/", {"rating": "partly"}, format="json"),
        200,
    )
    check(openapi, lead.get("/api/lessons/search/", {"q": "conversion"}), 200)
    check(openapi, _api(world, "outsider").get(API), 404)
