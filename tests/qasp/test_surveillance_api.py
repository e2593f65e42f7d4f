"""The surveillance API for every role of every party and the outsider; denied writes change
nothing; query counts do not grow with the records."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qasp.models import SurveillanceRecord
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import CUSTOMER_EDITORS, PROVIDER_REBUTTERS, evaluator, record_month

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
BASE = "/api/programs/alpha/qasp/surveillance"


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


@pytest.mark.parametrize("username", USERS)
def test_reads(world: World, record: SurveillanceRecord, username: str) -> None:
    client = _client(world, username)
    expected = 404 if username == OUTSIDER else 200
    for url in (f"{BASE}/records/", f"{BASE}/records/{record.pk}/", f"{BASE}/schedule/"):
        assert client.get(url).status_code == expected, url
    if expected == 200:
        listed = client.get(f"{BASE}/records/").json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        assert [r["verdict"] for r in rows] == ["Not acceptable"]


@pytest.mark.parametrize("username", USERS)
def test_create(world: World, qasp: Any, username: str) -> None:
    payload = {
        "standard_code": "PS-1",
        "period": "2026-02-01",
        "measured_value": "99.7",
        "evaluator": evaluator(world).pk,
        "recorded_on": "2026-03-04",
    }
    response = _client(world, username).post(f"{BASE}/records/", payload, format="json")
    if username in CUSTOMER_EDITORS:
        assert response.status_code == 201, response.content
        assert response.json()["acceptable"] is True
        assert response.json()["observed_value"] == "99.7000"
    else:
        assert response.status_code == 404
        assert not SurveillanceRecord.objects.exists()


def test_create_refusal_names_the_field(world: World, qasp: Any) -> None:
    payload = {
        "standard_code": "PS-1",
        "period": "2026-02-03",
        "measured_value": "99.7",
        "evaluator": evaluator(world).pk,
        "recorded_on": "2026-03-04",
    }
    response = _client(world, "customer.pmo_team").post(f"{BASE}/records/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "period"
    assert not SurveillanceRecord.objects.exists()


@pytest.mark.parametrize("username", USERS)
def test_update(world: World, record: SurveillanceRecord, username: str) -> None:
    payload = {
        "measured_value": "99.9",
        "evaluator": evaluator(world).pk,
        "recorded_on": "2026-06-10",
    }
    response = _client(world, username).put(f"{BASE}/records/{record.pk}/", payload, format="json")
    record.refresh_from_db()
    if username in CUSTOMER_EDITORS:
        assert response.status_code == 200 and record.acceptable is True
    else:
        assert response.status_code == 404
        assert record.acceptable is False


@pytest.mark.parametrize("username", USERS)
def test_rebuttal(world: World, record: SurveillanceRecord, username: str) -> None:
    client = _client(world, username)
    url = f"{BASE}/records/{record.pk}/rebuttal/"
    response = client.post(url, {"rebuttal": "Planned outage."}, format="json")
    record.refresh_from_db()
    if username in PROVIDER_REBUTTERS:
        assert response.status_code == 200 and record.rebuttal == "Planned outage."
        again = client.post(url, {"rebuttal": "More."}, format="json")
        assert again.status_code == 400 and again.json()["field"] == "rebuttal"
    else:
        assert response.status_code in (403, 404)
        assert record.rebuttal == ""


def test_query_counts_do_not_grow(world: World, qasp: Any) -> None:
    client = _client(world, "provider.viewer")
    record_month(world, 1)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = (f"{BASE}/records/", f"{BASE}/schedule/")
    [count(url) for url in urls]  # the first read reads the reader's access
    few = {url: count(url) for url in urls}
    for month in (2, 3, 4, 5):
        record_month(world, month)
    [count(url) for url in urls]  # access is read again after the writes
    assert {url: count(url) for url in urls} == few
