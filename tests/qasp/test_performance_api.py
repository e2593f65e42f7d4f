"""The QASP's performance in the API: the scorecard, a standard's trend and the open
corrective action requests by age, for every role of every party and the outsider, in the
pages' words, with a query count constant however many standards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qasp.choices import CarStatus
from qasp.models import CorrectiveActionRequest
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import TODAY, evaluator, record_month
from .factories import bulk_records, make_approved_qasp, monthly_standards

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
API = "/api/programs/alpha/qasp/performance"


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


@pytest.mark.parametrize("username", USERS)
def test_every_member_reads_and_the_outsider_gets_404(
    world: World, qasp: Any, username: str
) -> None:
    client = _client(world, username)
    expected = 404 if username == OUTSIDER else 200
    for url in (
        f"{API}/scorecard/",
        f"{API}/standards/PS-1/trend/",
        f"{API}/corrective-action-requests/",
    ):
        assert client.get(url).status_code == expected, url


def test_the_scorecard_in_words(world: World, qasp: Any) -> None:
    record = record_month(world, 3, "98")
    body = _client(world, "provider.viewer").get(f"{API}/scorecard/").json()
    assert (body["version_number"], body["period_start"]) == (1, "2026-01-01")
    ps1, ps2 = body["standards"]
    assert (ps1["code"], ps1["met"], ps1["surveilled"]) == ("PS-1", 0, 1)
    march = ps1["months"][2]
    assert march == {
        "month": "2026-03-01",
        "period": "2026-03-01",
        "period_label": "March 2026",
        "status": "Not acceptable",
        "detail": "98 %",
        "record_ids": [record.pk],
    }
    assert [m["status"] for m in ps1["months"]][-1] == "Not yet recorded"
    assert {m["period_label"] for m in ps2["months"][:3]} == {"Q2 FY2026 (January to March 2026)"}


def test_the_trend_and_an_unknown_standard(world: World, qasp: Any) -> None:
    record_month(world, 3, "98")
    client = _client(world, "customer.viewer")
    body = client.get(f"{API}/standards/PS-1/trend/").json()
    assert body["aql_text"] == "At least 99.5 %"
    assert [(p["period_label"], p["verdict"]) for p in body["points"]][2] == (
        "March 2026",
        "Not acceptable",
    )
    assert client.get(f"{API}/standards/PS-9/trend/").status_code == 404


def test_open_cars_by_age(world: World, qasp: Any) -> None:
    CorrectiveActionRequest.objects.create(
        program=world.program,
        number=2,
        status=CarStatus.ANSWERED,
        standard_code="PS-1",
        standard_text="Availability",
        escalation_level="car",
        issued_on=TODAY - timedelta(days=95),
        description="Availability fell below the AQL.",
        response_due=TODAY - timedelta(days=80),
    )
    body = _client(world, "independent.ivv_agent").get(f"{API}/corrective-action-requests/")
    buckets = body.json()
    assert [b["age_band"] for b in buckets][-1] == "Over 90 days"
    assert buckets[-1]["cars"] == [
        {
            "reference": "CAR-002",
            "standard_code": "PS-1",
            "status": "answered",
            "issued_on": "2026-03-12",
            "age": 95,
        }
    ]


def test_the_scorecard_asks_as_many_queries_for_20_standards_as_for_2(
    world: World, django_assert_num_queries: Any
) -> None:
    client = _client(world, "customer.viewer")
    make_approved_qasp(world.program, rows=monthly_standards(2))
    bulk_records(world.program, evaluator(world), 5)
    client.get(f"{API}/scorecard/")  # a first request fills per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/scorecard/")
    make_approved_qasp(world.program, rows=monthly_standards(20))
    bulk_records(world.program, evaluator(world), 110, first=5)
    with django_assert_num_queries(len(few)):
        client.get(f"{API}/scorecard/")


def test_the_answers_match_the_published_schema(world: World, qasp: Any) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from openapi_core import OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    openapi = OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    record_month(world, 3, "98")
    client = _client(world, "customer.viewer")
    for url, status in (
        (f"{API}/scorecard/", 200),
        (f"{API}/standards/PS-1/trend/", 200),
        (f"{API}/standards/PS-9/trend/", 404),
        (f"{API}/corrective-action-requests/", 200),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
