"""The readiness API answers as its OpenAPI description says: the readiness, the package
build as a job (and its refusal while one is being built), the job and the list."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from programs.choices import DocumentStatus
from qasp.standards import QASP
from tests.conftest import World

from . import readiness_world as make

API = "/api/programs/alpha/reports/readiness"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def check(openapi: OpenAPI, response: Any, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:300])
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response.json()


def test_the_readiness_and_package_answer_as_described(openapi: OpenAPI, world: World) -> None:
    make.approved_charter(world)
    make.document(world, QASP, DocumentStatus.IN_REVIEW)
    client = APIClient()
    client.force_authenticate(world.user("provider.program_manager"))
    body = check(openapi, client.get(f"{API}/"), 200)
    assert (body["percent"], body["met"], body["counted"]) == (11, 1, 9)
    charter = body["criteria"][0]["artifacts"][0]
    assert charter["state"] == "ready" and charter["version_number"] == 1 and charter["on"]
    qasp = next(c for c in body["criteria"] if c["key"] == "qasp_approved")
    assert qasp["met"] is False and qasp["blockers"] == [
        "The QASP has no approved version: version 1 is in review since 4 May 2026."
    ]
    lessons = body["criteria"][-1]
    assert lessons["counted"] is True and lessons["artifacts"][0]["state"] == "missing"
    job = check(openapi, client.post(f"{API}/packages/"), 202)
    assert job["status"] == "queued" and job["kind"] == "review_package"
    refused = check(openapi, client.post(f"{API}/packages/"), 400)
    assert "being built already" in refused["detail"]
    assert check(openapi, client.get(f"{API}/packages/{job['id']}/"), 200)["id"] == job["id"]
    assert [j["id"] for j in check(openapi, client.get(f"{API}/packages/"), 200)] == [job["id"]]
    check(openapi, client.get(f"{API}/packages/{job['id']}/download/"), 404)
