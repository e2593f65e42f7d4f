"""The OpenAPI description tells the truth: real responses of the API, successes and errors,
validated against the schema the portal publishes at /api/schema/."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from ..conftest import World
from ..factories import charter_content
from .conftest import Api

A = "/api/programs/alpha"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def check(openapi: OpenAPI, response: Any, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:300])
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response


def test_the_charter_flow_answers_as_described(openapi: OpenAPI, world: World, api: Api) -> None:
    pm, viewer = api("customer.program_manager"), api("customer.viewer")
    check(openapi, pm.post(f"{A}/charter/", {}, format="json"), 201)
    version = check(openapi, pm.get(f"{A}/charter/versions/1/"), 200).json()
    bad = charter_content()
    bad["tables"]["milestones"][0]["planned_date"] = "soon"
    check(
        openapi,
        pm.patch(
            f"{A}/charter/versions/1/",
            {"content": bad, "revision": version["revision"]},
            format="json",
        ),
        400,
    )
    check(
        openapi,
        pm.patch(
            f"{A}/charter/versions/1/",
            {"content": charter_content(), "revision": version["revision"]},
            format="json",
        ),
        200,
    )
    check(
        openapi,
        pm.patch(
            f"{A}/charter/versions/1/",
            {"content": charter_content(), "revision": version["revision"]},
            format="json",
        ),
        409,
    )
    check(openapi, pm.post(f"{A}/charter/versions/1/submit/"), 200)
    check(openapi, viewer.post(f"{A}/charter/versions/1/sign/"), 400)
    check(openapi, api("customer.executive_sponsor").post(f"{A}/charter/versions/1/sign/"), 200)
    check(openapi, api("provider.executive_sponsor").post(f"{A}/charter/versions/1/sign/"), 200)
    check(openapi, pm.get(f"{A}/charter/"), 200)
    check(openapi, pm.get(f"{A}/charter/versions/"), 200)
    check(
        openapi,
        pm.post(
            f"{A}/charter/versions/",
            {"reason": "timeline_change", "reason_text": "Go-live moves."},
            format="json",
        ),
        201,
    )
    check(openapi, pm.get(f"{A}/charter/versions/compare/?a=1&b=2"), 200)
    check(openapi, api("outsider").get(f"{A}/charter/"), 404)


def test_the_workspace_answers_as_described(openapi: OpenAPI, world: World, api: Api) -> None:
    pm = api("customer.program_manager")
    for path in (
        "/api/programs/",
        f"{A}/",
        f"{A}/members/",
        f"{A}/activities/",
        f"{A}/onboarding-items/",
        f"{A}/glossary/",
        f"{A}/audit-events/",
    ):
        check(openapi, pm.get(path), 200)
    check(
        openapi,
        pm.patch(f"{A}/activities/manage_schedule/", {"status": "done"}, format="json"),
        200,
    )
    check(
        openapi,
        pm.patch(f"{A}/activities/manage_schedule/", {"status": "finished"}, format="json"),
        400,
    )
    term = check(
        openapi,
        pm.post(f"{A}/glossary/", {"term": "Cutover", "definition": "The move."}, format="json"),
        201,
    ).json()
    check(openapi, pm.post(f"{A}/glossary/{term['id']}/accept/"), 200)
    check(openapi, pm.post(f"{A}/glossary/{term['id']}/accept/"), 400)
    check(
        openapi,
        api("provider.pmo_team").post(f"{A}/onboarding-items/", {"title": "Badges"}, format="json"),
        201,
    )
    from rest_framework.test import APIClient

    check(openapi, APIClient().get("/api/programs/"), 401)
