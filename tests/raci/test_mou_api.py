"""The SME MOU and session API answers as its OpenAPI description says: MOUs with their
signing requirements and the SME's attendance, sessions with attendance written at once, and
refusals that name the field and change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from programs.models import AuditEvent, Document
from programs.services import documents as document_services
from raci.models import Session
from raci.mou import SME_MOU

from ..conftest import World
from .mou_helpers import member, mou_content

API = "/api/programs/alpha/raci"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def client(world: World, name: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.user(name))
    return api


def check(openapi: OpenAPI, response: Any, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:400])
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response.json() if response.content else None


def test_an_mou_through_the_api(openapi: OpenAPI, world: World) -> None:
    pm = client(world, "customer.program_manager")
    sme = member(world, "customer.sme")
    body = check(
        openapi,
        pm.post(f"{API}/mous/", {"sme": sme.pk, "content": mou_content()}, format="json"),
        201,
    )
    assert body["owning_party"] == "customer"
    assert body["open_version"] == {"number": 1, "status": "draft"}
    assert [(r["user"], r["party"], r["met"]) for r in body["signing_requirements"]] == [
        ("customer.sme", None, False),
        ("provider.program_manager", None, False),
        (None, "customer", False),
    ]
    assert body["attendance"]["summary"] == (
        "Not invited to any session yet; attended 0 of "
        f"{body['attendance']['committed']} committed so far"
    )
    version = Document.objects.get(pk=body["id"]).versions.get()
    version = document_services.version_submit(
        acting_user=world.user("customer.program_manager"), version=version
    )
    document_services.version_sign(acting_user=world.user("customer.sme"), version=version)
    read = check(
        openapi, client(world, "independent.ivv_agent").get(f"{API}/mous/{body['id']}/"), 200
    )
    assert [r["met"] for r in read["signing_requirements"]] == [True, False, False]
    assert read["signing_requirements"][0]["signed_by"] == "customer.sme"
    listed = check(openapi, pm.get(f"{API}/mous/"), 200)
    assert [m["id"] for m in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sme": "customer.pmo_team"}, "sme"),
        ({"sme": "customer.sme", "other_pm": "customer.program_manager"}, "other_pm"),
        (
            {
                "sme": "customer.sme",
                "content": mou_content(period_start="2026-05-01", period_end="2026-04-01"),
            },
            "fields.period_end",
        ),
        (
            {"sme": "customer.sme", "content": mou_content(hours_per_week="many")},
            "fields.hours_per_week",
        ),
    ],
)
def test_mou_refusals_name_the_field(
    openapi: OpenAPI, world: World, payload: dict[str, Any], field: str
) -> None:
    for key in ("sme", "other_pm"):
        if key in payload:
            payload[key] = member(world, payload[key]).pk
    events = AuditEvent.objects.count()
    body = check(
        openapi,
        client(world, "customer.program_manager").post(f"{API}/mous/", payload, format="json"),
        400,
    )
    assert body["field"] == field, body
    assert not Document.objects.filter(kind=SME_MOU).exists()
    assert AuditEvent.objects.count() == events


def test_a_second_mou_is_refused(openapi: OpenAPI, world: World) -> None:
    pm = client(world, "customer.program_manager")
    sme = member(world, "customer.sme").pk
    check(openapi, pm.post(f"{API}/mous/", {"sme": sme}, format="json"), 201)
    body = check(openapi, pm.post(f"{API}/mous/", {"sme": sme}, format="json"), 400)
    assert (body["code"], body["field"]) == ("document_exists", "sme")


def test_sessions_through_the_api(openapi: OpenAPI, world: World) -> None:
    team = client(world, "provider.pmo_team")
    sme, other = member(world, "customer.sme"), member(world, "provider.sme")
    created = check(
        openapi,
        team.post(
            f"{API}/sessions/",
            {
                "date": "2026-02-02",
                "kind": "fit_gap",
                "topic": "Payroll",
                "attendance": [
                    {"member": sme.pk, "attended": True},
                    {"member": other.pk, "attended": False},
                ],
            },
            format="json",
        ),
        201,
    )
    assert sorted((a["username"], a["attended"]) for a in created["attendance"]) == [
        ("customer.sme", True),
        ("provider.sme", False),
    ]
    changed = check(
        openapi,
        team.put(
            f"{API}/sessions/{created['id']}/",
            {
                "date": "2026-02-03",
                "kind": "design_workshop",
                "topic": "Payroll design",
                "attendance": [{"member": other.pk, "attended": True}],
            },
            format="json",
        ),
        200,
    )
    assert [(a["username"], a["attended"]) for a in changed["attendance"]] == [
        ("provider.sme", True)
    ]
    rows = check(openapi, team.get(f"{API}/sme-attendance/"), 200)
    by_name = {r["username"]: r for r in rows}
    assert (by_name["provider.sme"]["invited"], by_name["provider.sme"]["attended"]) == (1, 1)
    assert by_name["customer.sme"]["invited"] == 0
    assert by_name["customer.sme"]["mou"] is None
    check(openapi, team.get(f"{API}/sessions/"), 200)
    assert check(openapi, team.delete(f"{API}/sessions/{created['id']}/"), 204) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"attendance": [{"member": "customer.viewer", "attended": False}]}, "invited"),
        ({"date": "2010-01-01"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"topic": "x" * 201}, "topic"),
        ({"kind": "lunch"}, "kind"),
        ({"attendance": [{"member": 999999, "attended": True}]}, "attendance"),
    ],
)
def test_session_refusals_name_the_field_and_change_nothing(
    openapi: OpenAPI, world: World, change: dict[str, Any], field: str
) -> None:
    payload: dict[str, Any] = {"date": "2026-02-02", "kind": "fit_gap", "topic": "Payroll"}
    payload |= change
    for row in payload.get("attendance", []):
        if isinstance(row["member"], str):
            row["member"] = member(world, row["member"]).pk
    events = AuditEvent.objects.count()
    response = client(world, "customer.pmo_team").post(f"{API}/sessions/", payload, format="json")
    body = check(openapi, response, 400)
    assert body.get("field", "").split(".")[0].split("[")[0] == field or field in str(body), body
    assert not Session.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_date_inside_the_program_range_is_taken(world: World) -> None:
    end = world.program.planned_end_date + dt.timedelta(days=1)
    response = client(world, "customer.pmo_team").post(
        f"{API}/sessions/",
        {"date": end.isoformat(), "kind": "other", "topic": "Close-out"},
        format="json",
    )
    assert response.status_code == 201
